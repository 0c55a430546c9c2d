// The synchronous API's HS256 signing and signature check in the Node build (Node and Bun, export
// condition `node`; replaces `jws.ts`). The signing input goes to `node:crypto` as a string and
// the signature comes back as base64url, so a mint makes no intermediate buffers: the same steps
// as the shortest hand-written `createHmac` signer. Same tokens and results as `jws.ts`.
import { timingSafeEqual } from 'node:crypto';
import { encodeBytes } from './base64url-node.js';
import { hmacNode } from './hmac-node.js';

// A token's signing input is ASCII (the header segment is ours or strict base64url, and so is the
// payload segment), so its Latin-1 bytes are its UTF-8 bytes, and Latin-1 is the cheaper reading.

/** @internal As in `jws.ts`: the token `header.payload.signature`. */
export function signedToken(secret: string, header: string, payload: Uint8Array): string {
  const input = `${header}.${encodeBytes(payload)}`;
  return `${input}.${hmacNode(secret).update(input, 'latin1').digest('base64url')}`;
}

/** @internal As in `jws.ts`; `timingSafeEqual` compares every byte. A wrong length is not a secret. */
export function signatureMatches(secret: string, input: string, signature: Uint8Array): boolean {
  return signature.length === 32 && timingSafeEqual(hmacNode(secret).update(input, 'latin1').digest(), signature);
}
