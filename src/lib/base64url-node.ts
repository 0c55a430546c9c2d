// base64url in the Node build (Node and Bun, export condition `node`): `Buffer` encodes and decodes
// in native code, several times faster than the portable loops in `base64url.ts`. Same strict
// rules and the same bytes: `Buffer` decodes leniently (it skips characters outside the alphabet,
// accepts `+`, `/` and padding, and ignores unused bits in the last character), so the text is
// checked against those rules before `Buffer` sees it.
// This file replaces `base64url.ts` in the Node build, so it carries all of its functions.
import { Buffer } from 'node:buffer';
import { fromUtf8 } from './utf8-node.js';

// `bytes` as a Buffer without copying. Most bytes here already are one (the Node build's UTF-8
// encoding makes Buffers), and reading `.buffer` is not free: Bun's engine turns the array into a
// slower kind the first time.
const view = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

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

/** Only the 64 characters of the URL-safe alphabet: no padding, no whitespace, no `+` or `/`. */
const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;
/**
 * By length mod 4, the characters that may end the text: after 2 or 3 characters of a group, the
 * last one carries 4 or 2 bits that belong to no byte, and the canonical spelling has them zero.
 */
const CANONICAL_LAST = ['', '', 'AQgw', 'AEIMQUYcgkosw048'] as const;

/** Whether `text` is strict base64url (the rules `base64url.ts` applies, which `Buffer` does not), without decoding it. */
export function isBase64url(text: string): boolean {
  const rest = text.length & 3;
  return rest !== 1 && ALPHABET_ONLY.test(text) && (rest === 0 || CANONICAL_LAST[rest]!.includes(text[text.length - 1]!));
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
