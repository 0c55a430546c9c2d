import { isLiveKitTokenError, parseTtl } from '../index.js';
import { reject } from './http.js';
import { checkGrantShape } from './policy.js';
import type { AgentTokenRequestBody, TokenRequestBody, VerifyRequestBody } from './types.js';

const MAX_NAME = 256;
// Control characters have no place in an identity or a room name and break logs.
const CONTROL = /[\u0000-\u001f\u007f]/;

type Body = Record<string, unknown>;

/** @internal Checks the body of `POST /token` (400 missing field, 422 invalid value). */
export function checkTokenBody(body: Body): TokenRequestBody {
  name(body, 'room', true);
  name(body, 'identity', true);
  optionalString(body, 'name');
  const attributes = body['attributes'];
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) {
    reject(422, 'ERR_INVALID_FIELD', 'attributes must be an object of strings');
  }
  checkGrantShape(body['grants']);
  return body as unknown as TokenRequestBody;
}

/** @internal Checks the body of `POST /token/agent`; returns the agent name. */
export function checkAgentBody(body: Body): { body: AgentTokenRequestBody; agentName: string } {
  name(body, 'room', true);
  const a = name(body, 'agentName', false);
  const b = name(body, 'agent_id', false);
  if (a !== undefined && b !== undefined && a !== b) reject(422, 'ERR_INVALID_FIELD', 'give agentName or agent_id, not two different names');
  const agentName = a ?? b;
  if (agentName === undefined) reject(400, 'ERR_MISSING_FIELD', 'agentName (or agent_id) is required');
  if (body['dispatch'] !== undefined && typeof body['dispatch'] !== 'boolean') reject(422, 'ERR_INVALID_FIELD', 'dispatch must be a boolean');
  return { body: body as unknown as AgentTokenRequestBody, agentName };
}

/** @internal Checks the body of `POST /token/verify`. */
export function checkVerifyBody(body: Body): VerifyRequestBody {
  const token = body['token'];
  if (token === undefined || token === null) reject(400, 'ERR_MISSING_FIELD', 'token is required');
  if (typeof token !== 'string') reject(422, 'ERR_INVALID_FIELD', 'token must be a string');
  return body as unknown as VerifyRequestBody;
}

/**
 * @internal The lifetime a request asks for, in seconds: `ttl` (seconds or a TTL string) or
 * `ttl_seconds`, else `fallback`. Over `max` is refused with 422, never shortened silently:
 * a client that asked for 24 h and got 1 h would fail mysteriously later.
 */
export function requestedTtl(body: Body, fallback: number, max: number): number {
  const ttl = body['ttl'];
  const seconds = body['ttl_seconds'];
  if (ttl != null && seconds != null) reject(422, 'ERR_INVALID_FIELD', 'give ttl or ttl_seconds, not both');
  let result = fallback;
  if (ttl != null) {
    if (typeof ttl !== 'number' && typeof ttl !== 'string') reject(422, 'ERR_INVALID_FIELD', 'ttl must be seconds or a string such as "15m"');
    try {
      result = parseTtl(ttl);
    } catch (e) {
      if (isLiveKitTokenError(e)) reject(422, e.code, e.message);
      throw e;
    }
  } else if (seconds != null) {
    if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 1) {
      reject(422, 'ERR_INVALID_FIELD', 'ttl_seconds must be a whole number of seconds ≥ 1');
    }
    result = seconds;
  }
  if (result > max) reject(422, 'ERR_TTL_TOO_LONG', `the requested lifetime (${result} s) is longer than the maximum of ${max} s`);
  return result;
}

function name(body: Body, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) reject(400, 'ERR_MISSING_FIELD', `${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string') reject(422, 'ERR_INVALID_FIELD', `${field} must be a string`);
  // Counted in code points; only a string longer than 256 UTF-16 units can exceed that.
  if (value === '' || (value.length > MAX_NAME && (value.length > MAX_NAME * 2 || [...value].length > MAX_NAME))) {
    reject(422, 'ERR_INVALID_FIELD', `${field} must be 1 to ${MAX_NAME} characters`);
  }
  if (CONTROL.test(value)) reject(422, 'ERR_INVALID_FIELD', `${field} must not contain control characters`);
  return value;
}

function optionalString(body: Body, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== 'string') reject(422, 'ERR_INVALID_FIELD', `${field} must be a string`);
}
