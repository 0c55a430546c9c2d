// Hostile inputs for the parsers that read text from requests: TTL strings (request bodies,
// CLI flags, environment), the compat layer's span grammar, and tokens decoded without a key.
// Each case asserts the result, never the time taken: `npm run bench:parse` shows the timing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSeconds } from '../src/compat/duration.js';
import { decodeToken, isLiveKitTokenError, parseTtl } from '../src/index.js';
import { thrown } from './helpers/thrown.js';

const MAX = 3_155_760_000; // 100 years of 365.25 days
const BODY_LIMIT = 16 * 1024; // the token service's request body limit

/** The message of the ERR_TTL_INVALID that parseTtl throws for `input` (fails the test otherwise). */
function refusal(input: unknown): string {
  const error = thrown(() => parseTtl(input as string));
  expect(isLiveKitTokenError(error, 'ERR_TTL_INVALID')).toBe(true);
  return (error as Error).message;
}

/** Sizes from 16 bytes to the body limit, doubling. */
const SIZES = Array.from({ length: 11 }, (_, i) => 16 * 2 ** i);

/** `unit` repeated and cut to `size` characters. */
const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

// The shapes that made the former regular-expression grammar backtrack, and their relatives.
const hostile: Record<string, (size: number) => string> = {
  // Nested optional ISO groups of digits, with a character that fails the match at the end.
  isoNesting: (n) => {
    const run = '1'.repeat(Math.max(1, Math.floor((n - 6) / 4)));
    return `P${run}W${run}DT${run}H${run}!`;
  },
  isoNestingDecimals: (n) => `PT${fill('1.1', n - 3)}!`,
  isoRepeatedT: (n) => `P${fill('T', n - 1)}`,
  isoMany: (n) => `P${fill('1W', n - 1)}`,
  digits: (n) => '1'.repeat(n),
  digitsThenBang: (n) => `${'1'.repeat(n - 1)}!`,
  digitsWithUnit: (n) => `${'9'.repeat(n - 1)}s`,
  dotsAndDigits: (n) => fill('.1', n),
  manyUnits: (n) => fill('1h', n),
  manyCompound: (n) => fill('1w1d1h1m1s', n),
  longUnitWord: (n) => `1${'s'.repeat(n - 1)}`,
  spaces: (n) => ' '.repeat(n),
  spacesInside: (n) => `1${' '.repeat(n - 2)}s`,
  tabsAndNewlines: (n) => fill('\t\n\r\u00a0\u2028', n),
  unicodeDigits: (n) => fill('١٢٣', n),
  fullWidthDigits: (n) => fill('１２３', n),
  astral: (n) => fill('𝟙𝟚', n),
  loneSurrogates: (n) => fill('\ud800', n),
  nul: (n) => '\0'.repeat(n),
};

describe('parseTtl on hostile strings up to the body limit', () => {
  it('refuses the ISO string that took seconds under the former pattern (246 and 406 characters)', () => {
    const attack = (run: number) => `P${'1'.repeat(run)}W${'1'.repeat(run)}DT${'1'.repeat(run)}H${'1'.repeat(run)}!`;
    expect(attack(60)).toHaveLength(246);
    expect(refusal(attack(60))).toContain('too long');
    expect(refusal(attack(100))).toContain('too long');
    expect(refusal(attack(4000))).toContain('too long');
  });

  for (const [name, make] of Object.entries(hostile)) {
    it(`${name}: refused at every size, 'too long' above 64 characters`, () => {
      for (const size of SIZES) {
        const input = make(size);
        expect(input.length).toBeLessThanOrEqual(BODY_LIMIT);
        if (input.length > 64) expect(refusal(input)).toContain('too long');
        else expect(() => parseTtl(input)).toThrow();
      }
    });
  }

  it('reads the same shapes cut to 64 characters, with the rule that failed', () => {
    expect(parseTtl('1'.repeat(10))).toBe(1_111_111_111);
    expect(refusal('1'.repeat(11))).toContain('too large');
    expect(refusal('1'.repeat(64))).toContain('too large');
    expect(refusal(`${'9'.repeat(63)}s`)).toContain('too large');
    expect(parseTtl(`${'0'.repeat(63)}1`)).toBe(1);
    expect(parseTtl(`P${'0'.repeat(10)}1W${'0'.repeat(10)}1DT${'0'.repeat(10)}1H${'0'.repeat(10)}1M1S`)).toBe(694861);
    expect(refusal(`P${'1'.repeat(14)}W${'1'.repeat(14)}DT${'1'.repeat(14)}H${'1'.repeat(14)}!`)).toContain('not a duration');
    expect(refusal(fill('1h', 64))).toContain('not a duration');
    expect(refusal(fill('.1', 64))).toContain('not a duration');
    expect(refusal(`1${'s'.repeat(63)}`)).toContain('not a duration');
    expect(refusal(' '.repeat(64))).toContain('not a duration');
    expect(refusal(fill('١', 64))).toContain('not a duration');
  });

  it.each([
    ['1e309', 'not a duration'], ['0x10', 'not a duration'], ['-1', 'not a duration'], ['Infinity', 'not a duration'],
    ['NaN', 'not a duration'], ['-0', 'not a duration'], ['1e300', 'not a duration'], ['9'.repeat(400), 'too long'],
    ['1e-7', 'not a duration'], ['0.0000001', 'below one second'], ['PT1e3S', 'not a duration'],
  ])('refuses the string %j (%s)', (input, rule) => {
    expect(refusal(input)).toContain(rule);
  });

  it.each([
    [1e300, 'too large'], [Number.MAX_VALUE, 'too large'], [-0, 'below one second'], [Number.MIN_VALUE, 'below one second'],
    [Number.NaN, 'not a duration'], [Infinity, 'not a duration'], [-Infinity, 'not a duration'], [-1e300, 'below one second'],
  ])('refuses the number %d (%s)', (input, rule) => {
    expect(refusal(input)).toContain(rule);
  });
});

describe('the compat span grammar on hostile strings', () => {
  // Its pattern has one repetition per position, so it runs in linear time; it has no length cap
  // because its TTLs come from the application's code, not from requests.
  for (const [name, make] of Object.entries(hostile)) {
    if (name === 'digitsWithUnit') continue; // a valid span, below
    it(`${name}: not a span at any size`, () => {
      for (const size of SIZES) expect(toSeconds(make(size))).toBeNaN();
    });
  }

  it('reads long digit runs as the numbers they are (the core then refuses them as too large)', () => {
    expect(toSeconds(`${'0'.repeat(BODY_LIMIT)}1h`)).toBe(3600);
    expect(toSeconds(`${'0'.repeat(BODY_LIMIT)}1.5${'0'.repeat(BODY_LIMIT)} hours from now`)).toBe(5400);
    expect(toSeconds(`${'9'.repeat(20)}s`)).toBe(1e20);
    expect(toSeconds(`${'9'.repeat(BODY_LIMIT - 1)}s`)).toBe(Infinity);
  });
});

describe('decodeToken on garbage up to the body limit', () => {
  const garbage: Record<string, (size: number) => string> = {
    letters: (n) => 'a'.repeat(n),
    dots: (n) => '.'.repeat(n),
    threeParts: (n) => `${'a'.repeat(n >> 1)}.${'b'.repeat(n >> 2)}.c`,
    base64urlNoise: (n) => fill('eyJ', n),
    jsonOfDepth: (n) => {
      const depth = Math.floor(n / 4);
      const json = '['.repeat(depth) + ']'.repeat(depth);
      return `${btoa(json).replace(/=+$/, '')}.e30.c2ln`;
    },
  };
  for (const [name, make] of Object.entries(garbage)) {
    it(`${name}: ERR_TOKEN_MALFORMED at every size`, () => {
      for (const size of SIZES) {
        const error = thrown(() => decodeToken(make(size)));
        expect(isLiveKitTokenError(error, 'ERR_TOKEN_MALFORMED')).toBe(true);
      }
    });
  }
});

describe('parseTtl properties', () => {
  const UNITS: [string, number][] = [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];

  /** A compound span for `seconds`, largest unit first; `zeros` says which zero parts to write anyway. */
  function formatSpan(seconds: number, zeros: boolean[]): string {
    let rest = seconds;
    let text = '';
    UNITS.forEach(([unit, size], i) => {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count > 0 || zeros[i]) text += `${count}${unit}`;
    });
    return text;
  }

  it('parse(format(n)) is n for every compound span from 1 second to 100 years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (seconds, zeros) => {
        expect(parseTtl(formatSpan(seconds, zeros))).toBe(seconds);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any parts in descending order as their sum, and refuses them in any other order', () => {
    const parts = fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(parts, fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 5, maxLength: 5 }), (units, counts) => {
        const text = units.map((u, i) => `${counts[i]}${UNITS[u]![0]}`).join('');
        const descending = units.every((u, i) => i === 0 || u > units[i - 1]!);
        const total = units.reduce((sum, u, i) => sum + counts[i]! * UNITS[u]![1], 0);
        if (!descending) expect(refusal(text)).toContain('not a duration');
        else if (total < 1) expect(refusal(text)).toContain('below one second');
        else expect(parseTtl(text)).toBe(total);
      }),
      { numRuns: 2000 },
    );
  });

  // Strings made of the grammar's own pieces reach every branch; plain random strings add the rest.
  const pieces = fc.constantFrom(
    '0', '1', '5', '9', '12', '.', ' ', 'P', 'T', 'W', 'D', 'H', 'M', 'S', 'w', 'd', 'h', 'm', 's', 'sec', 'min', 'hr', 'hours',
    'day', 'weeks', 'e', 'x', '-', '+', ',', '١', '\t', '\u00a0', '\0', 'ß',
  );
  const inputs = fc.oneof(
    fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.double(),
    fc.integer(),
    fc.anything(),
  );

  it('any input either parses to a whole number of seconds from 1 to 100 years or throws ERR_TTL_INVALID', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const error = thrown(() => parseTtl(input as string));
        if (error === undefined) {
          const seconds = parseTtl(input as string);
          expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX).toBe(true);
        } else {
          expect(isLiveKitTokenError(error, 'ERR_TTL_INVALID')).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  // The grammar written a second way, as patterns: safe here because the inputs are short and
  // this is a test, never run on requests.
  const WORDS = 's|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks';
  const WORD_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const HUMAN = new RegExp(`^(\\d*\\.?\\d+)(?: ?(${WORDS}))?$`);
  const COMPOUND = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
  const ISO = /^P(?:(\d*\.?\d+)W)?(?:(\d*\.?\d+)D)?(?:T(?:(\d*\.?\d+)H)?(?:(\d*\.?\d+)M)?(?:(\d*\.?\d+)S)?)?$/;
  const SPAN_SECONDS = [604800, 86400, 3600, 60, 1];

  function reference(text: string): number | undefined {
    if (text.length > 64) return undefined;
    const human = HUMAN.exec(text);
    if (human) return Number(human[1]) * WORD_SECONDS[(human[2] ?? 's')[0]!]!;
    const compound = COMPOUND.exec(text);
    if (compound && text !== '') return SPAN_SECONDS.reduce((sum, size, i) => sum + Number(compound[i + 1] ?? 0) * size, 0);
    const iso = ISO.exec(text);
    if (iso && /\d/.test(text) && !text.endsWith('T')) return SPAN_SECONDS.reduce((sum, size, i) => sum + Number(iso[i + 1] ?? 0) * size, 0);
    return undefined;
  }

  it('agrees with the grammar written as patterns', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')), fc.string({ maxLength: 70 })), (text) => {
        const expected = reference(text);
        const whole = expected === undefined ? undefined : Math.floor(expected);
        if (whole !== undefined && whole >= 1 && whole <= MAX) expect(parseTtl(text)).toBe(whole);
        else expect(isLiveKitTokenError(thrown(() => parseTtl(text)), 'ERR_TTL_INVALID')).toBe(true);
      }),
      { numRuns: 10000 },
    );
  });
});
