// The synchronous API's hash in the Node build (Node and Bun, selected by the `node` export
// condition): `node:crypto` in native code instead of the SHA-256 written in JavaScript in
// `sha256.ts`, which every other runtime loads. Same HMAC interface, same bytes.
import { createHmac } from 'node:crypto';
import { hmacSha256Node } from './hmac-node.js';

/** HMAC-SHA256 (RFC 2104); a string key means its UTF-8 bytes, and has its key object cached. */
export function hmacSha256(key: string | Uint8Array, data: Uint8Array): Uint8Array {
  return typeof key === 'string' ? hmacSha256Node(key, data) : createHmac('sha256', key).update(data).digest();
}
