import type { LiveKitClaims } from '../claims.js';
import { lookupSecret, requireSecret, type KeySet } from '../keys.js';
import { verifySignature } from '../lib/hmac.js';
import { parseToken } from './parse.js';
import { badSignature, checkClaims, checkHeader, issuer, planVerify, type VerifyOptions } from './validate.js';

/**
 * The claims {@link verifyToken} and {@link verifyTokenSync} resolve to: every claim of the
 * token, with `iss` (the key that signed it) and `exp` present, because both were checked.
 * `VerifiedClaims<false>` is the result with `requireExpiry: false`, where `exp` may be absent.
 *
 * @example
 * ```ts
 * const claims: VerifiedClaims = await verifyToken(token, keys);
 * console.log(`${claims.sub} signed by ${claims.iss} until ${new Date(claims.exp * 1000).toISOString()}`);
 *
 * const lenient: VerifiedClaims<false> = await verifyToken(token, keys, { requireExpiry: false });
 * if (lenient.exp === undefined) console.warn('this token never expires');
 * ```
 */
export type VerifiedClaims<RequireExpiry extends boolean = true> = LiveKitClaims & { iss: string } & ([RequireExpiry] extends [true] ? { exp: number } : unknown);

/**
 * Verifies a LiveKit access token and returns its claims.
 *
 * Checks, in this order, stopping at the first failure: size (`maxTokenBytes`, default 8 KiB) →
 * structure (three strict base64url parts, JSON objects) → header (`alg` must be HS256, no `crit`) → key lookup by
 * `iss` → signature (constant time) → claim types → `exp`/`nbf` with `clockTolerance` →
 * `room`/`identity`/`maxTtl`. A bad signature is reported as `ERR_TOKEN_SIGNATURE` even when
 * the token is also expired. Never throws synchronously: failures reject with a
 * {@link LiveKitTokenError}.
 *
 * @example
 * ```ts
 * import { verifyToken } from 'livekit-token';
 *
 * // keys: one ApiKey, an array (rotation), { key: secret }, or an (async) lookup function
 * const claims = await verifyToken(token, { [env.LIVEKIT_API_KEY]: env.LIVEKIT_API_SECRET }, { room: 'demo' });
 * console.log(claims.sub, claims.video?.canPublish);
 * ```
 */
export function verifyToken(token: string, keys: KeySet, options?: VerifyOptions & { requireExpiry?: true | undefined }): Promise<VerifiedClaims>;
export function verifyToken(token: string, keys: KeySet, options: VerifyOptions & { requireExpiry: false }): Promise<VerifiedClaims<false>>;
export function verifyToken(token: string, keys: KeySet, options?: VerifyOptions): Promise<VerifiedClaims<boolean>>;
export async function verifyToken(token: string, keys: KeySet, options?: VerifyOptions): Promise<VerifiedClaims<boolean>> {
  const plan = planVerify(options);
  const { header, claims, input, signature } = parseToken(token, plan.maxTokenBytes);
  checkHeader(header);
  let secret = lookupSecret(keys, issuer(claims));
  if (typeof secret === 'object') secret = await secret;
  if (!(await verifySignature(requireSecret(secret), input, signature))) badSignature();
  return checkClaims(claims, plan) as VerifiedClaims<boolean>;
}
