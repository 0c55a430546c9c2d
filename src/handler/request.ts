// Reading request bodies happens in two steps. Before `authorize` has answered, only the JSON
// shape is checked (which fields are there and their JSON types): constant work per field, so an
// unauthorized caller cannot make the service do anything costly. The values themselves (TTL
// grammar, characters and lengths of names) are checked once the caller is known.
import { isLiveKitTokenError, parseTtl } from '../index.js';
import { stringifyJson } from '../lib/json.js';
import { hasForbiddenCharacter, utf8Length } from '../lib/text.js';
import { MAX_NAME_BYTES } from '../lib/limits.js';
import { reject } from './http.js';
import { checkGrantShape } from './policy.js';
import type { AgentTokenRequestBody, CallerFacts, TokenRequestBody, VerifyRequestBody } from './types.js';

type Body = Record<string, unknown>;

/**
 * @internal Checks the shape of `POST /token` (422 wrong JSON type). `room` and `identity` may
 * come from the application's hooks instead: whether they are there is decided after them.
 */
export function checkTokenShape(body: Body): TokenRequestBody {
  optionalString(body, 'room');
  optionalString(body, 'identity');
  optionalString(body, 'name');
  const attributes = body['attributes'];
  if (attributes != null && (typeof attributes !== 'object' || Array.isArray(attributes))) {
    reject(422, 'ERR_INVALID_FIELD', 'attributes must be an object of strings');
  }
  const roomConfig = body['roomConfig'];
  if (roomConfig != null && (typeof roomConfig !== 'object' || Array.isArray(roomConfig))) reject(422, 'ERR_INVALID_FIELD', 'roomConfig must be an object');
  checkTtlShape(body);
  checkGrantShape(body['grants']);
  return body as unknown as TokenRequestBody;
}

/** @internal Checks the shape of `POST /token/agent`; returns the agent name. */
export function checkAgentShape(body: Body): { body: AgentTokenRequestBody; agentName: string } {
  requiredString(body, 'room');
  const a = optionalString(body, 'agentName');
  const b = optionalString(body, 'agent_id');
  if (a !== undefined && b !== undefined && a !== b) reject(422, 'ERR_INVALID_FIELD', 'give agentName or agent_id, not two different names');
  const agentName = a ?? b;
  if (agentName === undefined) reject(400, 'ERR_MISSING_FIELD', 'agentName (or agent_id) is required');
  if (body['dispatch'] != null && typeof body['dispatch'] !== 'boolean') reject(422, 'ERR_INVALID_FIELD', 'dispatch must be a boolean');
  checkTtlShape(body);
  return { body: body as unknown as AgentTokenRequestBody, agentName };
}

/** @internal Checks the body of `POST /token/verify`. */
export function checkVerifyShape(body: Body): VerifyRequestBody {
  requiredString(body, 'token');
  return body as unknown as VerifyRequestBody;
}

/**
 * @internal What `authorize` answered, as facts: `true` is "no facts", anything but `true` or an
 * object is a 401. Facts come from the application, so a wrong type is its bug: a 500.
 */
export function callerFacts(answer: unknown): CallerFacts {
  if (answer === true) return {};
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) reject(401, 'ERR_UNAUTHORIZED', 'not authorized');
  const facts = answer as Record<string, unknown>;
  for (const field of ['identity', 'name'] as const) {
    if (facts[field] !== undefined && typeof facts[field] !== 'string') invalidFacts();
  }
  const attributes = facts['attributes'];
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) invalidFacts();
  return facts as CallerFacts;
}

function invalidFacts(): never {
  // A fixed message: the application's values are not the caller's business.
  reject(500, 'ERR_INTERNAL', 'internal error');
}

/**
 * @internal Checks an identity, room or agent name: 1 to 256 UTF-8 bytes (the LiveKit server
 * counts bytes), no control, line-separator or bidi characters (422 `ERR_INVALID_FIELD`).
 */
export function checkName(value: string, field: string): void {
  // A string of more than 256 UTF-16 units is over 256 bytes: no need to count those.
  if (value === '' || value.length > MAX_NAME_BYTES || utf8Length(value) > MAX_NAME_BYTES) {
    reject(422, 'ERR_INVALID_FIELD', `${field} must be 1 to ${MAX_NAME_BYTES} bytes of UTF-8`);
  }
  checkCharacters(value, field);
}

/** @internal The character rule alone (for the display name, which has no length rule of its own). */
export function checkCharacters(value: string, field: string): void {
  if (hasForbiddenCharacter(value)) {
    reject(422, 'ERR_INVALID_FIELD', `${field} must not contain control characters, line separators or bidirectional controls`);
  }
}

/**
 * @internal Metadata as the token carries it: a string as is, any other JSON value stringified.
 * JSON.parse can build values nested too deeply to stringify again: that is the client's 422.
 */
export function metadataText(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  if (typeof metadata === 'string') return metadata;
  try {
    return stringifyJson(metadata, 'metadata');
  } catch (e) {
    if (isLiveKitTokenError(e)) reject(422, 'ERR_INVALID_FIELD', e.message);
    throw e;
  }
}

/** @internal The lifetime limits of the service, in seconds. */
export interface TtlBounds {
  fallback: number;
  min: number;
  max: number;
}

/**
 * @internal The lifetime a request asks for, in seconds: `ttl` (seconds or a TTL string) or
 * `ttl_seconds`, else the default. Outside `[min, max]` is refused with 422, never adjusted
 * silently: a client that asked for 24 h and got 1 h would fail mysteriously later, and one that
 * sent `24` meaning hours must learn that a number is seconds.
 */
export function requestedTtl(body: Body, bounds: TtlBounds): number {
  const ttl = body['ttl'];
  const seconds = body['ttl_seconds'];
  if (ttl == null && seconds == null) return bounds.fallback;
  let result: number;
  if (ttl != null) {
    try {
      result = parseTtl(ttl as number | string);
    } catch (e) {
      if (isLiveKitTokenError(e)) reject(422, e.code, e.message);
      throw e;
    }
  } else {
    if (!Number.isSafeInteger(seconds) || (seconds as number) < 1) reject(422, 'ERR_INVALID_FIELD', 'ttl_seconds must be a whole number of seconds ≥ 1');
    result = seconds as number;
  }
  if (result > bounds.max) reject(422, 'ERR_TTL_TOO_LONG', `the requested lifetime (${result} s) is longer than the maximum of ${bounds.max} s`);
  if (result < bounds.min) {
    reject(
      422,
      'ERR_TTL_TOO_SHORT',
      `the requested lifetime (${result} s) is shorter than the minimum of ${bounds.min} s; a number means seconds, so write "2h" or "15m" for hours or minutes`,
    );
  }
  return result;
}

/** Only the JSON types of the lifetime fields; their values are read after `authorize`. */
function checkTtlShape(body: Body): void {
  const ttl = body['ttl'];
  const seconds = body['ttl_seconds'];
  if (ttl != null && seconds != null) reject(422, 'ERR_INVALID_FIELD', 'give ttl or ttl_seconds, not both');
  if (ttl != null && typeof ttl !== 'number' && typeof ttl !== 'string') reject(422, 'ERR_INVALID_FIELD', 'ttl must be seconds or a string such as "15m"');
  if (seconds != null && typeof seconds !== 'number') reject(422, 'ERR_INVALID_FIELD', 'ttl_seconds must be a whole number of seconds ≥ 1');
}

function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined) reject(400, 'ERR_MISSING_FIELD', `${field} is required`);
  return value;
}

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') reject(422, 'ERR_INVALID_FIELD', `${field} must be a string`);
  return value;
}
