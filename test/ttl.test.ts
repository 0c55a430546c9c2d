import { describe, expect, it } from 'vitest';
import { isLiveKitTokenError, parseTtl } from '../src/index.js';

const accepted: [number | string, number][] = [
  [1, 1], [90, 90], [1.9, 1], [600.5, 600],
  ['90s', 90], ['90 s', 90], ['5sec', 5], ['5 secs', 5], ['1 second', 1], ['2 seconds', 2],
  ['10m', 600], ['10 min', 600], ['10mins', 600], ['1 minute', 60], ['3 minutes', 180],
  ['2h', 7200], ['1.5h', 5400], ['2hr', 7200], ['2 hrs', 7200], ['1 hour', 3600], ['6 hours', 21600],
  ['1d', 86400], ['1 day', 86400], ['2 days', 172800], ['1w', 604800], ['1 week', 604800], ['2 weeks', 1209600],
  ['600', 600], ['0.5m', 30], ['.5m', 30],
  ['PT1H30M', 5400], ['P1D', 86400], ['PT45S', 45], ['P1W', 604800], ['P1DT1H', 90000], ['PT0.5H', 1800],
];
const rejected: unknown[] = [
  0, -1, -0.5, 0.5, Number.NaN, Infinity, -Infinity, '', ' ', '0', '0s', '-5m', '1 fortnight', '1h30m', '10 m ', ' 10m',
  '10  m', '10M', 'P', 'PT', 'P1DT', 'P1Y', 'P1M', 'abc', '1e3', '0x10', null, undefined, {}, [], true, 1e300,
];

describe('parseTtl', () => {
  it.each(accepted)('%j → %d seconds', (ttl, seconds) => {
    expect(parseTtl(ttl)).toBe(seconds);
  });

  it.each(rejected.map((v) => [v]))('rejects %j with ERR_TTL_INVALID', (ttl) => {
    let error: unknown;
    try {
      parseTtl(ttl as string);
    } catch (e) {
      error = e;
    }
    expect(isLiveKitTokenError(error, 'ERR_TTL_INVALID')).toBe(true);
  });

  it('does not echo its input', () => {
    expect(() => parseTtl('secret-looking-value')).toThrow(/^(?!.*secret-looking-value).*$/s);
  });
});
