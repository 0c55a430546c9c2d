import { decodeToken } from './jwt/decode.js';
import { describeToken, tokenStatus, type TokenStatus } from './describe.js';
import type { JwtHeader } from './jwt/parse.js';
import type { LiveKitClaims } from './claims.js';
import type { Clock } from './lib/time.js';

/**
 * What {@link inspectToken} finds in a token. Nothing in it is verified.
 *
 * @example
 * ```ts
 * import { inspectToken, type TokenInspection } from 'livekit-token';
 *
 * const info: TokenInspection = inspectToken(token);
 * // The summary makes a failing assertion explain itself.
 * expect(info.claims.video?.room, info.summary).toBe('demo');
 * expect(info.lifetime).toBeLessThanOrEqual(600);
 * ```
 */
export interface TokenInspection {
  header: JwtHeader;
  claims: LiveKitClaims;
  /** `nbf`, `exp` and `iat` as ISO 8601 dates, for the ones that are numbers. */
  times: { nbf?: string; exp?: string; iat?: string };
  /** Lifetime in seconds (`exp − nbf`) when both are numbers. */
  lifetime?: number;
  /** Where the token stands in time: `'valid for 5 h 59 min'`, `'EXPIRED 3 min ago'` … */
  status: TokenStatus;
  /** One line on who it is for and what it may do (`describeToken`). */
  summary: string;
}

/**
 * Options of {@link inspectToken}; `undefined` counts as absent.
 *
 * @example
 * ```ts
 * import { inspectToken, type InspectOptions } from 'livekit-token';
 *
 * // Judge the token at a given instant, with the verifier's 10 s of slack.
 * const options: InspectOptions = { now: Date.parse('2025-01-01T12:00:00Z'), clockTolerance: 10 };
 * inspectToken(token, options).status.state; // 'valid'
 * ```
 */
export interface InspectOptions {
  /** The time to judge expiry against: a `Date`, epoch milliseconds or a clock. Default: the real clock. */
  now?: Clock | undefined;
  /** Seconds (or TTL string) of slack for `exp`/`nbf` in the status. Default 0. */
  clockTolerance?: number | string | undefined;
}

const iso = (seconds: unknown): string | undefined =>
  typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12
    ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    : undefined;

/**
 * Decodes a token **without verifying it** and explains it: header, claims, its times as ISO
 * dates, its status now and what its grants allow, in words. The command line's `decode`
 * prints exactly this. Use it when debugging "token expired" and in test failure messages;
 * never to decide whether to trust a token (that is `verifyToken`).
 *
 * @throws {LiveKitTokenError} `ERR_TOKEN_MALFORMED` when the text is not a well-formed JWT.
 * @example
 * ```ts
 * import { inspectToken } from 'livekit-token';
 *
 * const info = inspectToken(token);
 * info.status.text; // 'EXPIRED 3 min ago'
 * info.times.exp;   // '2025-01-01T11:57:00Z'
 * info.summary;     // 'alice may join room demo, publish, subscribe, EXPIRED 3 min ago'
 * ```
 */
export function inspectToken(token: string, options: InspectOptions = {}): TokenInspection {
  const { header, claims } = decodeToken(token);
  const clock = { now: options.now, clockTolerance: options.clockTolerance };
  const times: TokenInspection['times'] = {};
  for (const name of ['nbf', 'exp', 'iat'] as const) {
    const date = iso(claims[name]);
    if (date !== undefined) times[name] = date;
  }
  const result: TokenInspection = { header, claims, times, status: tokenStatus(claims, clock), summary: describeToken(claims, { now: options.now }) };
  if (typeof claims.exp === 'number' && typeof claims.nbf === 'number') result.lifetime = claims.exp - claims.nbf;
  return result;
}
