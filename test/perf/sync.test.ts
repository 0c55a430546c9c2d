// createTokenSync / verifyTokenSync: the same library as the async API, only faster.
// The core suites are replayed with createToken/verifyToken replaced by a differential wrapper
// (./differential.ts) that runs both engines on every call and fails on any disagreement; the
// tests below cover what is specific to the sync API.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken, createTokenSync, verifyToken, verifyTokenSync, type LiveKitTokenError } from '../../src/index.js';
import { KEY, NOW } from '../helpers/forge.js';
import { compared } from './differential.js';

vi.mock('../../src/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/index.js')>();
  const { differential } = await import('./differential.js');
  return { ...core, ...differential(core) };
});

// Tokens minted without `now` read the clock: freeze it so both engines see the same second.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
});

// The replayed suites (their describe/it blocks register in this file, calling the wrapper).
await import('../create.test.js');
await import('../verify.test.js');
await import('../vectors.test.js');
await import('../property.test.js');

afterAll(() => {
  vi.useRealTimers();
  // The replay really ran through the wrapper (guards against the mock silently not applying).
  expect(compared.create).toBeGreaterThan(100);
  expect(compared.verify).toBeGreaterThan(100);
  expect(compared.asyncResolver).toBeGreaterThan(0);
});

const at = NOW * 1000;
const good = createTokenSync(KEY, { identity: 'alice', now: at, ttl: 600, video: { roomJoin: true, room: 'demo' } });

describe('sync API specifics', () => {
  it('createTokenSync returns a string and is byte-identical to createToken at a fixed clock', async () => {
    expect(typeof good).toBe('string');
    expect(await createToken(KEY, { identity: 'alice', now: at, ttl: 600, video: { roomJoin: true, room: 'demo' } })).toBe(good);
  });

  it('verifyTokenSync returns the claims synchronously', () => {
    const claims = verifyTokenSync(good, KEY, { now: at });
    expect(claims).toEqual({ iss: KEY.apiKey, sub: 'alice', nbf: NOW, exp: NOW + 600, video: { roomJoin: true, room: 'demo' } });
  });

  it('throws (does not return a rejected promise) on failure', () => {
    expect(() => createTokenSync(KEY, { video: { roomName: 'x' } } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    expect(() => verifyTokenSync(good.slice(0, -2) + 'AA', KEY, { now: at })).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_SIGNATURE' }));
  });

  it('a sync resolver works; a resolver returning a promise is ERR_INVALID_OPTIONS, without an unhandled rejection', async () => {
    expect(verifyTokenSync(good, (k) => (k === KEY.apiKey ? KEY.apiSecret : undefined), { now: at }).sub).toBe('alice');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const resolver of [async () => KEY.apiSecret, () => Promise.reject(new Error('lookup failed'))]) {
        let error: LiveKitTokenError | undefined;
        try {
          verifyTokenSync(good, resolver, { now: at });
        } catch (e) {
          error = e as LiveKitTokenError;
        }
        expect(error).toMatchObject({ name: 'LiveKitTokenError', code: 'ERR_INVALID_OPTIONS' });
        expect(error?.message).toContain('verifyToken');
      }
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('the async API keeps working with async resolvers (the wrapper compares only the sync-capable part)', async () => {
    await expect(verifyToken(good, async () => KEY.apiSecret, { now: at })).resolves.toMatchObject({ sub: 'alice' });
  });

  it('rejects a signature of any wrong length, including a 32-byte prefix match', () => {
    const [h, p, s] = good.split('.') as [string, string, string];
    for (const sig of ['', s.slice(0, 42) + 'A', s + 'AAAA', s.slice(0, 40)]) {
      expect(() => verifyTokenSync(`${h}.${p}.${sig}`, KEY, { now: at }), sig).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^ERR_TOKEN_(SIGNATURE|MALFORMED)$/) }),
      );
    }
  });
});
