import { fail } from '../errors.js';
import { decodeText, isBase64url } from '../lib/base64url.js';
import { parseJsonObject } from '../lib/json.js';
import { DEFAULT_MAX_TOKEN_BYTES } from '../lib/limits.js';
import { utf8Length } from '../lib/text.js';
import { HEADER_SEGMENT } from './create.js';

/**
 * A JWS protected header. Tokens minted here always have `{"alg":"HS256","typ":"JWT"}`.
 *
 * @example
 * ```ts
 * const header: JwtHeader = decodeToken(token).header;
 * if (header.alg !== 'HS256') console.warn('verifyToken will reject this token');
 * ```
 */
export interface JwtHeader {
  alg?: string;
  typ?: string;
  [parameter: string]: unknown;
}

export interface ParsedToken {
  header: JwtHeader;
  claims: Record<string, unknown>;
  /** `header.payload`, what the signature covers. */
  input: string;
  /**
   * The signature segment, strict base64url. It stays text: the Node engine compares it with the
   * HMAC's own base64url output, with no decoding on either side.
   */
  signature: string;
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  const text = decodeText(segment);
  const value = text === undefined ? undefined : parseJsonObject(text);
  if (!value) fail('ERR_TOKEN_MALFORMED', `token ${what} is not base64url-encoded JSON object`);
  return value;
}

/**
 * @internal Size and structure checks (the first two steps of verification). Tokens over
 * `maxBytes` are refused before any other work.
 */
export function parseToken(token: string, maxBytes = DEFAULT_MAX_TOKEN_BYTES): ParsedToken {
  if (typeof token !== 'string') fail('ERR_TOKEN_MALFORMED', 'token must be a string');
  // A UTF-16 unit is 1 to 3 UTF-8 bytes, so the bytes are counted only when the length alone
  // cannot tell.
  if (token.length > maxBytes || (token.length * 3 > maxBytes && utf8Length(token) > maxBytes)) {
    fail('ERR_TOKEN_MALFORMED', `token is larger than ${maxBytes} bytes (maxTokenBytes)`);
  }
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
    fail('ERR_TOKEN_MALFORMED', 'token must have three parts separated by dots');
  }
  // Nearly every token has the header this library writes: read it without decoding.
  const header = dot1 === HEADER_SEGMENT.length && token.startsWith(HEADER_SEGMENT) ? { alg: 'HS256', typ: 'JWT' } : decodeJson(token.slice(0, dot1), 'header');
  const claims = decodeJson(token.slice(dot1 + 1, dot2), 'payload');
  const signature = token.slice(dot2 + 1);
  if (!isBase64url(signature)) fail('ERR_TOKEN_MALFORMED', 'token signature is not base64url');
  return { header, claims, input: token.slice(0, dot2), signature };
}
