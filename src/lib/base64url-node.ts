// base64url in the Node build (Node and Bun, export condition `node`): `Buffer` encodes and decodes
// in native code, several times faster than the portable loops in `base64url.ts`. Same strict
// rules and the same bytes: `Buffer` decodes leniently (it skips characters outside the alphabet,
// accepts `+`, `/` and padding, and ignores unused bits in the last character), so the text is
// checked against those rules before `Buffer` sees it.
// This file replaces `base64url.ts` in the Node build, so it carries all of its functions.
import { Buffer } from 'node:buffer';
import { isBase64url } from './base64url-strict.js';
import { fromUtf8 } from './utf8-node.js';

const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Base64url length (no padding) of `n` bytes. */
export const encodedLength = (n: number): number => Math.ceil((n * 4) / 3);

/** Encodes bytes as a base64url string without padding. */
export function encodeBytes(bytes: Uint8Array): string {
  return view(bytes).toString('base64url');
}

/** Writes base64url (no padding) of `bytes` as ASCII codes into `out` at `at`. */
export function encodeInto(bytes: Uint8Array, out: Uint8Array, at: number): void {
  view(out).write(encodeBytes(bytes), at, 'latin1');
}

/** Decodes strict base64url (see `base64url.ts`); `undefined` for anything else. */
export function decodeBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  // A copy: small Buffers share a pooled allocation, which must not leak out through `.buffer`.
  return isBase64url(text) ? new Uint8Array(Buffer.from(text, 'base64url')) : undefined;
}

/** Decodes strict base64url of strict UTF-8 text (see `base64url.ts`); `undefined` for anything else. */
export function decodeText(text: string): string | undefined {
  // No copy: the bytes are read once here and never leave.
  return isBase64url(text) ? fromUtf8(Buffer.from(text, 'base64url')) : undefined;
}
