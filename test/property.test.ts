import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, isLiveKitTokenError, verifyToken } from '../src/index.js';
import { decodeBytes, encodeBytes } from '../src/lib/base64url.js';

const KEY = { apiKey: 'APIprop', apiSecret: 'property-secret' };
const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });

describe('properties', () => {
  it('round trip: random unicode identity, name, metadata and attributes come back as minted', async () => {
    await fc.assert(
      fc.asyncProperty(
        nonEmpty, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 10 }).filter((k) => k !== '__proto__'), fc.string({ unit: 'grapheme' }), { maxKeys: 5 }),
        async (identity, name, metadata, attributes) => {
          const token = await createToken(KEY, { identity, name, metadata, attributes, video: { roomJoin: true, room: 'r' } });
          const c = await verifyToken(token, KEY, { identity, room: 'r' });
          expect(c.sub).toBe(identity);
          expect(c.name).toBe(name);
          expect(c.metadata).toBe(metadata);
          expect(c.attributes).toEqual(attributes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodeToken on random strings throws only LiveKitTokenError', () => {
    const tokenish = fc.oneof(
      fc.string(),
      fc.array(fc.string({ unit: fc.constantFrom(...'abcXYZ019-_=+/.{}"'.split('')) }), { maxLength: 5 }).map((a) => a.join('.')),
      fc.tuple(fc.json(), fc.json(), fc.string()).map(([h, p, s]) => [h, p].map((x) => Buffer.from(x).toString('base64url')).join('.') + '.' + s),
    );
    fc.assert(
      fc.property(tokenish, (s) => {
        try {
          decodeToken(s);
        } catch (e) {
          expect(isLiveKitTokenError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('any one-character change to a valid token is rejected', async () => {
    const token = await createToken(KEY, { identity: 'alice', video: { roomJoin: true, room: 'demo' }, metadata: 'm' });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom(...alphabet.split('')), async (i, ch) => {
        fc.pre(token[i] !== ch);
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        const error = await verifyToken(changed, KEY).then(() => undefined, (e: unknown) => e);
        expect(isLiveKitTokenError(error)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('base64url: every string decodeBytes accepts is the canonical spelling of what it returns', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ é\u0100\u{1F600}';
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (bytes, pick) => {
        const text = encodeBytes(bytes);
        const i = pick % text.length;
        for (const ch of chars) {
          const changed = text.slice(0, i) + ch + text.slice(i + 1);
          const decoded = decodeBytes(changed);
          if (decoded) expect(encodeBytes(decoded)).toBe(changed);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('base64url: encode/decode round trip and exactly one spelling', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBytes(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBytes(text)).toEqual(bytes);
      }),
    );
  });
});
