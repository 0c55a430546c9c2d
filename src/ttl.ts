import { fail } from './errors.js';

// Unit spellings (as in `ms`/`jose`, plus `hr(s)`); the first letter gives the unit.
const UNITS = ' s sec secs second seconds m min mins minute minutes h hr hrs hour hours d day days w week weeks ';
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
// "<number><optional single space><unit>"; a bare number is seconds.
const HUMAN = /^(\d*\.?\d+) ?([a-z]*)$/;
// ISO 8601 durations limited to exact units (weeks, days, hours, minutes, seconds):
// years and months have no fixed length.
const ISO = /^P(?:(\d*\.?\d+)W)?(?:(\d*\.?\d+)D)?(?:T(?:(\d*\.?\d+)H)?(?:(\d*\.?\d+)M)?(?:(\d*\.?\d+)S)?)?$/;
const ISO_SECONDS = [604800, 86400, 3600, 60, 1];

/**
 * Parses a time-to-live into whole seconds (rounded down, at least 1).
 *
 * Accepted: a finite positive number of seconds; a string of a decimal number and a unit
 * (`s sec secs second seconds`, `m min mins minute minutes`, `h hr hrs hour hours`,
 * `d day days`, `w week weeks`) with an optional single space; a bare numeric string
 * (seconds); an ISO 8601 duration with weeks, days, hours, minutes or seconds (`PT1H30M`, `P1D`).
 * Compound strings such as `'1h30m'` are not accepted: write `'90m'` or `'PT1H30M'`.
 *
 * @throws {LiveKitTokenError} `ERR_TTL_INVALID` for anything else (zero, negative, NaN,
 *   Infinity, `''`, `'1 fortnight'`, a result below one second).
 * @example
 * ```ts
 * parseTtl('10m');     // 600
 * parseTtl('1.5h');    // 5400
 * parseTtl('2 days');  // 172800
 * parseTtl('PT1H30M'); // 5400
 * parseTtl(90);        // 90
 * ```
 */
export function parseTtl(ttl: number | string): number {
  let seconds = NaN;
  if (typeof ttl === 'number') {
    seconds = ttl;
  } else if (typeof ttl === 'string') {
    const human = HUMAN.exec(ttl);
    if (human) {
      const unit = human[2] || 's';
      if (UNITS.includes(` ${unit} `)) seconds = Number(human[1]) * UNIT_SECONDS[unit[0]!]!;
    } else {
      const iso = ISO.exec(ttl);
      // "P" and "PT" alone match the pattern with no component: not a duration.
      if (iso && /\d/.test(ttl) && !ttl.endsWith('T')) {
        seconds = 0;
        for (let i = 0; i < 5; i++) seconds += Number(iso[i + 1] ?? 0) * ISO_SECONDS[i]!;
      }
    }
  }
  return wholeTtl(seconds);
}

/**
 * @internal A TTL already converted to seconds, rounded down; `ERR_TTL_INVALID` unless it is at
 * least 1 second and a safe integer. Separate from the grammar so that a caller with its own
 * grammar (the compat layer) does not bundle ours.
 */
export function wholeTtl(seconds: number): number {
  const whole = Math.floor(seconds);
  // The value is not echoed: it may come from untrusted input.
  if (!(whole >= 1) || !Number.isSafeInteger(whole)) fail('ERR_TTL_INVALID', "ttl must be at least 1 second: seconds, or a span such as '10m' or '2 days'");
  return whole;
}
