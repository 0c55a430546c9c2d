import { verifyToken, type ApiKey } from '../index.js';
import { parseToken } from '../jwt/parse.js';
import { toSeconds } from './duration.js';
import type { ClaimGrants } from './types.js';

/**
 * Drop-in replacement for livekit-server-sdk's `TokenVerifier`, built on `verifyToken`: checks
 * the signature with one API key/secret and returns the claims as the token has them (`null`
 * values included, as the SDK returns them). Stricter on purpose: the algorithm is pinned to
 * HS256 and `exp` is required. Failures reject with a `LiveKitTokenError`.
 *
 * @example
 * ```ts
 * import { TokenVerifier } from 'livekit-token/compat';
 *
 * const claims = await new TokenVerifier(apiKey, apiSecret).verify(token);
 * console.log(claims.sub, claims.video?.room);
 * ```
 */
export class TokenVerifier {
  readonly #key: ApiKey;

  constructor(apiKey: string, apiSecret: string) {
    this.#key = { apiKey, apiSecret };
  }

  /**
   * Verifies `token` and returns its claims.
   *
   * @param clockTolerance - allowed clock skew for `exp`/`nbf`: seconds or a span such as `'1m'`. Default 10 s.
   * @example
   * ```ts
   * const claims = await verifier.verify(token, 60); // LiveKit's server allows 60 s
   * ```
   */
  async verify(token: string, clockTolerance: string | number = 10): Promise<ClaimGrants> {
    await verifyToken(token, this.#key, { clockTolerance: toSeconds(clockTolerance) });
    // The core leaves out null claims (the server reads them as absent); the SDK returns the
    // payload as it is, so its callers may test for null. Parsed again: the token is verified.
    return parseToken(token).claims as ClaimGrants;
  }
}
