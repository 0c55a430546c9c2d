import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canPublish, canPublishData, formatDuration, tokenStatus, type TrackSource, type VideoGrant } from '../../src/index.js';

const UNIT: Record<string, number> = { d: 86400, h: 3600, min: 60, s: 1 };

describe('properties', () => {
  it('formatDuration: two adjacent units at most, never more than the input, off by less than one smaller unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (s) => {
        const text = formatDuration(s);
        const parts = [...text.matchAll(/(\d+) (d|h|min|s)/g)];
        expect(parts.map((p) => p[0]).join(' ')).toBe(text);
        expect(parts.length).toBeGreaterThanOrEqual(1);
        expect(parts.length).toBeLessThanOrEqual(2);
        const shown = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT[p[2]!]!, 0);
        const order = Object.keys(UNIT);
        const first = order.indexOf(parts[0]![2]!);
        if (parts[1]) expect(order.indexOf(parts[1][2]!)).toBe(first + 1);
        const precision = UNIT[order[Math.min(first + 1, 3)]!]!;
        expect(shown).toBeLessThanOrEqual(s);
        expect(s - shown).toBeLessThan(first === 3 ? 1 : precision);
      }),
    );
  });

  it('canPublishData follows canPublish unless set; a listed source is always publishable when canPublish is not false', () => {
    const source = fc.constantFrom<TrackSource>('camera', 'microphone', 'screen_share', 'screen_share_audio');
    const grant = fc.record(
      { canPublish: fc.boolean(), canPublishData: fc.boolean(), canPublishSources: fc.uniqueArray(source) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(grant, source, (video: VideoGrant, s) => {
        const claims = { video };
        if (video.canPublishData === undefined) expect(canPublishData(claims)).toBe(canPublish(claims));
        else expect(canPublishData(claims)).toBe(video.canPublishData);
        if (video.canPublish !== false && video.canPublishSources?.includes(s)) expect(canPublish(claims, s)).toBe(true);
        if (canPublish(claims, s)) expect(canPublish(claims)).toBe(true);
      }),
    );
  });

  it('tokenStatus: exactly one state at any clock, and the text carries its seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 6 }), fc.integer({ min: -(10 ** 6), max: 2 * 10 ** 6 }), (ttl, offset) => {
        const nbf = 1_700_000_000;
        const status = tokenStatus({ nbf, exp: nbf + ttl }, { now: (nbf + offset) * 1000 });
        const expected = offset > ttl ? 'expired' : offset < 0 ? 'not-yet-valid' : 'valid';
        expect(status.state).toBe(expected);
        expect(status.seconds).toBe(expected === 'expired' ? offset - ttl : expected === 'valid' ? ttl - offset : -offset);
        expect(status.text).toContain(formatDuration(status.seconds));
      }),
    );
  });
});
