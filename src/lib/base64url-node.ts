// base64url in the Node build (Node and Bun, export condition `node`): `Buffer` encodes in native
// code, several times faster than the portable loop in `base64url.ts`. Same strict rules and the
// same bytes: `Buffer` decodes leniently (it skips characters outside the alphabet and accepts
// `+`, `/` and padding), so a decoding is accepted only when encoding it again gives back the
// very same text, which holds exactly for the canonical unpadded base64url spelling.
// This file replaces `base64url.ts` in the Node build, so it carries all of its functions.
import { Buffer } from 'node:buffer';

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
  const decoded = Buffer.from(text, 'base64url');
  // A copy: small Buffers share a pooled allocation, which must not leak out through `.buffer`.
  return decoded.toString('base64url') === text ? new Uint8Array(decoded) : undefined;
}
