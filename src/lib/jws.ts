// The synchronous API's HS256 signing and signature check, portable (the Web and Deno builds).
// The Node build replaces this file with `jws-node.ts`, which hands the signing input to
// `node:crypto` as a string instead.
import { decodeBytes, encodedLength, encodeInto } from './base64url.js';
import { hmacSha256 } from './sha256.js';
import { fromUtf8, utf8 } from './utf8.js';

/**
 * @internal The token `header.payload.signature`: `header` is an encoded header segment (ASCII),
 * `payload` the claims as UTF-8 JSON, signed with HMAC-SHA256 under `secret`.
 */
export function signedToken(secret: string, header: string, payload: Uint8Array): string {
  // One buffer for the whole token: the HMAC reads the signing input in place and the token
  // string is decoded once (10–15% faster than concatenating strings and encoding them again).
  const payloadAt = header.length + 1;
  const signatureAt = payloadAt + encodedLength(payload.length);
  const token = new Uint8Array(signatureAt + 44); // '.' and 43 characters of a SHA-256 HMAC
  for (let i = 0; i < header.length; i++) token[i] = header.charCodeAt(i); // ASCII
  encodeInto(payload, token, payloadAt);
  token[payloadAt - 1] = token[signatureAt] = 46; // '.'
  encodeInto(hmacSha256(secret, token.subarray(0, signatureAt)), token, signatureAt + 1);
  return fromUtf8(token)!; // ASCII, always valid
}

/**
 * @internal Whether `signature` (strict base64url: the token was parsed first) is the
 * HMAC-SHA256 of `input` (a token's `header.payload`) under `secret`. Compared as bytes, in
 * constant time: every byte is compared whatever the earlier ones were.
 */
export function signatureMatches(secret: string, input: string, signature: string): boolean {
  const expected = hmacSha256(secret, utf8(input));
  const given = decodeBytes(signature) ?? new Uint8Array(0);
  let diff = given.length ^ 32;
  for (let i = 0; i < 32; i++) diff |= expected[i]! ^ (given[i] ?? 0);
  return diff === 0;
}
