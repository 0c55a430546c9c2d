/**
 * Whether two strings are equal, comparing every character whatever the earlier ones were, so
 * the time taken tells nothing about how much of a signature was right. A different length is no
 * secret (a signature's length is public).
 */
export function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  // Past the end of `b`, charCodeAt gives NaN, which `^` reads as 0: the lengths already differ.
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
