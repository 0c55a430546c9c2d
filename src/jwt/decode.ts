import type { LiveKitClaims } from '../claims.js';
import { parseToken, type JwtHeader } from './parse.js';

/**
 * A token's parts, decoded but not verified.
 *
 * @example
 * ```ts
 * const { header, claims }: DecodedToken = decodeToken(token);
 * console.log(header.alg, claims.sub);
 * ```
 */
export interface DecodedToken {
  header: JwtHeader;
  claims: LiveKitClaims;
}

/**
 * Decodes a token **without checking its signature or times**: for logging, debugging and
 * routing decisions, never for trusting its content (use {@link verifyToken} for that).
 * Applies the same size and strict base64url/JSON checks as verification.
 *
 * @throws {LiveKitTokenError} `ERR_TOKEN_MALFORMED` when it is not a well-formed JWT.
 * @example
 * ```ts
 * const { claims } = decodeToken(token);
 * console.log(claims.sub, new Date(claims.exp! * 1000));
 * ```
 */
export function decodeToken(token: string): DecodedToken {
  const { header, claims } = parseToken(token);
  return { header, claims };
}
