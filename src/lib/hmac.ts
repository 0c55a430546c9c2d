import { utf8 } from './utf8.js';

// Importing a CryptoKey costs about as much as one HMAC, so keys are cached per secret.
// The cache is bounded: when full it is emptied, which is cheap and keeps memory flat
// for resolvers that hand out many distinct secrets.
// An entry starts as the import promise and is replaced by the CryptoKey once it resolves, so
// the steady state calls `subtle.sign` directly instead of awaiting a settled promise first.
const MAX_KEYS = 256;
let cache: Map<string, CryptoKey | Promise<CryptoKey>> | undefined;

export function hmacKey(secret: string): CryptoKey | Promise<CryptoKey> {
  cache ??= new Map();
  let key = cache.get(secret);
  if (!key) {
    if (cache.size >= MAX_KEYS) cache.clear();
    const pending = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']).then(
      (k) => {
        if (cache?.get(secret) === pending) cache.set(secret, k);
        return k;
      },
      (e: unknown) => {
        // A failed import must not stay cached.
        if (cache?.get(secret) === pending) cache.delete(secret);
        throw e;
      },
    );
    cache.set(secret, (key = pending));
  }
  return key;
}

// Not `instanceof Promise`: in sandboxes such as Next.js's edge runtime, `crypto.subtle` returns
// promises of another realm.
const isPending = (key: CryptoKey | Promise<CryptoKey>): key is Promise<CryptoKey> => 'then' in key;

export function hmacSign(secret: string, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  const key = hmacKey(secret);
  return isPending(key) ? key.then((k) => crypto.subtle.sign('HMAC', k, data)) : crypto.subtle.sign('HMAC', key, data);
}

/** Constant-time by Web Crypto's contract. */
export function hmacVerify(secret: string, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const key = hmacKey(secret);
  return isPending(key)
    ? key.then((k) => crypto.subtle.verify('HMAC', k, signature, data))
    : crypto.subtle.verify('HMAC', key, signature, data);
}
