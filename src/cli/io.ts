// Everything a command touches outside itself goes through `Io`, so commands never reach for
// `process` directly and the whole CLI can be driven from a test with fake streams.
import { FORBIDDEN_CHARACTER } from '../lib/text.js';

/** One output stream: writes text and knows whether it may use colour. */
export interface Out {
  write(text: string): void;
  /** Whether ANSI colour is allowed on this stream. */
  color: boolean;
}

export interface Io {
  env: Readonly<Record<string, string | undefined>>;
  stdout: Out;
  stderr: Out;
  /** Whether stdin is a terminal (then there is nothing piped to read). */
  stdinIsTTY: boolean;
  readStdin(): Promise<string>;
  /** Resolves when the process should stop (SIGINT/SIGTERM); used by `serve`. */
  stopSignal(): Promise<string>;
}

/**
 * Colour only on a terminal, never with `NO_COLOR` set to anything non-empty
 * (https://no-color.org). `FORCE_COLOR` (non-empty, not `0`) turns it on for pipes, so the
 * coloured output can be tested; `NO_COLOR` still wins.
 */
export function colorAllowed(isTTY: boolean, env: Io['env']): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0';
  return isTTY && env['TERM'] !== 'dumb';
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

/** A piece of a line to be shown in a style (when the stream allows colour). */
export interface Styled {
  style: Style;
  text: string;
}

/** Marks `text` to be shown in an ANSI style; {@link line} adds the codes when colour is allowed. */
export function paint(style: Style, text: string): Styled {
  return { style, text };
}

// The same characters as the identity rules, found anywhere in the text.
const FORBIDDEN_ANYWHERE = new RegExp(FORBIDDEN_CHARACTER.source, 'g');
const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Shows every control character (C0, DEL, C1), line/paragraph separator and bidi control as
 * `\u001b`-style text. A token or a request can carry any of them; printed raw, `ESC[2J` clears
 * the screen, an OSC sequence retitles the terminal, and U+202E makes text read backwards.
 */
export function escapeText(text: string): string {
  return text.replace(FORBIDDEN_ANYWHERE, hex4);
}

/**
 * Writes one line for a person. Every part is escaped with {@link escapeText} (a newline in a
 * part shows as `\u000a`), so nothing from a token or a request can drive the terminal; only
 * the styles of {@link paint} add escape codes.
 */
export function line(out: Out, ...parts: Array<string | Styled>): void {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += escapeText(part);
    else text += out.color ? `\u001b[${CODES[part.style]}m${escapeText(part.text)}\u001b[0m` : escapeText(part.text);
  }
  out.write(text + '\n');
}

/** Writes our own multi-line text (help, indented JSON), one escaped {@link line} per line. */
export function lines(out: Out, block: string): void {
  for (const text of block.split('\n')) line(out, text);
}

/**
 * Writes `value` as indented JSON for machines. `JSON.stringify` escapes C0 controls but leaves
 * DEL, C1, U+2028/2029 and bidi controls raw; those can only occur inside strings, where the
 * `\uXXXX` form is JSON's own escape for the same character, so the output parses back to
 * exactly `value` and still shows nothing raw on a terminal.
 */
export function json(out: Out, value: unknown): void {
  // Raw newlines in the output are the indentation's own: JSON.stringify escapes those in strings.
  out.write(JSON.stringify(value, null, 2).split('\n').map(escapeText).join('\n') + '\n');
}
