import { decodeBytes, encodeBytes } from './base64url.js';
import { utf8 } from './utf8.js';

// Importing a CryptoKey costs about as much as one HMAC, so keys are cached per secret.
// The cache is bounded: when full it is emptied, which is cheap and keeps memory flat
// for resolvers that hand out many distinct secrets.
const MAX_KEYS = 256;
let cache: Map<string, Promise<CryptoKey>> | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  cache ??= new Map();
  let key = cache.get(secret);
  if (!key) {
    if (cache.size >= MAX_KEYS) cache.clear();
    const pending = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    // A failed import must not stay cached (the caller still sees the rejection).
    pending.catch(() => cache?.get(secret) === pending && cache.delete(secret));
    cache.set(secret, (key = pending));
  }
  return key;
}

export async function hmacSign(secret: string, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', await hmacKey(secret), data);
}

/** Constant-time by Web Crypto's contract. */
export async function hmacVerify(secret: string, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await hmacKey(secret), signature, data);
}

/**
 * @internal The token `header.payload.signature` (see `jws.ts`), signed by Web Crypto. Strings
 * here: the thread hop of `subtle.sign` dwarfs the copies, and the code is smaller than the
 * one-buffer assembly of the sync API.
 */
export async function signToken(secret: string, header: string, payload: Uint8Array): Promise<string> {
  const input = header + '.' + encodeBytes(payload);
  return input + '.' + encodeBytes(new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(input))));
}

/**
 * @internal Whether `signature` signs `input`, a token's `header.payload` (ASCII). `signature` is
 * strict base64url: the token was parsed first.
 */
export async function verifySignature(secret: string, input: string, signature: string): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await hmacKey(secret), decodeBytes(signature)!, utf8(input));
}
