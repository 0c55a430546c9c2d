// Cloud storage credentials and stream keys must not ride in a token: its claims are readable
// by every holder, the browser included. LiveKit's own token code refuses them unless told
// otherwise; so does createToken (the option `allowSensitiveCredentials`).
import { fail, type LiveKitTokenErrorCode } from './errors.js';
import { isObject } from './lib/json.js';

// Message holding a credential → its credential fields, from livekit_egress.proto (S3Upload,
// GCPUpload, AzureBlobUpload, AliOSSUpload, ProxyConfig), under the field names that hold those
// messages (`s3`, `gcp`, `azure`, `aliOSS`, and `proxy` inside S3 and GCP uploads). The server
// reads `roomConfig` with protobuf's JSON parser, which takes a field's JSON name
// (`sessionToken`) and its proto name (`session_token`) alike, so both are listed.
const SECRETS: Record<string, string[]> = {
  s3: ['secret', 'sessionToken', 'session_token'],
  gcp: ['credentials'],
  azure: ['accountKey', 'account_key'],
  aliOSS: ['secret'],
  proxy: ['password'],
};
// Stream outputs (current, proto-named and deprecated spellings): their URLs carry the stream
// keys. Refused at any depth: room composite, participant, track composite or web outputs alike.
const STREAMS = ['streamOutputs', 'stream_outputs', 'stream'];

/**
 * @internal Refuses, with `code` (default `ERR_INVALID_OPTIONS`) naming the path, a credential
 * anywhere in `roomConfig.egress` — an S3 secret or session token, GCP credentials, an Azure
 * account key, an AliOSS secret, a proxy password — and any stream output, in either spelling.
 */
export function checkEgressCredentials(egress: unknown, code: LiveKitTokenErrorCode = 'ERR_INVALID_OPTIONS'): void {
  // Walked with a list rather than recursion: the value may be nested as deep as JSON allows.
  const pending: [unknown, string][] = [[egress, 'roomConfig.egress']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (Array.isArray(value)) value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    if (!isObject(value)) continue;
    for (const field of Object.keys(value)) {
      const child = value[field];
      const at = `${path}.${field}`;
      if (STREAMS.includes(field) && child != null && !(Array.isArray(child) && child.length === 0)) {
        refuse(at, 'holds stream outputs, whose URLs carry stream keys', code);
      }
      if (Object.hasOwn(SECRETS, field) && isObject(child)) {
        for (const secret of SECRETS[field]!) {
          if (child[secret] != null && child[secret] !== '') refuse(`${at}.${secret}`, 'is a storage credential', code);
        }
      }
      pending.push([child, at]);
    }
  }
}

function refuse(path: string, what: string, code: LiveKitTokenErrorCode): never {
  fail(code, `${path} ${what}, which every holder of the token can read (allowSensitiveCredentials: true permits it)`);
}
