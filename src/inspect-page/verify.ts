// Checks the token's signature in the page, with the key and secret typed into it.
import { describeToken } from '../describe.js';
import { isLiveKitTokenError } from '../errors.js';
import { tokenHint } from '../hints.js';
import { verifyTokenSync } from '../jwt/sync.js';
import { verifyToken } from '../jwt/verify.js';

/**
 * What the verify box shows.
 *
 * @example
 * const outcome: VerifyOutcome = { valid: false, code: 'ERR_TOKEN_SIGNATURE', message: '…', hint: 'wrong secret or key: …', engine: 'Web Crypto' };
 */
export type VerifyOutcome =
  | { valid: true; summary: string; engine: Engine }
  | { valid: false; code: string; message: string; hint: string; engine: Engine };

/**
 * Web Crypto exists only in a secure context (`file:`, `http://127.0.0.1`, `https:`); anywhere
 * else, such as a LAN address, the page checks the signature with the library's own SHA-256.
 *
 * @example
 * const used: Engine = engine(); // 'Web Crypto' on file: and http://127.0.0.1
 */
export type Engine = 'Web Crypto' | 'built-in SHA-256';

/**
 * The engine the verify box uses here.
 *
 * @example
 * engine(); // 'built-in SHA-256' on a page opened through a LAN address
 */
export const engine = (): Engine => (globalThis.isSecureContext && globalThis.crypto?.subtle !== undefined ? 'Web Crypto' : 'built-in SHA-256');

/**
 * Verifies as `livekit-token verify` does (HS256 only, 10 s of clock tolerance) and answers
 * with the same error code and hint. The secret is only passed on to the HMAC.
 *
 * @example
 * await verifyInPage(token, 'APIkey', typedSecret, Date.now()); // { valid: true, summary: 'alice may join …', engine: 'Web Crypto' }
 */
export async function verifyInPage(token: string, apiKey: string, apiSecret: string, now: number): Promise<VerifyOutcome> {
  const used = engine();
  const keys = { [apiKey]: apiSecret };
  try {
    const claims = used === 'Web Crypto' ? await verifyToken(token, keys, { now }) : verifyTokenSync(token, keys, { now });
    return { valid: true, summary: describeToken(claims, { now }), engine: used };
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    return { valid: false, code: e.code, message: e.message, hint: tokenHint(e, token, { apiKey, now }), engine: used };
  }
}
