import type { ApiKey, Clock } from '../index.js';
import { LiveKitTokenError, parseTtl } from '../index.js';
import { devKey } from './dev-key.js';
import { base64url, hs256 } from './encode.js';
import { epochSeconds } from '../lib/time.js';

/**
 * Header fields for {@link forgeToken}: any values; `undefined` removes a default field.
 *
 * @example
 * ```ts
 * import { verifyToken } from 'livekit-token';
 * import { devKey, forgeToken, type ForgedHeader } from 'livekit-token/testing';
 *
 * // A key id the verifier does not know, and no `typ` at all.
 * const header: ForgedHeader = { kid: 'retired-key', typ: undefined };
 * const forged = await forgeToken({ header });
 * await verifyToken(forged, devKey); // a kid is ignored: still valid
 * ```
 */
export interface ForgedHeader {
  alg?: string | undefined;
  typ?: string | undefined;
  [field: string]: unknown;
}

/**
 * What {@link forgeToken} writes. Every field is optional; `undefined` counts as absent.
 *
 * @example
 * ```ts
 * import { verifyToken } from 'livekit-token';
 * import { fixedClock, forgeToken, type ForgeOptions } from 'livekit-token/testing';
 *
 * const clock = fixedClock('2025-01-01T12:00:00Z');
 * const options: ForgeOptions = { key, ...clock, ttl: '1h', claims: { sub: 'bob', video: { roomJoin: true, room: 'standup' } } };
 * const forged = await forgeToken(options);
 * await expect(verifyToken(forged, key, { now: clock.plus('30m').now })).resolves.toMatchObject({ sub: 'bob' });
 * ```
 */
export interface ForgeOptions {
  /**
   * Claims laid over the defaults (`iss` = the key's `apiKey`, `sub: 'alice'`, `nbf` = now,
   * `exp` = now + ttl, `video: { roomJoin: true, room: 'demo' }`), shallowly: a claim set to
   * `undefined` is removed, so `{ exp: undefined }` forges a token without expiry. Any value
   * goes, including wrong types. A string is used verbatim as the payload JSON text (no defaults),
   * for malformed payloads.
   */
  claims?: Record<string, unknown> | string | undefined;
  /**
   * Header fields laid over `{ alg: 'HS256', typ: 'JWT' }` (`undefined` removes one), or a string
   * used verbatim as the header JSON text.
   */
  header?: ForgedHeader | string | undefined;
  /** Signs (with `apiSecret`) and names the issuer (`apiKey`). Default {@link devKey}. */
  key?: ApiKey | undefined;
  /** Issue time: a `Date`, epoch milliseconds or a clock (a `fixedClock()` works). Default: the real clock. */
  now?: Clock | undefined;
  /** Lifetime used for the default `exp`: seconds or a TTL string. Default `'10m'`. */
  ttl?: number | string | undefined;
  /**
   * The signature segment, verbatim (`''` for an unsigned token). Default: the correct HS256
   * signature over header and payload with `key.apiSecret`.
   */
  signature?: string | undefined;
}

/**
 * The options a shortcut passes on to {@link forgeToken}.
 *
 * @example
 * ```ts
 * import { verifyToken } from 'livekit-token';
 * import { expiredToken, tamperedToken, wrongKeyToken, type ForgeBase } from 'livekit-token/testing';
 *
 * // One base for every broken-token case of a suite.
 * const base: ForgeBase = { key, claims: { sub: 'bob', video: { roomJoin: true, room: 'standup' } } };
 * for (const bad of [await expiredToken(base), await wrongKeyToken(base), await tamperedToken(base)]) {
 *   await expect(verifyToken(bad, key)).rejects.toThrow();
 * }
 * ```
 */
export type ForgeBase = Omit<ForgeOptions, 'signature'>;

/** @internal The claims a forged token carries, before encoding. */
export function forgedClaims(options: ForgeOptions): Record<string, unknown> | string {
  const { claims, key = devKey, now, ttl = '10m' } = options;
  if (typeof claims === 'string') return claims;
  const nbf = epochSeconds(now);
  const defaults = { iss: key.apiKey, sub: 'alice', nbf, exp: nbf + parseTtl(ttl), video: { roomJoin: true, room: 'demo' } };
  // JSON.stringify drops undefined members: that is how a caller removes a default claim.
  return { ...defaults, ...claims };
}

/** JSON text, or a LiveKitTokenError when JSON cannot hold the value (cycles, BigInt, deep nesting). */
function json(value: unknown, field: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw new LiveKitTokenError('ERR_INVALID_OPTIONS', `${field} must be a JSON value (no cycles, no BigInt, not nested too deeply)`);
  }
}

/** @internal Header and payload segments (the signing input). */
export function signingInput(header: ForgeOptions['header'], claims: Record<string, unknown> | string): string {
  const h = typeof header === 'string' ? header : json({ alg: 'HS256', typ: 'JWT', ...header }, 'header');
  const c = typeof claims === 'string' ? claims : json(claims, 'claims');
  return `${base64url(h)}.${base64url(c)}`;
}

/**
 * Forges any token, including deliberately broken ones: foreign algorithms, missing or
 * wrongly typed claims, bad signatures, raw JSON text. Signs with Web Crypto, so it runs in
 * every runtime. With no options it returns a valid 10-minute token for `alice` in room `demo`
 * signed with {@link devKey}. For tests only: nothing here is validated.
 *
 * @example
 * ```ts
 * import { verifyToken } from 'livekit-token';
 * import { devKey, forgeToken } from 'livekit-token/testing';
 *
 * const noExpiry = await forgeToken({ claims: { exp: undefined } });
 * await expect(verifyToken(noExpiry, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
 *
 * const hs512 = await forgeToken({ header: { alg: 'HS512' } });          // ERR_TOKEN_ALGORITHM
 * const stringExp = await forgeToken({ claims: { exp: '2030-01-01' } }); // ERR_TOKEN_CLAIMS
 * ```
 */
export async function forgeToken(options: ForgeOptions = {}): Promise<string> {
  const input = signingInput(options.header, forgedClaims(options));
  const signature = options.signature ?? (await hs256(input, (options.key ?? devKey).apiSecret));
  return `${input}.${signature}`;
}
