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
 * names the command and points at its `--help`.
 */
export function parse(command: string, argv: string[], options: Options, maxPositionals = 0): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    const message = e instanceof Error ? e.message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option') : String(e);
    throw new UsageError(`livekit-token ${command}: ${message} (see livekit-token ${command} --help)`);
  }
  if (parsed.positionals.length > maxPositionals && !parsed.values['help']) {
    throw new UsageError(`livekit-token ${command}: unexpected argument ${quote(parsed.positionals[maxPositionals]!)} (see livekit-token ${command} --help)`);
  }
  return parsed;
}

/** A string flag's value, or undefined. */
export const str = (p: Parsed, name: string): string | undefined => p.values[name] as string | undefined;
/** A repeatable string flag's values (empty when absent). */
export const list = (p: Parsed, name: string): string[] => (p.values[name] as string[] | undefined) ?? [];
/** Whether a boolean flag is set. */
export const flag = (p: Parsed, name: string): boolean => p.values[name] === true;

/**
 * `--now`: an ISO 8601 date or epoch milliseconds. Lets scripts and tests judge (or mint) a
 * token as of a fixed instant; absent means the real clock.
 */
export function parseNow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`--now must be an ISO 8601 date (2025-01-01T12:00:00Z) or epoch milliseconds`);
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
