// The shared-limiter adapters without a store: rate-limiter-flexible's own in-memory limiter (the
// same rejection shapes as its Redis limiter), and stubs with the documented result shapes of the
// Workers rate-limiting binding and @upstash/ratelimit, whose services are not reachable from
// tests. The Redis-backed runs are in redis-clients.test.ts and redis-instances.test.ts.
import type { Ratelimit } from '@upstash/ratelimit';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createTokenHandler,
  fromRateLimiterFlexible,
  fromUpstashRatelimit,
  fromWorkersRateLimit,
  type RateLimiter,
  type RateLimiterFlexibleLike,
  type UpstashRatelimitLike,
  type WorkersRateLimitBinding,
} from '../../src/handler/index.js';
import { LiveKitTokenError } from '../../src/index.js';
import { options } from './helpers.js';

const request = new Request('http://service.test/token', { method: 'POST' });
const storeDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

/** Collects what onError receives. */
function errors() {
  const seen: unknown[] = [];
  return { seen, onError: (e: unknown) => void seen.push(e) };
}

describe('the real classes fit the duck types', () => {
  it('RateLimiterRedis/RateLimiterMemory, @upstash/ratelimit Ratelimit', () => {
    expectTypeOf<RateLimiterRedis>().toMatchTypeOf<RateLimiterFlexibleLike>();
    expectTypeOf<RateLimiterMemory>().toMatchTypeOf<RateLimiterFlexibleLike>();
    expectTypeOf<Ratelimit>().toMatchTypeOf<UpstashRatelimitLike>();
    expectTypeOf(fromRateLimiterFlexible).returns.toEqualTypeOf<RateLimiter>();
  });
});

describe('fromRateLimiterFlexible', () => {
  it('lets `points` mints through per key, then answers Retry-After from msBeforeNext', async () => {
    const limit = fromRateLimiterFlexible(new RateLimiterMemory({ points: 3, duration: 30 }));
    for (let i = 0; i < 3; i++) expect(await limit(request, 'alice')).toBe(true);
    const denied = await limit(request, 'alice');
    expect(denied).toEqual({ retryAfter: expect.any(Number) });
    const { retryAfter } = denied as { retryAfter: number };
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // Another identity has its own points.
    expect(await limit(request, 'bob')).toBe(true);
  });

  it('rounds msBeforeNext up to whole seconds, at least 1', async () => {
    const answers = [1, 1000, 1001, 0, -1, Number.NaN];
    const limit = fromRateLimiterFlexible({ consume: () => Promise.reject(new RateLimiterRes(0, answers.shift())) });
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await limit(request, 'x'));
    expect(seen.map((d) => (d as { retryAfter: number }).retryAfter)).toEqual([1, 1, 2, 1, 1, 1]);
    expect(seen.every((d) => !('unavailable' in (d as object)))).toBe(true);
  });

  it('fails closed when the store rejects with an Error, and tells onError', async () => {
    const { seen, onError } = errors();
    const limit = fromRateLimiterFlexible({ consume: () => Promise.reject(storeDown()) }, { onError });
    expect(await limit(request, 'alice')).toEqual({ retryAfter: 5, unavailable: true });
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toContain('ECONNREFUSED');
  });

  it('anything that is not a points result counts as the store failing: strings, null, a throwing consume', async () => {
    for (const consume of [
      () => Promise.reject('Redis connection is not ready'),
      () => Promise.reject(null),
      () => Promise.reject({ msBeforeNext: '1000' }),
      () => {
        throw new Error('sync');
      },
      () => 'not a promise' as unknown as Promise<unknown>,
    ]) {
      const limit = fromRateLimiterFlexible({ consume }, { unavailableRetryAfter: 7 });
      expect(await limit(request, 'a')).toEqual({ retryAfter: 7, unavailable: true });
    }
  });

  it('fails open on request: the mint goes through while the store is down (and is reported)', async () => {
    const { seen, onError } = errors();
    const limit = fromRateLimiterFlexible({ consume: () => Promise.reject(storeDown()) }, { failOpen: true, onError });
    expect(await limit(request, 'alice')).toBe(true);
    expect(seen).toHaveLength(1);
    // failOpen never lifts a real limit.
    const full = fromRateLimiterFlexible({ consume: () => Promise.reject(new RateLimiterRes(0, 4000)) }, { failOpen: true });
    expect(await full(request, 'alice')).toEqual({ retryAfter: 4 });
  });

  it('a store that never answers is cut off after timeoutMs and fails closed with a TimeoutError', async () => {
    const { seen, onError } = errors();
    const limit = fromRateLimiterFlexible({ consume: () => new Promise(() => {}) }, { timeoutMs: 20, onError });
    expect(await limit(request, 'alice')).toEqual({ retryAfter: 5, unavailable: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(DOMException);
    expect((seen[0] as DOMException).name).toBe('TimeoutError');
  });

  it('a late rejection after the timeout is handled (no unhandled rejection)', async () => {
    const unhandled: unknown[] = [];
    const listener = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', listener);
    try {
      const limit = fromRateLimiterFlexible({ consume: () => new Promise((_, reject) => setTimeout(() => reject(storeDown()), 40)) }, { timeoutMs: 10 });
      expect(await limit(request, 'alice')).toEqual({ retryAfter: 5, unavailable: true });
      await new Promise((r) => setTimeout(r, 80));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('keys by identity by default, by `key(request, identity)` when given', async () => {
    const keys: string[] = [];
    const consume = async (key: string) => void keys.push(key);
    await fromRateLimiterFlexible({ consume })(request, 'alice');
    await fromRateLimiterFlexible({ consume }, { key: (r, identity) => `${new URL(r.url).pathname}:${identity}` })(request, 'alice');
    expect(keys).toEqual(['alice', '/token:alice']);
  });

  it('an onError that throws does not change the answer', async () => {
    const limit = fromRateLimiterFlexible(
      { consume: () => Promise.reject(storeDown()) },
      {
        onError: () => {
          throw new Error('logger down');
        },
      },
    );
    expect(await limit(request, 'alice')).toEqual({ retryAfter: 5, unavailable: true });
  });

  it('refuses bad options up front with ERR_INVALID_OPTIONS', () => {
    const consume = async () => {};
    const bad: Array<() => unknown> = [
      () => fromRateLimiterFlexible({} as RateLimiterFlexibleLike),
      () => fromRateLimiterFlexible(null as unknown as RateLimiterFlexibleLike),
      () => fromRateLimiterFlexible({ consume }, { timeoutMs: 0 }),
      () => fromRateLimiterFlexible({ consume }, { timeoutMs: 1.5 }),
      () => fromRateLimiterFlexible({ consume }, { unavailableRetryAfter: -1 }),
      () => fromRateLimiterFlexible({ consume }, { key: 'identity' as unknown as () => string }),
      () => fromWorkersRateLimit({} as WorkersRateLimitBinding),
      () => fromWorkersRateLimit({ limit: async () => ({ success: true }) }, { period: Number.POSITIVE_INFINITY }),
      () => fromUpstashRatelimit({ limit: 5 } as unknown as UpstashRatelimitLike),
    ];
    for (const make of bad) {
      expect(make).toThrow(LiveKitTokenError);
      try {
        make();
      } catch (e) {
        expect((e as LiveKitTokenError).code).toBe('ERR_INVALID_OPTIONS');
      }
    }
  });
});

describe('fromWorkersRateLimit (documented result shape: { success })', () => {
  /** A stand-in with the binding's documented shape: `limit({ key })` → `{ success }`. */
  function binding(allowed: number) {
    const counts = new Map<string, number>();
    return {
      keys: [] as string[],
      async limit({ key }: { key: string }) {
        this.keys.push(key);
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return { success: n <= allowed };
      },
    };
  }

  it('success → true; refused → Retry-After of one period (default 60 s)', async () => {
    const stub = binding(2);
    const limit = fromWorkersRateLimit(stub);
    expect([await limit(request, 'a'), await limit(request, 'a'), await limit(request, 'a')]).toEqual([true, true, { retryAfter: 60 }]);
    expect(await fromWorkersRateLimit(binding(0), { period: 10 })(request, 'a')).toEqual({ retryAfter: 10 });
    expect(stub.keys).toEqual(['a', 'a', 'a']);
  });

  it('a throwing binding or an odd answer fails closed; failOpen lets the mint through', async () => {
    const throwing = { limit: () => Promise.reject(new Error('binding unavailable')) };
    const odd = { limit: async () => ({ success: 'yes' }) } as unknown as WorkersRateLimitBinding;
    expect(await fromWorkersRateLimit(throwing)(request, 'a')).toEqual({ retryAfter: 5, unavailable: true });
    expect(await fromWorkersRateLimit(odd)(request, 'a')).toEqual({ retryAfter: 5, unavailable: true });
    expect(await fromWorkersRateLimit(throwing, { failOpen: true })(request, 'a')).toBe(true);
  });
});

describe('fromUpstashRatelimit (documented result shape: { success, limit, remaining, reset, pending, reason? })', () => {
  const answer = (fields: Partial<{ success: boolean; reset: number; reason: 'timeout' | 'cacheBlock' | 'denyList' }>) => ({
    success: true,
    limit: 60,
    remaining: 59,
    reset: Date.now() + 60_000,
    pending: Promise.resolve(),
    ...fields,
  });

  it('success → allow (with its pending work); refused → Retry-After counted to reset (epoch ms)', async () => {
    const keys: string[] = [];
    const limit = fromUpstashRatelimit({ limit: async (id) => (keys.push(id), answer({})) });
    expect(await limit(request, 'alice')).toEqual({ allow: true, pending: expect.any(Promise) });
    expect(keys).toEqual(['alice']);
    const denied = await fromUpstashRatelimit({ limit: async () => answer({ success: false, reset: Date.now() + 12_300 }) })(request, 'alice');
    expect((denied as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(12);
    expect((denied as { retryAfter: number }).retryAfter).toBeLessThanOrEqual(13);
    // A reset already past (clock skew) or cached blocks still give a usable Retry-After.
    expect(await fromUpstashRatelimit({ limit: async () => answer({ success: false, reset: Date.now() - 5000 }) })(request, 'a')).toMatchObject({ retryAfter: 1 });
    expect(await fromUpstashRatelimit({ limit: async () => answer({ success: false, reset: 0, reason: 'cacheBlock' }) })(request, 'a')).toMatchObject({ retryAfter: 1 });
  });

  it("its own timeout (success: true, reason 'timeout') counts as the store being down: closed by default, open on request", async () => {
    const { seen, onError } = errors();
    const timedOut = { limit: async () => answer({ success: true, reset: 0, reason: 'timeout' }) };
    expect(await fromUpstashRatelimit(timedOut, { onError })(request, 'a')).toEqual({ retryAfter: 5, unavailable: true });
    expect((seen[0] as DOMException).name).toBe('TimeoutError');
    expect(await fromUpstashRatelimit(timedOut, { failOpen: true })(request, 'a')).toBe(true);
  });

  it('a rejected call fails closed', async () => {
    const failing = { limit: () => Promise.reject(new Error('fetch failed')) };
    expect(await fromUpstashRatelimit(failing, { unavailableRetryAfter: 30 })(request, 'a')).toEqual({ retryAfter: 30, unavailable: true });
  });
});

describe('a pending promise (Upstash analytics) is never dropped nor unhandled', () => {
  const body = JSON.stringify({ room: 'r', identity: 'alice' });
  const mint = (handler: (r: Request) => Promise<Response>) =>
    handler(new Request('http://service.test/token', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer good' }, body }));

  it('goes to waitUntil, its rejection caught, whatever the answer', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const success of [true, false]) {
        const handed: Promise<unknown>[] = [];
        const ratelimit = { limit: async () => ({ success, reset: Date.now() + 5000, pending: Promise.reject(new Error('analytics down')) }) };
        const handler = createTokenHandler(options({ rateLimit: fromUpstashRatelimit(ratelimit), waitUntil: (p) => handed.push(p) }));
        expect((await mint(handler)).status).toBe(success ? 200 : 429);
        expect(handed).toHaveLength(1);
        await expect(handed[0]).resolves.toBeUndefined();
      }
      // Without waitUntil the promise still runs, its rejection caught.
      const ratelimit = { limit: async () => ({ success: true, reset: 0, pending: Promise.reject(new Error('analytics down')) }) };
      expect((await mint(createTokenHandler(options({ rateLimit: fromUpstashRatelimit(ratelimit) })))).status).toBe(200);
      // Node reports an unhandled rejection once the microtask queue drains: a macrotask later.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('through the token handler', () => {
  const post = (handler: (r: Request) => Promise<Response>, identity: string) =>
    handler(
      new Request('http://service.test/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer good' },
        body: JSON.stringify({ room: 'r', identity }),
      }),
    );

  it('exhausted points → 429 ERR_RATE_LIMITED with Retry-After', async () => {
    const handler = createTokenHandler(options({ rateLimit: fromRateLimiterFlexible(new RateLimiterMemory({ points: 1, duration: 20 })) }));
    expect((await post(handler, 'alice')).status).toBe(200);
    const res = await post(handler, 'alice');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_RATE_LIMITED');
  });

  it('store down → 503 ERR_RATE_LIMIT_UNAVAILABLE with Retry-After, no token; failOpen → 200', async () => {
    const down = { consume: () => Promise.reject(storeDown()) };
    const res = await post(createTokenHandler(options({ rateLimit: fromRateLimiterFlexible(down, { unavailableRetryAfter: 3 }) })), 'alice');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    const body = (await res.json()) as { error: { code: string; message: string }; token?: string };
    expect(body.error.code).toBe('ERR_RATE_LIMIT_UNAVAILABLE');
    expect(body.token).toBeUndefined();
    expect(body.error.message).not.toContain('ECONNREFUSED'); // the store's error stays out of answers
    expect((await post(createTokenHandler(options({ rateLimit: fromRateLimiterFlexible(down, { failOpen: true }) })), 'alice')).status).toBe(200);
  });
});
