// Pure questions about a token's claims, answered the way a LiveKit server reads them.
// They never check a signature: use them on the result of verifyToken (or decodeToken when
// only displaying). Malformed values count as "not granted", never as the permissive default.
import type { LiveKitClaims } from './claims.js';
import type { TrackSource, VideoGrant } from './grants.js';
import { isObject } from './lib/json.js';
import { isNumericDate } from './lib/limits.js';
import { epochMillis, type Clock } from './lib/time.js';
import { parseTtl } from './ttl.js';
import { fail } from './errors.js';

/**
 * Options of the time helpers. An `undefined` field counts as absent.
 *
 * @example
 * ```ts
 * const options: ClockOptions = { now: new Date('2024-01-01T00:00:00Z'), clockTolerance: '1m' };
 * isExpired(claims, options);
 * ```
 */
export interface ClockOptions {
  /** The time to compare with: a `Date`, epoch milliseconds or a clock (see {@link Clock}). Default: the current time. */
  now?: Clock | undefined;
  /**
   * Seconds (or a TTL string such as `'1m'`) a token stays usable after `exp` and before
   * `nbf`. Default 0: the helpers answer about the token itself, not about a verifier's skew
   * (`verifyToken` allows 10 s, a LiveKit server 60 s).
   */
  clockTolerance?: number | string | undefined;
}

/** @internal Seconds since the epoch (fractional) for a `now` option. */
export const nowSeconds = (now: Clock | undefined): number => epochMillis(now) / 1000;

/** @internal The clock tolerance in seconds (default 0). */
export function tolerance(value: number | string | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') return parseTtl(value);
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) fail('ERR_INVALID_OPTIONS', 'clockTolerance must be seconds ≥ 0 or a TTL string');
  return value;
}

/** @internal The `video` grant when it is an object, otherwise an empty one. */
export const videoOf = (claims: LiveKitClaims): VideoGrant => {
  const v = claimsOf(claims).video;
  return typeof v === 'object' && v !== null ? v : {};
};

/** @internal `claims`, checked to be an object (the helpers read any claims, verified or not). */
function claimsOf(claims: LiveKitClaims): LiveKitClaims {
  if (!isObject(claims)) fail('ERR_INVALID_OPTIONS', 'claims must be an object');
  return claims;
}

/**
 * @internal A time claim (`exp`, `nbf`) as a number, `undefined` when it is not one, and
 * `ERR_TOKEN_CLAIMS` for a number no `Date` can hold (below 0 or beyond 8.64e12 seconds), which
 * a signed token may carry but no reader can place in time.
 */
export function timeClaim(claims: LiveKitClaims, name: 'exp' | 'nbf'): number | undefined {
  const value = claimsOf(claims)[name];
  if (typeof value !== 'number') return undefined;
  if (!isNumericDate(value)) fail('ERR_TOKEN_CLAIMS', `${name} must be seconds since the epoch, from 0 to 8.64e12`);
  return value;
}

// LiveKit reads an absent (or null) permission as its default; any other non-true value denies.
const flag = (value: unknown, absent: boolean): boolean => (value == null ? absent : value === true);

/**
 * Whether the token has expired: `now > exp + clockTolerance`. A token without `exp` never
 * expires. Compare {@link expiresIn} for how long is left.
 *
 * @example
 * ```ts
 * isExpired({ exp: 1700000600 }, { now: 1700000601_000 }); // true
 * isExpired({ exp: 1700000600 }, { now: 1700000601_000, clockTolerance: 60 }); // false
 * ```
 */
export function isExpired(claims: LiveKitClaims, options: ClockOptions = {}): boolean {
  const exp = timeClaim(claims, 'exp');
  return exp !== undefined && nowSeconds(options.now) > exp + tolerance(options.clockTolerance);
}

/**
 * Whole seconds until the token expires (rounded down): negative once `exp` has passed,
 * `Infinity` for a token without `exp`.
 *
 * @example
 * ```ts
 * expiresIn({ exp: 1700000600 }, { now: 1700000000_000 }); // 600
 * expiresIn({ exp: 1700000600 }, { now: 1700000780_000 }); // -180
 * ```
 */
export function expiresIn(claims: LiveKitClaims, options: Pick<ClockOptions, 'now'> = {}): number {
  const exp = timeClaim(claims, 'exp');
  return exp !== undefined ? Math.floor(exp - nowSeconds(options.now)) : Infinity;
}

/**
 * Whether the token lets its holder join a room: `video.roomJoin` is true, `video.room` and
 * the identity (`sub`) are non-empty (a LiveKit server refuses either missing), and, when
 * `room` is given, `video.room` equals it.
 *
 * @example
 * ```ts
 * const claims = { sub: 'alice', video: { roomJoin: true, room: 'demo' } };
 * canJoin(claims);          // true
 * canJoin(claims, 'demo');  // true
 * canJoin(claims, 'other'); // false
 * ```
 */
export function canJoin(claims: LiveKitClaims, room?: string): boolean {
  const v = videoOf(claims);
  return (
    v.roomJoin === true &&
    typeof v.room === 'string' && v.room !== '' &&
    typeof claims.sub === 'string' && claims.sub !== '' &&
    (room === undefined || v.room === room)
  );
}

/**
 * Whether the token may publish tracks (from `source`, when given), with LiveKit's defaults:
 * `canPublish` absent means true, and an absent or empty `canPublishSources` allows every
 * source. Says nothing about joining: combine with {@link canJoin}.
 *
 * @example
 * ```ts
 * canPublish({ video: { roomJoin: true, room: 'r' } });                            // true (default)
 * canPublish({ video: { canPublishSources: ['microphone'] } }, 'camera');           // false
 * canPublish({ video: { canPublish: false } }, 'microphone');                       // false
 * ```
 */
export function canPublish(claims: LiveKitClaims, source?: TrackSource): boolean {
  const v = videoOf(claims);
  if (!flag(v.canPublish, true)) return false;
  const sources: unknown = v.canPublishSources;
  if (source === undefined || sources == null) return true;
  return Array.isArray(sources) && (sources.length === 0 || sources.includes(source));
}

/**
 * Whether the token may subscribe to other participants' tracks (`canSubscribe`, absent
 * means true).
 *
 * @example
 * ```ts
 * canSubscribe({ video: { roomJoin: true, room: 'r' } }); // true
 * canSubscribe({ video: { canSubscribe: false } });        // false
 * ```
 */
export function canSubscribe(claims: LiveKitClaims): boolean {
  return flag(videoOf(claims).canSubscribe, true);
}

/**
 * Whether the token may publish data messages: `canPublishData`, which defaults to the
 * effective `canPublish` when absent.
 *
 * @example
 * ```ts
 * canPublishData({ video: { canPublish: false } });                       // false
 * canPublishData({ video: { canPublish: false, canPublishData: true } }); // true
 * ```
 */
export function canPublishData(claims: LiveKitClaims): boolean {
  return flag(videoOf(claims).canPublishData, canPublish(claims));
}
