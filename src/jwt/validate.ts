import { checkClaimTypes, type LiveKitClaims } from '../claims.js';
import { fail } from '../errors.js';
import { isObject } from '../lib/json.js';
import { maxTokenBytes } from '../lib/limits.js';
import { epochMillis, type Clock } from '../lib/time.js';
import { parseTtl } from '../ttl.js';
import type { JwtHeader } from './parse.js';

/**
 * How {@link verifyToken} checks a token beyond its signature.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = { room: 'demo', clockTolerance: 60, maxTtl: '1h' };
 * const claims = await verifyToken(token, keys, options);
 * ```
 */
export interface VerifyOptions {
  /** The token must grant this room (`video.room`). */
  room?: string | undefined;
  /** The token must be for this identity (`sub`). */
  identity?: string | undefined;
  /**
   * Allowed clock skew for `exp` and `nbf`: seconds or a TTL string. Default 10 s, as in the
   * JS SDK. LiveKit's server allows 60 s: pass `clockTolerance: 60` to match it.
   */
  clockTolerance?: number | string | undefined;
  /** The time to check against: a `Date`, epoch milliseconds or a clock (see {@link Clock}). Default: the current time. */
  now?: Clock | undefined;
  /**
   * Reject tokens whose lifetime is longer: seconds or a TTL string. The lifetime is `exp`
   * minus the start, which is `nbf`, else the earlier of `iat` and now. A token with neither,
   * or with an `iat` in the future (beyond `clockTolerance`), fails.
   */
  maxTtl?: number | string | undefined;
  /** Reject tokens without `exp`. Default true. */
  requireExpiry?: boolean | undefined;
  /** Refuse tokens larger than this many bytes (`ERR_TOKEN_MALFORMED`). Default 8192. */
  maxTokenBytes?: number | undefined;
}

const DEFAULT_TOLERANCE = 10;
const KNOWN = ['room', 'identity', 'clockTolerance', 'now', 'maxTtl', 'requireExpiry', 'maxTokenBytes'];

/** @internal Verify options, validated, with defaults applied. */
export interface VerifyPlan {
  nowSeconds: number;
  tolerance: number;
  maxTtl: number | undefined;
  requireExpiry: boolean;
  maxTokenBytes: number;
  room: string | undefined;
  identity: string | undefined;
}

/** @internal */
export function planVerify(options: VerifyOptions | undefined): VerifyPlan {
  const o = options ?? {};
  if (!isObject(o)) fail('ERR_INVALID_OPTIONS', 'verify options must be an object');
  for (const k of Object.keys(o)) if (o[k] !== undefined && !KNOWN.includes(k)) fail('ERR_INVALID_OPTIONS', `${k} is not a known verify option`);
  const { clockTolerance: tol, room, identity, requireExpiry } = o as VerifyOptions;
  let tolerance = DEFAULT_TOLERANCE;
  if (typeof tol === 'number' && tol >= 0 && Number.isFinite(tol)) tolerance = tol;
  else if (typeof tol === 'string') tolerance = parseTtl(tol);
  else if (tol !== undefined) fail('ERR_INVALID_OPTIONS', 'clockTolerance must be seconds ≥ 0 or a TTL string');
  for (const [name, v] of [['room', room], ['identity', identity]] as const) {
    if (v !== undefined && typeof v !== 'string') fail('ERR_INVALID_OPTIONS', `${name} must be a string`);
  }
  if (requireExpiry !== undefined && typeof requireExpiry !== 'boolean') fail('ERR_INVALID_OPTIONS', 'requireExpiry must be a boolean');
  return {
    nowSeconds: epochMillis((o as VerifyOptions).now) / 1000,
    tolerance,
    maxTtl: o.maxTtl === undefined ? undefined : parseTtl(o.maxTtl as number | string),
    requireExpiry: requireExpiry ?? true,
    maxTokenBytes: maxTokenBytes(o['maxTokenBytes']),
    room,
    identity,
  };
}

/** @internal Step 3: HS256 only, and no `crit` (RFC 7515 §4.1.11: we understand no extension). */
export function checkHeader(header: JwtHeader): void {
  if (header.alg !== 'HS256') fail('ERR_TOKEN_ALGORITHM', `token algorithm must be HS256 (got ${typeof header.alg === 'string' ? JSON.stringify(header.alg.slice(0, 16)) : 'none'})`);
  if ('crit' in header) fail('ERR_TOKEN_ALGORITHM', 'token header has crit extensions, which are not supported');
}

/** @internal Step 5 failed. */
export function badSignature(): never {
  fail('ERR_TOKEN_SIGNATURE', 'token signature does not match: wrong secret, or the token was altered');
}

/** @internal Step 4, first half: the API key the token names. */
export function issuer(claims: Record<string, unknown>): string {
  const iss = claims['iss'];
  if (typeof iss !== 'string' || iss === '') fail('ERR_TOKEN_UNKNOWN_KEY', 'token has no iss (API key)');
  return iss;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** @internal Steps after the signature: claim types → time → room/identity. */
export function checkClaims(claims: Record<string, unknown>, plan: VerifyPlan): LiveKitClaims {
  // Types checked; null fields (absent, as the server reads them) are left out of the result.
  const checked = checkClaimTypes(claims);
  const { exp, nbf, iat, sub, video } = checked;
  if (exp === undefined && plan.requireExpiry) fail('ERR_TOKEN_CLAIMS', 'token has no exp (expiry)');
  const now = plan.nowSeconds;
  if (exp !== undefined && now > exp + plan.tolerance) {
    fail('ERR_TOKEN_EXPIRED', `token expired at ${iso(exp)} (${Math.round(now - exp)} s ago, clock tolerance ${plan.tolerance} s)`);
  }
  if (nbf !== undefined && now < nbf - plan.tolerance) {
    fail('ERR_TOKEN_NOT_YET_VALID', `token is not valid before ${iso(nbf)} (in ${Math.round(nbf - now)} s, clock tolerance ${plan.tolerance} s)`);
  }
  if (plan.maxTtl !== undefined) {
    // An iat in the future would shorten the measured lifetime at will, so it is refused, and
    // without nbf the lifetime counts from the earlier of iat and now.
    if (iat !== undefined && iat > now + plan.tolerance) fail('ERR_TOKEN_CLAIMS', 'token iat (issue time) is in the future, so maxTtl cannot be checked');
    const start = nbf ?? (iat === undefined ? undefined : Math.min(iat, now));
    if (exp === undefined || start === undefined) fail('ERR_TOKEN_CLAIMS', 'maxTtl needs a token with exp and nbf (or iat)');
    if (exp - start > plan.maxTtl) fail('ERR_TOKEN_CLAIMS', `token lifetime ${Math.ceil(exp - start)} s exceeds maxTtl ${plan.maxTtl} s`);
  }
  if (plan.room !== undefined && video?.room !== plan.room) fail('ERR_TOKEN_CLAIMS', 'token is not for the expected room');
  if (plan.identity !== undefined && sub !== plan.identity) fail('ERR_TOKEN_CLAIMS', 'token is not for the expected identity');
  return checked;
}
