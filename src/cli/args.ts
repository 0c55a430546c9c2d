import { parseArgs, type ParseArgsConfig } from 'node:util';
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
    throw new UsageError(`livekit-token ${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals]!.slice(0, 40))} (see livekit-token ${command} --help)`);
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
