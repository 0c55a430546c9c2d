import type { LiveKitClaims } from './claims.js';
import { createToken } from './jwt/create.js';
import type { VerifyOptions } from './jwt/validate.js';
import { verifyToken } from './jwt/verify.js';
import type { ApiKey, KeySet } from './keys.js';
import type { Clock } from './lib/time.js';

/**
 * Options of {@link refreshToken}. An `undefined` field counts as absent.
 *
 * @example
 * ```ts
 * const options: RefreshOptions = { ttl: '30m', clockTolerance: 60 };
 * const fresh = await refreshToken(token, key, options);
 * ```
 */
export interface RefreshOptions {
  /** Lifetime of the new token: seconds or a TTL string such as `'10m'`. */
  ttl: number | string;
  /** Issue time of the new token, and the time the old one is verified at. Default: now. */
  now?: Clock | undefined;
  /** Keys to verify an old token string with. Default: the signing `key`. */
  keys?: KeySet | undefined;
  /** Clock tolerance when verifying the old token (default 10 s, as `verifyToken`). */
  clockTolerance?: VerifyOptions['clockTolerance'];
}

// Exactly the claims a LiveKit server copies when it refreshes a connected participant's token.
const KEPT = ['name', 'kind', 'metadata', 'attributes', 'video', 'roomConfig', 'roomPreset'] as const;

/**
 * Re-mints a token for a longer session, keeping exactly what a LiveKit server keeps when it
 * refreshes a participant's token: identity (`sub`), `name`, `kind`, `metadata`, `attributes`,
 * `video`, `roomConfig` and `roomPreset`. Everything else (`sip`, `agent`, `inference`,
 * `observability`, `sha256`, `jti`, unknown claims) is dropped, and `nbf`/`exp` are new.
 *
 * A token string is verified first (with `keys`, default `key`) and an invalid or expired one
 * is rejected with its error code. Claims objects are taken as already verified. Never throws
 * synchronously.
 *
 * @example
 * ```ts
 * const fresh = await refreshToken(token, key, { ttl: '1h' });
 * // keys rotated: verify with the old and the new key, sign with the new one
 * const newKey = { apiKey: 'APInew', apiSecret: env.LIVEKIT_API_SECRET };
 * const rotated = await refreshToken(token, newKey, { ttl: '1h', keys: [key, newKey] });
 * ```
 */
export async function refreshToken(tokenOrClaims: string | LiveKitClaims, key: ApiKey, options: RefreshOptions): Promise<string> {
  const { ttl, now, keys, clockTolerance } = options ?? ({} as RefreshOptions);
  const claims = typeof tokenOrClaims === 'string' ? await verifyToken(tokenOrClaims, keys ?? key, { now, clockTolerance }) : tokenOrClaims;
  const kept: Record<string, unknown> = { identity: claims.sub, ttl, now };
  for (const field of KEPT) kept[field] = claims[field];
  return createToken(key, kept);
}
