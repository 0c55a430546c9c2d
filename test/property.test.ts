import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canJoin, canPublish, canPublishData, canSubscribe, createToken, createTokenSync, decodeToken, describeToken, expiresIn,
  isExpired, isLiveKitTokenError, tokenStatus, verifyToken, verifyTokenSync,
} from '../src/index.js';
import { AccessToken } from '../src/compat/index.js';
import { decodeBytes, encodeBytes, isBase64url } from '../src/lib/base64url.js';
import { sameText } from '../src/lib/same-text.js';
import { MAX_NAME_BYTES } from '../src/lib/limits.js';
import { hasForbiddenCharacter, utf8Length } from '../src/lib/text.js';
import { claims as forgedClaims, forge, HS256 } from './helpers/forge.js';

const KEY = { apiKey: 'APIprop', apiSecret: 'property-secret' };
// Identities createToken accepts: no control or bidi characters, at most 256 UTF-8 bytes.
const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !hasForbiddenCharacter(s) && utf8Length(s) <= MAX_NAME_BYTES);

describe('properties', () => {
  it('round trip: random unicode identity, name, metadata and attributes come back as minted', async () => {
    await fc.assert(
      fc.asyncProperty(
        nonEmpty, fc.string({ unit: 'grapheme' }).filter((s) => !hasForbiddenCharacter(s)), fc.string({ unit: 'grapheme' }),
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
          // The check that runs without decoding (on signatures) draws the same line.
          expect(isBase64url(changed)).toBe(decoded !== undefined);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sameText: true exactly for equal strings, whatever the lengths and the first difference', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        expect(sameText(a, b)).toBe(a === b);
        expect(sameText(a, a)).toBe(true);
        expect(sameText(a + b, a)).toBe(b === '');
        expect(sameText(a, a + b)).toBe(b === '');
      }),
      { numRuns: 2000 },
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

  // Every failure of every function is a LiveKitTokenError, whatever the input: values of any
  // type (BigInt, symbols, Maps, cyclic objects, sparse arrays, huge and negative numbers) in
  // every option and claim.
  describe('hostile values: only LiveKitTokenError comes out', () => {
    const hostile = fc.oneof(
      fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }),
      fc.constantFrom(1e300, -1, Number.NaN, Infinity, 8.64e12 + 1, 2 ** 53, '\u202e', '\u0000', 'x'.repeat(300), Symbol('s')),
      fc.constant(null).map(() => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        return cyclic;
      }),
    );
    const FIELDS = ['identity', 'name', 'ttl', 'metadata', 'attributes', 'kind', 'kindDetails', 'video', 'sip', 'agent', 'inference', 'observability', 'roomConfig', 'roomPreset', 'sha256', 'now', 'maxTokenBytes', 'allowSensitiveCredentials'];
    const options = fc.dictionary(fc.constantFrom(...FIELDS), hostile, { maxKeys: 4 });
    const VERIFY_FIELDS = ['room', 'identity', 'clockTolerance', 'now', 'maxTtl', 'requireExpiry', 'maxTokenBytes'];
    const verifyOptionsArb = fc.dictionary(fc.constantFrom(...VERIFY_FIELDS), hostile, { maxKeys: 3 });
    const grants = fc.record({ video: fc.dictionary(fc.constantFrom('roomJoin', 'room', 'canPublish', 'canPublishSources', 'destinationRoom'), hostile), roomConfig: fc.dictionary(fc.constantFrom('agents', 'egress', 'tags', 'emptyTimeout'), hostile) }, { requiredKeys: [] });

    /** Runs `f`; it may return or throw a LiveKitTokenError, and nothing else. */
    async function onlyOurs(f: () => unknown): Promise<void> {
      try {
        await f();
      } catch (error) {
        if (!isLiveKitTokenError(error)) throw error;
      }
    }

    it('createToken, createTokenSync and compat AccessToken', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(options, grants), async (o) => {
          await onlyOurs(() => createToken(KEY, o as never));
          await onlyOurs(() => createTokenSync(KEY, o as never));
          await onlyOurs(async () => {
            const at = new AccessToken(KEY.apiKey, KEY.apiSecret, o as never);
            Object.assign(at, o);
            return at.toJwt();
          });
        }),
        { numRuns: 300 },
      );
    });

    it('verify, decode, the helpers and describeToken, on signed tokens with hostile claims and hostile options', async () => {
      const keys = { [KEY.apiKey]: KEY.apiSecret };
      const claimNames = ['sub', 'nbf', 'exp', 'iat', 'name', 'kind', 'kindDetails', 'metadata', 'attributes', 'video', 'roomConfig'];
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...claimNames), hostile, { maxKeys: 3 }), verifyOptionsArb, async (extra, verifyOptions) => {
          let token: string;
          try {
            token = forge(HS256, forgedClaims({ iss: KEY.apiKey, ...extra }), KEY.apiSecret);
          } catch {
            return; // JSON cannot hold these claims: no token to forge
          }
          const now = 1_700_000_000_000;
          await onlyOurs(() => verifyToken(token, keys, { now }));
          await onlyOurs(() => verifyTokenSync(token, keys, { now }));
          await onlyOurs(() => verifyToken(token, keys, verifyOptions as never));
          await onlyOurs(() => verifyTokenSync(token, keys, verifyOptions as never));
          await onlyOurs(() => isExpired(decodeToken(token).claims, verifyOptions as never));
          await onlyOurs(() => decodeToken(token, verifyOptions as never));
          const decoded = decodeToken(token).claims;
          for (const helper of [isExpired, expiresIn, tokenStatus, describeToken]) await onlyOurs(() => helper(decoded, { now }));
          for (const helper of [canJoin, canPublish, canSubscribe, canPublishData]) expect(typeof helper(decoded)).toBe('boolean');
          await onlyOurs(() => describeToken(extra as never, verifyOptions as never));
        }),
        { numRuns: 300 },
      );
    });
  });
});
