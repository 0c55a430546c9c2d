// The HMAC engine of the Node build (Node and Bun, selected by the `node` export condition):
// `node:crypto` hashes on the calling thread in native code. Web Crypto's `subtle.sign` sends
// every call through the thread pool and back, which costs several times the hash itself for a
// token-sized input. Same interface, same bytes and same results as `hmac.ts`, the Web Crypto
// engine that every other runtime loads.
import { createHmac, createSecretKey, timingSafeEqual, type Hmac, type KeyObject } from 'node:crypto';
import { encodeBytes } from './base64url-node.js';
import { sameText } from './same-text.js';
import { utf8 } from './utf8.js';

// A KeyObject per secret saves encoding the secret and setting up the key on every call.
// Bounded like the Web Crypto engine's cache: emptied when full.
const MAX_KEYS = 256;
let cache: Map<string, KeyObject> | undefined;

function hmacKey(secret: string): KeyObject {
  cache ??= new Map();
  let key = cache.get(secret);
  if (!key) {
    if (cache.size >= MAX_KEYS) cache.clear();
    cache.set(secret, (key = createSecretKey(utf8(secret))));
  }
  return key;
}

/** @internal A new HMAC-SHA256 under the UTF-8 bytes of `secret`, its key object cached. */
export function hmacNode(secret: string): Hmac {
  return createHmac('sha256', hmacKey(secret));
}

/** @internal HMAC-SHA256 of `data` under the UTF-8 bytes of `secret` (32 bytes), synchronously. */
export function hmacSha256Node(secret: string, data: Uint8Array): Uint8Array {
  return hmacNode(secret).update(data).digest();
}

export async function hmacSign(secret: string, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return hmacSha256Node(secret, data);
}

/** Constant-time: `timingSafeEqual` compares every byte. A wrong length is not a secret. */
export async function hmacVerify(secret: string, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return signature.length === 32 && timingSafeEqual(hmacSha256Node(secret, data), signature);
}

// A token's signing input is ASCII (the header segment is ours or strict base64url, and so is the
// payload segment), so its Latin-1 bytes are its UTF-8 bytes, and Latin-1 is the cheaper reading.
// Handing `node:crypto` the input as a string and taking the signature back as base64url makes no
// intermediate buffers: the same steps as the shortest hand-written `createHmac` signer.

/** @internal As in `jws.ts`: the token `header.payload.signature`, synchronously. */
export function signedToken(secret: string, header: string, payload: Uint8Array): string {
  const input = `${header}.${encodeBytes(payload)}`;
  return `${input}.${hmacNode(secret).update(input, 'latin1').digest('base64url')}`;
}

/**
 * @internal As in `jws.ts`, in base64url: the signature segment is compared with the HMAC's
 * base64url output (both canonical), which spares decoding one and allocating a buffer for the other.
 */
export function signatureMatches(secret: string, input: string, signature: string): boolean {
  return sameText(hmacNode(secret).update(input, 'latin1').digest('base64url'), signature);
}

/** @internal As in `hmac.ts`, on the calling thread (the sync API's signing). */
export async function signToken(secret: string, header: string, payload: Uint8Array): Promise<string> {
  return signedToken(secret, header, payload);
}

/** @internal As in `hmac.ts`, on the calling thread (the sync API's check). */
export async function verifySignature(secret: string, input: string, signature: string): Promise<boolean> {
  return signatureMatches(secret, input, signature);
}
