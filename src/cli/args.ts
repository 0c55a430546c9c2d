import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLiveKitTokenError, parseTtl } from '../index.js';
import { quoteExcerpt } from '../hints.js';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command understands. */
export const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
};

/** Flags of the commands that sign or check signatures. */
export const KEY_FLAGS: Options = {
  'api-key': { type: 'string' },
  'api-secret': { type: 'string' },
  'api-secret-file': { type: 'string' },
  dev: { type: 'boolean' },
};

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * `node:util.parseArgs` in strict mode, with its errors rewritten for people: an unknown flag
 * names the command, suggests the flag it resembles and points at its `--help`. A string flag
 * followed by a negative value (`--now -30m`) takes it, where `parseArgs` alone would call it
 * ambiguous: no flag starts with a dash and a digit.
 */
export function parse(command: string, argv: string[], options: Options, maxPositionals = 0): Parsed {
  const all: Options = { ...COMMON, ...options };
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, all), options: all, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    const unknown = unknownFlag(argv, all);
    // Our own words for an unknown flag, cut short: parseArgs would repeat all of a huge one.
    const parseError = e instanceof Error ? e.message.split(/\.\s/)[0]! : String(e);
    const message = unknown === undefined ? parseError : `unknown option '--${unknown.length > 40 ? `${unknown.slice(0, 40)}…` : unknown}'`;
    const guess = unknown === undefined ? undefined : closest(unknown, Object.keys(all));
    const suggestion = guess === undefined ? '' : `; did you mean --${guess}?`;
    throw new UsageError(`livekit-token ${command}: ${message}${suggestion} (see livekit-token ${command} --help)`);
  }
  if (parsed.positionals.length > maxPositionals && !parsed.values['help']) {
    throw new UsageError(`livekit-token ${command}: unexpected argument ${quote(parsed.positionals[maxPositionals]!)} (see livekit-token ${command} --help)`);
  }
  return parsed;
}

/** `--name -30m` → `--name=-30m` for string flags, up to a `--` that ends the flags. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return out.concat(argv.slice(i));
    const next = argv[i + 1];
    const isStringFlag = arg.startsWith('--') && Object.prototype.hasOwnProperty.call(options, arg.slice(2)) && options[arg.slice(2)]!.type === 'string';
    if (isStringFlag && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** The name of the first `--flag` the command does not know, before any `--`. */
function unknownFlag(argv: string[], options: Options): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=', 1)[0]!;
    if (!Object.prototype.hasOwnProperty.call(options, name)) return name;
  }
  return undefined;
}

/** Longest word compared for a suggestion: longer input is no typo of a flag, and stays cheap. */
const MAX_SUGGEST_CHARS = 40;

/**
 * The known word closest to `word` (for "did you mean"): one it starts, or one within a few edits
 * (a swap of two neighbours counts as one). Undefined when nothing is close. At most
 * 40 × 40 steps per candidate.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0 || word.length > MAX_SUGGEST_CHARS) return undefined;
  const prefixed = candidates.filter((c) => word.length >= 3 && c.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  const allowed = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Edits (insert, delete, replace, swap of neighbours) between two short words. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || b.length > MAX_SUGGEST_CHARS) return Infinity;
  // Rows of the classic table; `before` is the row two above, for swaps.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    [before, previous] = [previous, row];
  }
  return previous[b.length]!;
}

/** A string flag's value, or undefined. */
export const str = (p: Parsed, name: string): string | undefined => p.values[name] as string | undefined;
/** A repeatable string flag's values (empty when absent). */
export const list = (p: Parsed, name: string): string[] => (p.values[name] as string[] | undefined) ?? [];
/** Whether a boolean flag is set. */
export const flag = (p: Parsed, name: string): boolean => p.values[name] === true;

/**
 * `--now`: an ISO 8601 date, epoch milliseconds, or a signed offset from the clock in the TTL
 * grammar (`+1h`, `-30m`; write a negative one as `--now=-30m` or `--now -30m`). Lets scripts and
 * tests judge (or mint) a token as of another instant; absent means the real clock.
 */
export function parseNow(text: string | undefined, clock: () => number = Date.now): number | undefined {
  if (text === undefined) return undefined;
  if (text.startsWith('+') || text.startsWith('-')) {
    const seconds = duration('now', text.slice(1), 'm')!;
    return clock() + (text.startsWith('-') ? -seconds : seconds) * 1000;
  }
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`--now must be an ISO 8601 date (2025-01-01T12:00:00Z), epoch milliseconds, or an offset such as +1h or -30m`);
  return ms;
}

/** Parses a flag's JSON value, naming the flag when it is not JSON. */
export function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} must be valid JSON, for example --${name} '{"canPublish":false}'`);
  }
}

/** A short, quoted excerpt of something the user typed, for an error message. */
export const quote = quoteExcerpt;

/** Longest duration text looked at; the TTL grammar allows no more either. */
const MAX_DURATION_CHARS = 64;
/** A bare number of seconds: digits, optionally a fraction. One pass, no backtracking. */
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * A duration flag (`--valid-for`, `--clock-tolerance`, `--max-ttl`) in seconds. Takes the TTL
 * grammar (`90s`, `10m`, `1h30m`, `2d`, `PT1H30M`) or a bare number of seconds. A bare number
 * from 1 to 59 is refused: `--valid-for 24` is far more often a forgotten `h` than a 24-second
 * token, and `24s` says it when it is meant. Errors name the flag, never the core's "ttl".
 */
export function duration(name: string, text: string | undefined, unitHint: 'm' | 'h' = 'h'): number | undefined {
  if (text === undefined) return undefined;
  const flagName = `--${name}`;
  if (text.length > MAX_DURATION_CHARS) throw new UsageError(`${flagName}: a duration is at most ${MAX_DURATION_CHARS} characters`);
  if (BARE_NUMBER.test(text)) {
    const seconds = Number(text);
    if (seconds > 0 && seconds < 60) {
      throw new UsageError(`${flagName}: '${text}' is ${text} seconds — did you mean '${text}${unitHint}'? Write '${text}s' to mean seconds`);
    }
    if (seconds === 0 && name === 'clock-tolerance') return 0;
  }
  try {
    return parseTtl(BARE_NUMBER.test(text) ? Number(text) : text);
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    // The core says which rule failed ("ttl is below one second: …"); say it of the flag.
    const rule = e.message.startsWith('ttl is ') && !e.message.startsWith('ttl is not a duration') ? e.message.slice('ttl is '.length) : undefined;
    throw new UsageError(`${flagName}: ${rule ?? 'not a duration; write one such as 90s, 10m, 1h30m, 2d or PT1H30M'} (${e.code})`);
  }
}

/** Most bytes read from a secret or attribute file: a real one is far smaller. */
const MAX_FILE_BYTES = 65536;

/**
 * The text of a file named by a flag, at most 64 KiB. Errors name the flag and the system's
 * reason (ENOENT, EACCES), never the content.
 */
export function readFlagFile(name: string, path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = new Uint8Array(MAX_FILE_BYTES + 1);
    let size = 0;
    for (let n = -1; n !== 0 && size <= MAX_FILE_BYTES; size += n) n = readSync(fd, buffer, size, buffer.length - size, null);
    if (size > MAX_FILE_BYTES) throw new UsageError(`--${name}: ${quote(path)} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
    return new TextDecoder().decode(buffer.subarray(0, size));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new UsageError(`--${name}: cannot read ${quote(path)} (${typeof code === 'string' ? code : 'read error'})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
