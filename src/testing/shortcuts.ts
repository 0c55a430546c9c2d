import { LiveKitTokenError, parseTtl } from '../index.js';
import { devKey } from './dev-key.js';
import { forgeToken, forgedClaims, signingInput, type ForgeBase } from './forge.js';
import { hs256 } from './encode.js';
import { epochSeconds } from '../lib/time.js';

const DEFAULT_LIFETIME = 600;

/** Seconds of the real or given clock. */
function nowSeconds(now: ForgeBase['now']): number {
  return epochSeconds(now);
}

/** The shortcut's times, with the caller's own claims (or raw payload text) taking precedence. */
function over(times: Record<string, number>, claims: ForgeBase['claims']): ForgeBase['claims'] {
  return typeof claims === 'string' ? claims : { ...times, ...claims };
}

/**
 * A correctly signed token whose `exp` lies `ago` in the past (default `'5m'`, well beyond the
 * default 10 s clock tolerance). Verifying it gives `ERR_TOKEN_EXPIRED`.
 *
 * @example
 * ```ts
 * const token = await expiredToken({ ago: '3m' });
 * await expect(verifyToken(token, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
 * ```
 */
export async function expiredToken(options: ForgeBase & { ago?: number | string | undefined } = {}): Promise<string> {
  const { ago = '5m', ttl, ...rest } = options;
  const exp = nowSeconds(rest.now) - parseTtl(ago);
  const lifetime = ttl === undefined ? DEFAULT_LIFETIME : parseTtl(ttl);
  return forgeToken({ ...rest, claims: over({ nbf: exp - lifetime, exp }, rest.claims) });
}

/**
 * A correctly signed token whose `nbf` lies `startsIn` in the future (default `'5m'`).
 * Verifying it gives `ERR_TOKEN_NOT_YET_VALID`.
 *
 * @example
 * ```ts
 * const token = await notYetValidToken({ startsIn: '2m' });
 * await expect(verifyToken(token, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_YET_VALID' });
 * ```
 */
export async function notYetValidToken(options: ForgeBase & { startsIn?: number | string | undefined } = {}): Promise<string> {
  const { startsIn = '5m', ttl, ...rest } = options;
  const nbf = nowSeconds(rest.now) + parseTtl(startsIn);
  const lifetime = ttl === undefined ? DEFAULT_LIFETIME : parseTtl(ttl);
  return forgeToken({ ...rest, claims: over({ nbf, exp: nbf + lifetime }, rest.claims) });
}

/**
 * A token that names `key.apiKey` as its issuer but is signed with a different secret, as when
 * a client and server disagree on the secret. Verifying it with `key` gives `ERR_TOKEN_SIGNATURE`.
 *
 * @example
 * ```ts
 * const token = await wrongKeyToken();
 * await expect(verifyToken(token, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
 * ```
 */
export async function wrongKeyToken(options: ForgeBase = {}): Promise<string> {
  const key = options.key ?? devKey;
  return forgeToken({ ...options, key: { apiKey: key.apiKey, apiSecret: `${key.apiSecret}-but-wrong` } });
}

/**
 * A token whose payload was changed after signing: the signature is the genuine one for the
 * original claims. `tamper` edits a copy of the claims; by default it adds `roomAdmin: true` to
 * `video`, the privilege escalation an attacker would try. Verifying gives `ERR_TOKEN_SIGNATURE`.
 *
 * @example
 * ```ts
 * const token = await tamperedToken({ tamper: (c) => ({ ...c, sub: 'mallory' }) });
 * await expect(verifyToken(token, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
 * ```
 */
export async function tamperedToken(
  options: ForgeBase & { tamper?: ((claims: Record<string, unknown>) => Record<string, unknown>) | undefined } = {},
): Promise<string> {
  const { tamper = escalate, ...rest } = options;
  const claims = forgedClaims(rest);
  if (typeof claims === 'string') throw new LiveKitTokenError('ERR_INVALID_OPTIONS', 'tamperedToken needs claims as an object');
  const original = signingInput(rest.header, claims);
  const signature = await hs256(original, (rest.key ?? devKey).apiSecret);
  return `${signingInput(rest.header, tamper(structuredClone(claims)))}.${signature}`;
}

function escalate(claims: Record<string, unknown>): Record<string, unknown> {
  const video = typeof claims['video'] === 'object' && claims['video'] !== null ? claims['video'] : {};
  return { ...claims, video: { ...video, roomAdmin: true } };
}

/**
 * An unsigned token with header `alg: "none"` (or another `alg`) and an empty signature: the
 * classic algorithm-confusion attack. Verifying it gives `ERR_TOKEN_ALGORITHM`.
 *
 * @example
 * ```ts
 * const token = await algNoneToken();
 * await expect(verifyToken(token, devKey)).rejects.toMatchObject({ code: 'ERR_TOKEN_ALGORITHM' });
 * ```
 */
export async function algNoneToken(options: ForgeBase & { alg?: string | undefined } = {}): Promise<string> {
  const { alg = 'none', ...rest } = options;
  const header = typeof rest.header === 'string' ? rest.header : { ...rest.header, alg };
  return forgeToken({ ...rest, header, signature: '' });
}
