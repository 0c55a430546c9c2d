import { fail } from './errors.js';

/** Longest TTL string read at all: anything longer is refused before it is looked at. */
const MAX_TTL_LENGTH = 64;
/** 100 years of 365.25 days: far enough for any token, near enough that `exp` is a valid date everywhere. */
const MAX_TTL_SECONDS = 3_155_760_000;

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const WEEK = 604800;

// Unit words after a decimal number (as in `ms`/`jose`, plus `hr(s)`). A Map, so that words
// such as "constructor" find nothing.
const UNIT_WORDS = new Map<string, number>([
  ['s', 1], ['sec', 1], ['secs', 1], ['second', 1], ['seconds', 1],
  ['m', MINUTE], ['min', MINUTE], ['mins', MINUTE], ['minute', MINUTE], ['minutes', MINUTE],
  ['h', HOUR], ['hr', HOUR], ['hrs', HOUR], ['hour', HOUR], ['hours', HOUR],
  ['d', DAY], ['day', DAY], ['days', DAY],
  ['w', WEEK], ['week', WEEK], ['weeks', WEEK],
]);

// Units of a compound span such as '1h30m', largest first: each may appear once, in this order.
const SPAN_UNITS = 'wdhms';
const SPAN_SECONDS = [WEEK, DAY, HOUR, MINUTE, 1];

// ISO 8601 designators limited to exact units (years and months have no fixed length), in the
// order they must appear; the last three only after 'T'.
const ISO_DESIGNATORS = 'WDHMS';
const ISO_SECONDS = [WEEK, DAY, HOUR, MINUTE, 1];
const ISO_FIRST_TIME_DESIGNATOR = 2;

/** Sentinel for "the text does not follow the grammar". */
const NOT_A_DURATION = -1;

const NOT_A_DURATION_MESSAGE =
  "ttl is not a duration: use seconds, or a span such as '10m', '2 days', '1h30m' or 'PT1H30M'";

const isDigit = (code: number): boolean => code >= 48 && code <= 57; // '0'…'9'
const isLowerLetter = (code: number): boolean => code >= 97 && code <= 122; // 'a'…'z'

/**
 * End of the decimal number starting at `start` (digits, optionally a '.' and at least one more
 * digit: `5`, `1.5`, `.5`), or `start` when there is none. A '.' without a digit after it is not
 * part of the number.
 */
function numberEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 /* '.' */ && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** End of the run of digits starting at `start`. */
function digitsEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `PT1H30M`, `P1D`, `P1W`, `PT0.5H`: seconds, or NOT_A_DURATION. */
function scanIso(text: string): number {
  let seconds = 0;
  let next = 0; // index in ISO_DESIGNATORS of the first designator still allowed
  let inTime = false;
  let parts = 0;
  let i = 1; // after 'P'
  while (i < text.length) {
    if (text[i] === 'T') {
      if (inTime) return NOT_A_DURATION;
      inTime = true;
      next = ISO_FIRST_TIME_DESIGNATOR;
      i++;
      // 'T' must introduce at least one time component.
      if (i === text.length) return NOT_A_DURATION;
      continue;
    }
    const end = numberEnd(text, i);
    if (end === i || end === text.length) return NOT_A_DURATION;
    const designator = ISO_DESIGNATORS.indexOf(text[end]!, next);
    // Week and day before 'T', hour, minute and second after it; each at most once, in order.
    if (designator < 0 || inTime !== designator >= ISO_FIRST_TIME_DESIGNATOR) return NOT_A_DURATION;
    seconds += Number(text.slice(i, end)) * ISO_SECONDS[designator]!;
    next = designator + 1;
    parts++;
    i = end + 1;
  }
  return parts === 0 ? NOT_A_DURATION : seconds;
}

/** `1h30m`, `2h45m30s`, `1d12h`: seconds, or NOT_A_DURATION. Every part is a whole number and a unit letter. */
function scanCompound(text: string): number {
  let seconds = 0;
  let next = 0; // index in SPAN_UNITS of the first unit still allowed
  let i = 0;
  while (i < text.length) {
    const end = digitsEnd(text, i);
    if (end === i || end === text.length) return NOT_A_DURATION;
    const unit = SPAN_UNITS.indexOf(text[end]!, next);
    if (unit < 0) return NOT_A_DURATION;
    seconds += Number(text.slice(i, end)) * SPAN_SECONDS[unit]!;
    next = unit + 1;
    i = end + 1;
  }
  return seconds;
}

/** A TTL string (at most MAX_TTL_LENGTH characters) in seconds, not yet rounded, or NOT_A_DURATION. */
function scanTtl(text: string): number {
  if (text.charCodeAt(0) === 80 /* 'P' */) return scanIso(text);
  const end = numberEnd(text, 0);
  if (end === 0) return NOT_A_DURATION;
  const value = Number(text.slice(0, end));
  if (end === text.length) return value; // a bare number: seconds
  // A decimal number, an optional single space and a unit word that ends the text.
  const unitStart = text.charCodeAt(end) === 32 /* ' ' */ ? end + 1 : end;
  let unitEnd = unitStart;
  while (unitEnd < text.length && isLowerLetter(text.charCodeAt(unitEnd))) unitEnd++;
  if (unitEnd === text.length) {
    const unit = UNIT_WORDS.get(text.slice(unitStart, unitEnd));
    return unit === undefined ? NOT_A_DURATION : value * unit;
  }
  // Otherwise only a compound span remains possible: it has no space and no fraction.
  return scanCompound(text);
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
  if (typeof ttl === 'number') return wholeTtl(ttl);
  if (typeof ttl !== 'string') fail('ERR_TTL_INVALID', NOT_A_DURATION_MESSAGE);
  // Checked first: TTL strings arrive in request bodies, so no work is done on a long one.
  if (ttl.length > MAX_TTL_LENGTH) fail('ERR_TTL_INVALID', `ttl is too long: at most ${MAX_TTL_LENGTH} characters`);
  const seconds = scanTtl(ttl);
  if (seconds === NOT_A_DURATION) fail('ERR_TTL_INVALID', NOT_A_DURATION_MESSAGE);
  return wholeTtl(seconds);
}

/**
 * @internal A TTL already converted to seconds, rounded down; `ERR_TTL_INVALID` unless it is
 * from 1 second to 100 years. Separate from the grammar so that a caller with its own grammar
 * (the compat layer) does not bundle ours.
 */
export function wholeTtl(seconds: number): number {
  // The value is never echoed: it may come from untrusted input.
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) fail('ERR_TTL_INVALID', NOT_A_DURATION_MESSAGE);
  const whole = Math.floor(seconds);
  if (!(whole >= 1)) fail('ERR_TTL_INVALID', 'ttl is below one second: it must be at least 1 second');
  if (whole > MAX_TTL_SECONDS) fail('ERR_TTL_INVALID', `ttl is too large: at most 100 years (${MAX_TTL_SECONDS} seconds)`);
  return whole;
}
