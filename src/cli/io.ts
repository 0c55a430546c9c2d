// Everything a command touches outside itself goes through `Io`, so commands never reach for
// `process` directly and the whole CLI can be driven from a test with fake streams.

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

/** Wraps `text` in an ANSI style when `out` allows colour. */
export function paint(out: Out, style: Style, text: string): string {
  return out.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** Writes one line. */
export function line(out: Out, text = ''): void {
  out.write(text + '\n');
}
