import { fail } from './errors.js';

/** Longest TTL string read at all: anything longer is refused before it is looked at. */
const MAX_TTL_LENGTH = 64;
/** 100 years of 365.25 days: far enough for any token, near enough that `exp` is a valid date everywhere. */
const MAX_TTL_SECONDS = 3_155_760_000;

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const WEEK = 604800;

// Seconds per unit, by its letter: the units of a compound span ('1h30m') and, in upper case,
// the designators of an ISO 8601 duration limited to exact units ('P1W', 'PT1H30M': years and
// months have no fixed length).
const UNIT_SECONDS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE, s: 1 };

// Unit words after a decimal number (as in `ms`/`jose`, plus `hr(s)`); the first letter of each
// names its unit. A list, so that words such as "constructor" find nothing.
const UNIT_WORDS = [
  's', 'sec', 'secs', 'second', 'seconds',
  'm', 'min', 'mins', 'minute', 'minutes',
  'h', 'hr', 'hrs', 'hour', 'hours',
  'd', 'day', 'days',
  'w', 'week', 'weeks',
];

const NOT_A_DURATION_MESSAGE =
  "ttl is not a duration: use seconds, or a span such as '10m', '2 days', '1h30m' or 'PT1H30M'";

const isDigit = (code: number): boolean => code >= 48 && code <= 57; // '0'…'9'

/** End of the run of digits starting at `start`. */
function digitsEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/**
 * End of the decimal number starting at `start` (digits, optionally a '.' and at least one more
 * digit: `5`, `1.5`, `.5`), or `start` when there is none. A '.' without a digit after it is not
 * part of the number.
 */
function numberEnd(text: string, start: number): number {
  const end = digitsEnd(text, start);
  return text.charCodeAt(end) === 46 /* '.' */ && isDigit(text.charCodeAt(end + 1)) ? digitsEnd(text, end + 1) : end;
}

/**
 * `text` read as parts, each a number and a unit letter from `units`: units in that order
 * (largest first), each at most once. Seconds, or NaN; an empty text is 0 seconds. Numbers are
 * whole unless `fractions`.
 */
function scanParts(text: string, units: string, fractions: boolean): number {
  let seconds = 0;
  let next = 0; // index in `units` of the first unit still allowed
  let i = 0;
  while (i < text.length) {
    const end = fractions ? numberEnd(text, i) : digitsEnd(text, i);
    if (end === i || end === text.length) return NaN;
    const unit = units.indexOf(text[end]!, next);
    if (unit < 0) return NaN;
    seconds += Number(text.slice(i, end)) * UNIT_SECONDS[units[unit]!.toLowerCase()]!;
    next = unit + 1;
    i = end + 1;
  }
  return seconds;
}

/** `PT1H30M`, `P1D`, `P1W`, `PT0.5H`: seconds, or NaN. */
function scanIso(text: string): number {
  // 'P', weeks and days, then optionally 'T' and hours, minutes and seconds (at least one).
  const t = text.indexOf('T');
  const date = scanParts(text.slice(1, t < 0 ? text.length : t), 'WD', true);
  const time = t < 0 ? 0 : t === text.length - 1 ? NaN : scanParts(text.slice(t + 1), 'HMS', true);
  return text.length === 1 ? NaN : date + time; // NaN when either half is
}

/**
 * A TTL string (at most MAX_TTL_LENGTH characters) in seconds, not yet rounded; NaN when it does
 * not follow the grammar (as the compat layer's grammar answers too), which wholeTtl refuses.
 */
function scanTtl(text: string): number {
  if (text.charCodeAt(0) === 80 /* 'P' */) return scanIso(text);
  const end = numberEnd(text, 0);
  if (end === 0) return NaN;
  const value = Number(text.slice(0, end));
  if (end === text.length) return value; // a bare number: seconds
  // A decimal number, an optional single space and a unit word that ends the text…
  const word = text.slice(text.charCodeAt(end) === 32 /* ' ' */ ? end + 1 : end);
  if (UNIT_WORDS.includes(word)) return value * UNIT_SECONDS[word[0]!]!;
  // …or else a compound span ('1h30m'): whole numbers, no space.
  return scanParts(text, 'wdhms', false);
}

/**
 * Parses a time-to-live into whole seconds (rounded down).
 *
 * Accepted:
 * - a finite positive number of seconds;
 * - a decimal number and a unit with an optional single space: `s sec secs second seconds`,
 *   `m min mins minute minutes`, `h hr hrs hour hours`, `d day days`, `w week weeks`
 *   (`'90s'`, `'1.5h'`, `'2 days'`); a bare numeric string is seconds (`'600'`);
 * - a compound span as `lk token create --valid-for` takes it, but stricter: whole numbers,
 *   units `w d h m s` largest first, each at most once, no spaces (`'1h30m'`, `'2h45m30s'`,
 *   `'1d12h'`, `'1h30m0s'`);
 * - an ISO 8601 duration with weeks, days, hours, minutes or seconds (`'PT1H30M'`, `'P1D'`).
 *
 * The result is at least 1 second and at most 100 years (3 155 760 000 seconds). Strings over
 * 64 characters are refused unread; parsing takes time linear in the length.
 *
 * @throws {LiveKitTokenError} `ERR_TTL_INVALID` for anything else (zero, negative, NaN,
 *   Infinity, `''`, `'1 fortnight'`, `'30m1h'`, a result below one second or above 100 years,
 *   a string over 64 characters). The message says which rule failed and never repeats the input.
 * @example
 * ```ts
 * parseTtl('10m');     // 600
 * parseTtl('1.5h');    // 5400
 * parseTtl('2 days');  // 172800
 * parseTtl('1h30m');   // 5400
 * parseTtl('PT1H30M'); // 5400
 * parseTtl(90);        // 90
 * ```
 */
export function parseTtl(ttl: number | string): number {
  if (typeof ttl !== 'string') return wholeTtl(ttl); // a number; wholeTtl refuses anything else
  // Checked first: TTL strings arrive in request bodies, so no work is done on a long one.
  if (ttl.length > MAX_TTL_LENGTH) fail('ERR_TTL_INVALID', `ttl is too long: at most ${MAX_TTL_LENGTH} characters`);
  return wholeTtl(scanTtl(ttl));
}

/**
 * @internal A TTL already converted to seconds, rounded down; `ERR_TTL_INVALID` unless it is
 * from 1 second to 100 years. Separate from the grammar so that a caller with its own grammar
 * (the compat layer) does not bundle ours. `notADuration` is the message for text the grammar
 * could not read: it shows that grammar's examples.
 */
export function wholeTtl(seconds: number, notADuration = NOT_A_DURATION_MESSAGE): number {
  // The value is never echoed: it may come from untrusted input. NaN is what a grammar answers
  // for text it cannot read.
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) fail('ERR_TTL_INVALID', notADuration);
  const whole = Math.floor(seconds);
  if (!(whole >= 1)) fail('ERR_TTL_INVALID', 'ttl is below one second: it must be at least 1 second');
  if (whole > MAX_TTL_SECONDS) fail('ERR_TTL_INVALID', `ttl is too large: at most 100 years (${MAX_TTL_SECONDS} seconds)`);
  return whole;
}

/**
 * @internal {@link parseTtl} for a lifetime a caller hands to `createToken`, `createTokenSync` or
 * `refreshToken`: a bare number (or a string of digits) from 1 to 59 is refused with a hint.
 * "Expired right away" is the most common token complaint, from seconds read as hours or
 * minutes; `'24s'` says seconds when they are meant. Callers that parsed a lifetime themselves
 * pass it with its unit.
 */
export function callerTtl(ttl: number | string): number {
  const bare = typeof ttl === 'number' ? ttl : typeof ttl === 'string' && ttl.length <= MAX_TTL_LENGTH && /^\d+$/.test(ttl) ? Number(ttl) : 0;
  if (bare >= 1 && bare < 60) fail('ERR_TTL_INVALID', `ttl ${bare} would be ${bare} seconds: write '${bare}s' or '${bare}h'`);
  return parseTtl(ttl);
}
