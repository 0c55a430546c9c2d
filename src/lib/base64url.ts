// base64url without padding (RFC 7515 §2, RFC 4648 §5), decoded strictly so that
// every token has exactly one valid spelling.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let lookup: Int8Array | undefined;
function decodeTable(): Int8Array {
  if (!lookup) {
    lookup = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  }
  return lookup;
}

/** Encodes bytes as base64url without padding. */
export function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
    if (i + 1 < n) out += ALPHABET[(v >> 6) & 63]!;
  }
  return out;
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
  const out = new Uint8Array((n * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  // Non-canonical spelling: the bits left over after the last whole byte must be zero.
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
