// Cloud storage credentials and stream keys must not ride in a token: its claims are readable
// by every holder, the browser included. LiveKit's own token code refuses them unless told
// otherwise; so does createToken (the option `allowSensitiveCredentials`).
import { fail } from './errors.js';
import { isObject } from './lib/json.js';

// Storage upload → the fields holding its secret. The server reads `roomConfig` with protobuf's
// JSON parser, which takes a field's JSON name (`accountKey`) and its proto name (`account_key`)
// alike, so both are listed.
const SECRETS: Record<string, string[]> = { s3: ['secret'], gcp: ['credentials'], azure: ['accountKey', 'account_key'], aliOSS: ['secret'] };
// Stream outputs of a room egress (current, proto-named and deprecated spellings): their URLs
// carry the stream keys.
const STREAMS = ['streamOutputs', 'stream_outputs', 'stream'];

/**
 * @internal Refuses, with `ERR_INVALID_OPTIONS` naming the path, a storage secret anywhere in
 * `roomConfig.egress` (room file, segment and image outputs, participant outputs, track egress,
 * in either spelling) and any stream output of the room egress.
 */
export function checkEgressCredentials(egress: unknown): void {
  // Walked with a list rather than recursion: the value may be nested as deep as JSON allows.
  const pending: [unknown, string][] = [[egress, 'roomConfig.egress']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (Array.isArray(value)) value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    if (!isObject(value)) continue;
    for (const field of Object.keys(value)) {
      const child = value[field];
      const at = `${path}.${field}`;
      if (path === 'roomConfig.egress.room' && STREAMS.includes(field) && child != null && !(Array.isArray(child) && child.length === 0)) {
        refuse(at, 'holds stream outputs, whose URLs carry stream keys');
      }
      if (Object.hasOwn(SECRETS, field) && isObject(child)) {
        for (const secret of SECRETS[field]!) {
          if (child[secret] != null && child[secret] !== '') refuse(`${at}.${secret}`, 'is a storage credential');
        }
      }
      pending.push([child, at]);
    }
  }
}

function refuse(path: string, what: string): never {
  fail('ERR_INVALID_OPTIONS', `${path} ${what}, which every holder of the token can read (allowSensitiveCredentials: true permits it)`);
}
