// Character and length rules for names that LiveKit shows to people and writes to logs
// (identity, room, display name). Shared by createToken, the token service and the CLI.

/**
 * Characters that have no place in an identity, a room or a display name: C0 controls, DEL,
 * C1 controls, the line and paragraph separators, the bidirectional controls that make
 * text read differently from what it is (U+200E/200F, U+061C, U+202A–202E, U+2066–2069), and
 * lone UTF-16 surrogates, which the LiveKit server reads as U+FFFD (so two identities that
 * differ only there would be one participant). A character class and two one-unit lookarounds:
 * the scan is linear in the length of the text.
 */
export const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** @internal Whether `text` holds a character of {@link FORBIDDEN_CHARACTER}. */
export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN_CHARACTER.test(text);
}

/**
 * @internal The length of `text` in UTF-8 bytes, counted without encoding it. The LiveKit server
 * measures identity and room in bytes (Go's `len`), so that is what the limits count. A lone
 * surrogate counts 3 bytes, as `TextEncoder` writes U+FFFD for it.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
