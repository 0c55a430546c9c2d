import { describe, expect, it } from 'vitest';
import { isLiveKitTokenError, parseTtl } from '../src/index.js';
import { wholeTtl } from '../src/ttl.js';
import { thrown } from './helpers/thrown.js';

const MAX = 3_155_760_000; // 100 years of 365.25 days

const accepted: [number | string, number][] = [
  // Numbers are seconds, rounded down.
  [1, 1], [90, 90], [1.9, 1], [600.5, 600], [MAX, MAX], [MAX + 0.9, MAX],
  // A decimal number, an optional single space, a unit word.
  ['90s', 90], ['90 s', 90], ['5sec', 5], ['5 secs', 5], ['1 second', 1], ['2 seconds', 2],
  ['10m', 600], ['10 min', 600], ['10mins', 600], ['1 minute', 60], ['3 minutes', 180],
  ['2h', 7200], ['1.5h', 5400], ['2hr', 7200], ['2 hrs', 7200], ['1 hour', 3600], ['6 hours', 21600],
  ['1d', 86400], ['1 day', 86400], ['2 days', 172800], ['1w', 604800], ['1 week', 604800], ['2 weeks', 1209600],
  ['0.5m', 30], ['.5m', 30], ['1.9s', 1], ['00010m', 600], ['36525d', MAX], ['36524.99d', 3_155_759_136], [`${MAX}s`, MAX],
  // A bare numeric string is seconds.
  ['600', 600], ['1.5', 1],
  // Compound spans. `lk token create --valid-for` takes Go durations (time.ParseDuration), so
  // '1h30m' is accepted; stricter than Go: whole numbers, units largest first, each once.
  ['1h30m', 5400], ['2h45m30s', 9930], ['1d12h', 129600], ['1h30m0s', 5400], ['1w1d1h1m1s', 694861],
  ['0h1s', 1], ['1m0s', 60], ['0w0d0h0m1s', 1], ['5217w1d', 3_155_328_000], ['5217w1d23h59m59s', 3_155_414_399],
  // ISO 8601 durations with exact units, decimals allowed.
  ['PT1H30M', 5400], ['P1D', 86400], ['PT45S', 45], ['P1W', 604800], ['P1DT1H', 90000], ['PT0.5H', 1800],
  ['P1W1D', 691200], ['PT.5M', 30], ['P1DT1H1M1S', 90061], ['PT1.9S', 1], ['P0DT1S', 1],
];

type Rule = 'not a duration' | 'below one second' | 'too large' | 'too long';
const refused: [unknown, Rule][] = [
  [Number.NaN, 'not a duration'], [Infinity, 'not a duration'], [-Infinity, 'not a duration'],
  [0, 'below one second'], [-0, 'below one second'], [-1, 'below one second'], [-0.5, 'below one second'], [0.5, 'below one second'],
  [1e300, 'too large'], [MAX + 1, 'too large'], [Number.MAX_VALUE, 'too large'],
  ['', 'not a duration'], [' ', 'not a duration'], ['0', 'below one second'], ['0s', 'below one second'],
  ['0.2s', 'below one second'], ['0h0m0s', 'below one second'], ['PT0S', 'below one second'], ['PT0.5S', 'below one second'],
  ['-5m', 'not a duration'], ['-1', 'not a duration'], ['+5m', 'not a duration'], ['1 fortnight', 'not a duration'],
  ['10 m ', 'not a duration'], [' 10m', 'not a duration'], ['10  m', 'not a duration'], ['10M', 'not a duration'],
  ['10 H', 'not a duration'], ['5 ', 'not a duration'], ['5.', 'not a duration'], ['5.s', 'not a duration'], ['.', 'not a duration'],
  ['1..5h', 'not a duration'], ['1.5.5h', 'not a duration'], ['.5e', 'not a duration'], ['s', 'not a duration'], ['m1', 'not a duration'],
  ['1 constructor', 'not a duration'], ['1__proto__', 'not a duration'], ['1toString', 'not a duration'],
  // Compound spans: out of order, repeated, fractional, spaced, long unit words, trailing number.
  ['30m1h', 'not a duration'], ['1h1h', 'not a duration'], ['1.5h30m', 'not a duration'], ['1h 30m', 'not a duration'],
  ['1h30', 'not a duration'], ['1hr30m', 'not a duration'], ['1h30min', 'not a duration'], ['1 h30m', 'not a duration'],
  ['1h30m ', 'not a duration'], ['1s1m', 'not a duration'], ['1d1w', 'not a duration'], ['1h-30m', 'not a duration'],
  ['1H30M', 'not a duration'], ['1y', 'not a duration'], ['1ms', 'not a duration'], ['1us', 'not a duration'], ['1h.5m', 'not a duration'],
  ['5218w', 'too large'], ['36526d', 'too large'], ['36525d1s', 'too large'], ['99999999999999999999w', 'too large'], ['3155760001', 'too large'], ['P5218W', 'too large'],
  // ISO 8601: nothing after P or T, years and months, wrong order, repeats, lower case, no designator.
  ['P', 'not a duration'], ['PT', 'not a duration'], ['P1DT', 'not a duration'], ['P1Y', 'not a duration'],
  ['P1M', 'not a duration'], ['PT1D', 'not a duration'], ['P1H', 'not a duration'], ['P1D1W', 'not a duration'],
  ['PT1M1H', 'not a duration'], ['PT1H1H', 'not a duration'], ['PTT1H', 'not a duration'], ['P1DTT1H', 'not a duration'],
  ['PT1', 'not a duration'], ['P1', 'not a duration'], ['pt1h', 'not a duration'], ['P1dT1h', 'not a duration'],
  ['PT1H30M ', 'not a duration'], [' PT1H', 'not a duration'], ['PT-1H', 'not a duration'], ['P-1D', 'not a duration'],
  ['PT1,5H', 'not a duration'], ['P1W1W', 'not a duration'], ['PT1S1S', 'not a duration'], ['PTH', 'not a duration'],
  // Number spellings JavaScript would read but the grammar does not have.
  ['abc', 'not a duration'], ['1e3', 'not a duration'], ['1e309', 'not a duration'], ['0x10', 'not a duration'],
  ['0b11', 'not a duration'], ['1_000', 'not a duration'], ['Infinity', 'not a duration'], ['NaN', 'not a duration'],
  ['١٢', 'not a duration'], ['１２s', 'not a duration'], ['12\u00a0s', 'not a duration'], ['12\ts', 'not a duration'], ['12\ns', 'not a duration'],
  ['12s\0', 'not a duration'], ['10ｍ', 'not a duration'],
  // Not a number or a string.
  [null, 'not a duration'], [undefined, 'not a duration'], [{}, 'not a duration'], [[], 'not a duration'], [[5], 'not a duration'],
  [true, 'not a duration'], [5n, 'not a duration'], [{ valueOf: () => 60 }, 'not a duration'], [{ toString: () => '60' }, 'not a duration'],
  // Length is checked before anything else, so even a well-formed span over 64 characters is refused.
  [`${'0'.repeat(63)}1s`, 'too long'], ['1'.repeat(65), 'too long'], [' '.repeat(65), 'too long'],
];

/** A test title for any value (JSON cannot show BigInt or functions). */
function label(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'object' && value !== null && !Array.isArray(value) ? `{${Object.keys(value).join()}}` : JSON.stringify(value) ?? String(value);
}

describe('parseTtl', () => {
  it.each(accepted)('%j → %d seconds', (ttl, seconds) => {
    expect(parseTtl(ttl)).toBe(seconds);
  });

  it.each(refused.map(([ttl, rule]) => [label(ttl), ttl, rule]))('refuses %s with ERR_TTL_INVALID (%s)', (_, ttl, rule) => {
    const error = thrown(() => parseTtl(ttl as string));
    expect(isLiveKitTokenError(error, 'ERR_TTL_INVALID')).toBe(true);
    expect((error as Error).message).toContain(rule as string);
  });

  it('accepts 64 characters and refuses 65', () => {
    expect(parseTtl(`${'0'.repeat(62)}1s`)).toBe(1);
    expect(parseTtl(`PT${'0'.repeat(60)}1S`)).toBe(1);
    expect((thrown(() => parseTtl(`PT${'0'.repeat(61)}1S`)) as Error).message).toContain('too long');
  });

  it('never echoes its input', () => {
    for (const input of ['secret-looking-value', '1h secret', `${'9'.repeat(60)}w`, 'x'.repeat(100)]) {
      const message = (thrown(() => parseTtl(input)) as Error).message;
      expect(message).not.toContain(input);
      expect(message).not.toContain(input.slice(0, 8));
    }
  });
});

describe('wholeTtl (seconds already converted by another grammar)', () => {
  it('applies the same range and rounding as parseTtl', () => {
    expect(wholeTtl(1)).toBe(1);
    expect(wholeTtl(59.9)).toBe(59);
    expect(wholeTtl(MAX)).toBe(MAX);
    for (const [seconds, rule] of [[Number.NaN, 'not a duration'], [Infinity, 'not a duration'], [0.9, 'below one second'], [-5, 'below one second'], [MAX + 1, 'too large']] as const) {
      const error = thrown(() => wholeTtl(seconds));
      expect(isLiveKitTokenError(error, 'ERR_TTL_INVALID')).toBe(true);
      expect((error as Error).message).toContain(rule);
    }
  });
});
