// UTF-8 in the Node build (Node and Bun, export condition `node`): `Buffer.from` encodes a short
// string faster than `TextEncoder` in Node. Same bytes: a lone surrogate becomes U+FFFD in both.
// Decoding stays with the portable, strict `TextDecoder` of `utf8.ts`.
import { Buffer } from 'node:buffer';

export { fromUtf8 } from './utf8.js';

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  // Only read by the callers (hashed, encoded), so a view into Buffer's shared pool is fine.
  return Buffer.from(text, 'utf8') as Uint8Array<ArrayBuffer>;
}
