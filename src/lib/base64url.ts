import { fromUtf8 } from './utf8.js';

// base64url without padding (RFC 7515 §2, RFC 4648 §5), decoded strictly so that
// every token has exactly one valid spelling.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Character code → 6-bit value, -1 for characters outside the alphabet (codes ≥ 128 never look it up). */
let lookup: Int8Array | undefined;
function decodeTable(): Int8Array {
  if (!lookup) {
    lookup = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  }
  return lookup;
}

let codes: Uint8Array | undefined;

/**
 * Writes base64url (no padding) of `bytes` as ASCII codes into `out` at `at`. The sync mint
 * builds the token's bytes in one buffer: the HMAC reads them as they are and the token string
 * is decoded once at the end, instead of concatenating strings and encoding them again.
 */
export function encodeInto(bytes: Uint8Array, out: Uint8Array, at: number): void {
  const t = (codes ??= Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0)));
  const n = bytes.length;
  const whole = n - (n % 3);
  let i = 0;
  for (; i < whole; i += 3, at += 4) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[at] = t[v >> 18]!;
    out[at + 1] = t[(v >> 12) & 63]!;
    out[at + 2] = t[(v >> 6) & 63]!;
    out[at + 3] = t[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out[at] = t[v >> 18]!;
    out[at + 1] = t[(v >> 12) & 63]!;
    if (i + 1 < n) out[at + 2] = t[(v >> 6) & 63]!;
  }
}

/** Base64url length (no padding) of `n` bytes. */
export const encodedLength = (n: number): number => Math.ceil((n * 4) / 3);

/** Encodes bytes as a base64url string without padding (any length: no argument spreading). */
export function encodeBytes(bytes: Uint8Array): string {
  const out = new Uint8Array(encodedLength(bytes.length));
  encodeInto(bytes, out, 0);
  return fromUtf8(out)!; // ASCII, always valid
}

/**
 * Decodes strict base64url: only the 64 URL-safe characters, no padding, no whitespace,
 * a length that is not 1 mod 4, and zero unused bits in the last character.
 * Returns `undefined` for anything else, so callers choose the error.
 */
export function decodeBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const n = text.length;
  const rest = n & 3;
  if (rest === 1) return undefined;
  const table = decodeTable();
  const value = (i: number): number => {
    const c = text.charCodeAt(i);
    return c < 128 ? table[c]! : -1;
  };
  const out = new Uint8Array((n * 3) >> 2);
  const whole = n - rest;
  let o = 0;
  let i = 0;
  // Four characters make three bytes; one invalid character makes the OR negative.
  for (; i < whole; i += 4, o += 3) {
    const a = value(i), b = value(i + 1), c = value(i + 2), d = value(i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = v & 255;
  }
  if (rest) {
    const a = value(i), b = value(i + 1), c = rest === 3 ? value(i + 2) : 0;
    if ((a | b | c) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6);
    // Non-canonical spelling: the bits after the last whole byte must be zero.
    if ((rest === 2 ? v & 0xffff : v & 0xff) !== 0) return undefined;
    out[o] = v >> 16;
    if (rest === 3) out[o + 1] = (v >> 8) & 255;
  }
  return out;
}

/**
 * Whether `text` is strict base64url (see {@link decodeBytes}). Here by decoding it, which keeps
 * edge bundles small; the Node build checks the spelling without decoding.
 */
export function isBase64url(text: string): boolean {
  return decodeBytes(text) !== undefined;
}

/** Decodes strict base64url (see {@link decodeBytes}) of strict UTF-8 text; `undefined` for anything else. */
export function decodeText(text: string): string | undefined {
  const bytes = decodeBytes(text);
  return bytes && fromUtf8(bytes);
}
