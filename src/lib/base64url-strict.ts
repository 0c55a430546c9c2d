// The one spelling rule for base64url in tokens (RFC 7515 §2, RFC 4648 §5): the 64 URL-safe
// characters only, no padding or whitespace, a length that is not 1 mod 4, and zero bits in the
// part of the last character that belongs to no byte. Every value then has exactly one spelling.

/** Only the 64 characters of the URL-safe alphabet: no padding, no whitespace, no `+` or `/`. */
const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;
/**
 * By length mod 4, the characters that may end the text: after 2 or 3 characters of a group, the
 * last one carries 4 or 2 bits that belong to no byte, and the canonical spelling has them zero.
 */
const CANONICAL_LAST = ['', '', 'AQgw', 'AEIMQUYcgkosw048'] as const;

/** Whether `text` is strict base64url, checked without decoding it. */
export function isBase64url(text: string): boolean {
  const rest = text.length & 3;
  return rest !== 1 && ALPHABET_ONLY.test(text) && (rest === 0 || CANONICAL_LAST[rest]!.includes(text[text.length - 1]!));
}
