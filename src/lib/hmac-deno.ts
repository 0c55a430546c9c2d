// The HMAC engine of the Deno build (selected by the `deno` export condition). Web APIs only.
// In Deno, Web Crypto's `subtle.sign` hands every call to another thread and back, which costs
// many times the hash of a token-sized input, and `node:crypto` pays a similar fixed cost per
// call; the SHA-256 written in JavaScript (`sha256.ts`) is faster up to about a kilobyte. Larger
// inputs, where native hashing wins, go to Web Crypto. Same interface and bytes as `hmac.ts`.
import { encodedLength } from './base64url.js';
import * as webCrypto from './hmac.js';
import { signatureMatches, signedToken } from './jws.js';
import { hmacSha256 } from './sha256.js';

/** Inputs up to this many bytes are hashed inline: in Deno the JavaScript hash costs about as much as one Web Crypto call at 1 KB. */
export const INLINE_MAX_BYTES = 1024;

export async function hmacSign(secret: string, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer | Uint8Array> {
  return data.length > INLINE_MAX_BYTES ? webCrypto.hmacSign(secret, data) : hmacSha256(secret, data);
}

/** Constant time: every byte is compared whatever the earlier ones were. */
export async function hmacVerify(secret: string, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (data.length > INLINE_MAX_BYTES) return webCrypto.hmacVerify(secret, signature, data);
  const expected = hmacSha256(secret, data);
  let diff = signature.length ^ 32;
  for (let i = 0; i < 32; i++) diff |= expected[i]! ^ (signature[i] ?? 0);
  return diff === 0;
}

/** @internal As in `hmac.ts`: inline (the sync API's assembly, `jws.ts`) up to the threshold. */
export async function signToken(secret: string, header: string, payload: Uint8Array): Promise<string> {
  const inputBytes = header.length + 1 + encodedLength(payload.length); // ASCII
  return inputBytes > INLINE_MAX_BYTES ? webCrypto.signToken(secret, header, payload) : signedToken(secret, header, payload);
}

/** @internal As in `hmac.ts`, inline up to the threshold. */
export async function verifySignature(secret: string, input: string, signature: string): Promise<boolean> {
  return input.length > INLINE_MAX_BYTES ? webCrypto.verifySignature(secret, input, signature) : signatureMatches(secret, input, signature);
}
