import { withoutNulls, type LiveKitClaims } from '../claims.js';
import { fail } from '../errors.js';
import { maxTokenBytes } from '../lib/limits.js';
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
 * Options of {@link decodeToken}.
 *
 * @example
 * ```ts
 * const options: DecodeOptions = { maxTokenBytes: 16 * 1024 };
 * const { claims } = decodeToken(token, options);
 * ```
 */
export interface DecodeOptions {
  /** Refuse tokens larger than this many bytes. Default 8192, as for verification. */
  maxTokenBytes?: number | undefined;
}

/**
 * Decodes a token **without checking its signature or times**: for logging, debugging and
 * routing decisions, never for trusting its content (use {@link verifyToken} for that).
 * Applies the same size and strict base64url/JSON checks as verification. Claims are returned
 * as the token has them, even times a `Date` cannot hold (the helpers refuse those), except
 * that fields whose value is `null` are left out, as verification reads them.
 *
 * @throws {LiveKitTokenError} `ERR_TOKEN_MALFORMED` when it is not a well-formed JWT.
 * @example
 * ```ts
 * const { claims } = decodeToken(token);
 * console.log(claims.sub, new Date(claims.exp! * 1000));
 * ```
 */
export function decodeToken(token: string, options?: DecodeOptions): DecodedToken {
  if (options !== undefined && (typeof options !== 'object' || options === null)) fail('ERR_INVALID_OPTIONS', 'decode options must be an object');
  const { header, claims } = parseToken(token, maxTokenBytes(options?.maxTokenBytes));
  return { header, claims: withoutNulls(claims) };
}
