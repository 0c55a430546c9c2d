// Secrets and API keys read from outside (flags, environment variables, files, stdin, key
// files) keep their exact bytes. Trimming one would sign with a different secret than the one
// the LiveKit server holds, and only for some readers: so nothing is trimmed, and a value that
// still starts or ends with whitespace is refused instead of guessed at.

/**
 * @internal Whether `text` starts or ends with whitespace, as `String.prototype.trim()` sees it
 * (spaces, tabs, line breaks, no-break spaces, the byte order mark …).
 */
export const isPadded = (text: string): boolean => text !== text.trim();

/**
 * @internal `text` without one trailing newline (`\n` or `\r\n`): what `echo` and editors add
 * at the end of a file. Only for files and stdin, never for a variable or a flag.
 */
export function dropOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * @internal The message for a padded value: names where it came from (`source`), never the
 * value itself.
 */
export const paddedMessage = (source: string): string =>
  `${source} starts or ends with whitespace (a space, tab or line break): it is used byte for byte, so remove the whitespace`;
