// LiveKit's standard token endpoint contract, as its client SDKs send it (`TokenSource.endpoint`
// in livekit-client, and the Swift, Android and Flutter SDKs): a protobuf `TokenSourceRequest`
// written with its snake_case field names, where an empty string means "not given". This file
// turns such a body into the handler's own camelCase names, and reads `room_config`, of which a
// caller may only ask for the dispatch of agents the service lists.
import type { RoomAgentDispatch, RoomConfiguration } from '../index.js';
import { isObject } from '../lib/json.js';
import { reject } from './http.js';

/** The standard names, the handler's own, and the JSON type protobuf gives each. */
const STANDARD_NAMES: ReadonlyArray<readonly [standard: string, native: string, type: 'string' | 'object']> = [
  ['room_name', 'room', 'string'],
  ['participant_identity', 'identity', 'string'],
  ['participant_name', 'name', 'string'],
  ['participant_metadata', 'metadata', 'string'],
  ['participant_attributes', 'attributes', 'object'],
  ['room_config', 'roomConfig', 'object'],
];

/** Fields where an empty string (or null) counts as absent: protobuf cannot tell "" from unset. */
const EMPTY_IS_ABSENT = ['room', 'identity', 'name', 'metadata'];

/**
 * @internal A `POST /token` body in the handler's names: standard names renamed, empty strings
 * and nulls of the names dropped. The body is copied only when something changes. Both spellings of one field → 422.
 */
export function nativeTokenBody(body: Record<string, unknown>): Record<string, unknown> {
  let out = body;
  const edit = (): Record<string, unknown> => (out === body ? (out = { ...body }) : out);
  for (const [standard, native, type] of STANDARD_NAMES) {
    if (!Object.hasOwn(body, standard)) continue;
    const value = body[standard];
    // Checked under the name the client sent, so that the message names it.
    if (value != null && (typeof value !== type || Array.isArray(value))) reject(422, 'ERR_INVALID_FIELD', `${standard} must be ${type === 'string' ? 'a string' : 'an object'}`);
    if (given(native, value) && given(native, body[native])) reject(422, 'ERR_INVALID_FIELD', `give ${native} or ${standard}, not both`);
    delete edit()[standard];
    if (given(native, value)) out[native] = value;
  }
  for (const field of EMPTY_IS_ABSENT) {
    if (Object.hasOwn(out, field) && !given(field, out[field])) delete edit()[field];
  }
  return out;
}

function given(field: string, value: unknown): boolean {
  return value != null && !(value === '' && EMPTY_IS_ABSENT.includes(field));
}

// RoomAgentDispatch fields a caller may set, in both protobuf JSON spellings. Anything else (the
// job's restart policy, which the server's configuration decides) is not the caller's to choose.
const DISPATCH_FIELDS = new Map([
  ['agent_name', 'agentName'],
  ['agentName', 'agentName'],
  ['metadata', 'metadata'],
  ['deployment', 'deployment'],
  ['attributes', 'attributes'],
]);

/** More dispatches than this in one request is not a real client. */
const MAX_DISPATCHES = 16;

/**
 * @internal Reads a caller's `roomConfig`: only `agents`, each naming an agent listed in
 * `allowed` (`''` for the default agent). Another field or name → 403 `ERR_GRANT_NOT_ALLOWED`
 * naming it; a wrong JSON type → 422. Returns what the token carries, or undefined for none.
 */
export function callerRoomConfig(value: unknown, allowed: ReadonlySet<string>): RoomConfiguration | undefined {
  if (value == null) return undefined;
  if (!isObject(value)) reject(422, 'ERR_INVALID_FIELD', 'roomConfig must be an object');
  for (const field of Object.keys(value)) {
    if (field !== 'agents') notAllowed(`roomConfig.${field.slice(0, 64)}`);
  }
  const agents = value['agents'];
  if (agents == null) return undefined;
  if (!Array.isArray(agents) || agents.length > MAX_DISPATCHES) {
    reject(422, 'ERR_INVALID_FIELD', `roomConfig.agents must be a list of at most ${MAX_DISPATCHES} agent dispatches`);
  }
  if (agents.length === 0) return undefined;
  return { agents: agents.map((item: unknown) => dispatch(item, allowed)) };
}

function dispatch(item: unknown, allowed: ReadonlySet<string>): RoomAgentDispatch {
  if (!isObject(item)) reject(422, 'ERR_INVALID_FIELD', 'roomConfig.agents must hold objects');
  const out: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(item)) {
    const name = DISPATCH_FIELDS.get(field);
    if (name === undefined) notAllowed(`roomConfig.agents[].${field.slice(0, 64)}`);
    if (raw == null) continue;
    if (out[name] !== undefined) reject(422, 'ERR_INVALID_FIELD', 'give agent_name or agentName, not both');
    if (name === 'attributes') {
      if (!isObject(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
        reject(422, 'ERR_INVALID_FIELD', 'roomConfig.agents[].attributes must be an object of strings');
      }
    } else if (typeof raw !== 'string') {
      reject(422, 'ERR_INVALID_FIELD', `roomConfig.agents[].${field.slice(0, 64)} must be a string`);
    }
    out[name] = raw;
  }
  const agentName = (out['agentName'] as string | undefined) ?? '';
  if (!allowed.has(agentName)) {
    notAllowed(agentName === '' ? 'the default agent (list it as "" in agents)' : `the agent ${JSON.stringify(agentName.slice(0, 64))}`);
  }
  // Protobuf writes no empty name: the default agent is a dispatch without one.
  if (agentName === '') delete out['agentName'];
  return out as RoomAgentDispatch;
}

function notAllowed(what: string): never {
  reject(403, 'ERR_GRANT_NOT_ALLOWED', `${what} may not be requested by a caller`);
}
