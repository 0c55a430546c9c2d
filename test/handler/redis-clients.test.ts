// fromRateLimiterFlexible on a real Redis (a throwaway redis-server on a loopback port, no
// persistence), through rate-limiter-flexible's RateLimiterRedis over both Redis clients people
// use: ioredis and node-redis (`redis`). The clients are configured as docs/deploy.md says.
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenHandler, fromRateLimiterFlexible, type RateLimiter } from '../../src/handler/index.js';
import { startRedis, type RedisProcess } from '../helpers/redis.mjs';
import { KEY, WS_URL } from './helpers.js';

const HOST = '127.0.0.1';
const request = new Request('http://service.test/token', { method: 'POST' });
let redis: RedisProcess;
let prefixes = 0;
const opened: Array<() => unknown> = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  // A test that stopped Redis leaves it running again for the next one.
  if (redis.child?.exitCode !== null || redis.child?.signalCode !== null) await redis.start();
});
afterAll(async () => {
  for (const close of opened.splice(0)) await close();
  await redis?.stop();
});

interface Connected {
  storeClient: unknown;
  useRedisPackage: boolean;
  /** Reads a key straight from Redis. */
  get(key: string): Promise<string | null>;
}

const connect: Record<'ioredis' | 'redis', () => Promise<Connected>> = {
  async ioredis() {
    const client = new Redis({ host: HOST, port: redis.port, enableOfflineQueue: false });
    client.on('error', () => {});
    opened.push(() => client.disconnect());
    await once(client, 'ready');
    return { storeClient: client, useRedisPackage: false, get: (key) => client.get(key) };
  },
  async redis() {
    const client = createClient({ socket: { host: HOST, port: redis.port }, disableOfflineQueue: true });
    client.on('error', () => {}); // without it a lost connection ends the process
    opened.push(() => client.destroy());
    await client.connect();
    return { storeClient: client, useRedisPackage: true, get: (key) => client.get(key) };
  },
};

function limiterOn(connected: Connected, points: number, keyPrefix = `test-${++prefixes}`) {
  const { storeClient, useRedisPackage } = connected;
  return { keyPrefix, limiter: new RateLimiterRedis({ storeClient, useRedisPackage, keyPrefix, points, duration: 30 }) };
}

/** Asks until the limiter lets a mint through again (Redis back): bounded, 10 s at most. */
async function untilAllowed(limit: RateLimiter, identity: string): Promise<number> {
  for (let attempt = 1; attempt <= 100; attempt++) {
    if ((await limit(request, identity)) === true) return attempt;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the limiter did not recover within 10 s of Redis coming back');
}

describe.each(['ioredis', 'redis'] as const)('RateLimiterRedis over %s', (clientName) => {
  it('allows exactly `points` mints per identity, then Retry-After from the key’s expiry', async () => {
    const connected = await connect[clientName]();
    const { keyPrefix, limiter } = limiterOn(connected, 5);
    const limit = fromRateLimiterFlexible(limiter);
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await limit(request, 'alice'));
    expect(answers.slice(0, 5)).toEqual([true, true, true, true, true]);
    for (const denied of answers.slice(5)) {
      expect(denied).toEqual({ retryAfter: expect.any(Number) });
      expect((denied as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(29);
      expect((denied as { retryAfter: number }).retryAfter).toBeLessThanOrEqual(30);
    }
    // The count lives in Redis under the prefix, so every instance using it sees it.
    expect(await connected.get(`${keyPrefix}:alice`)).toBe('7');
    expect(await limit(request, 'bob')).toBe(true);
  });

  it('Redis stopped: fails closed at once with the client’s own error (no queueing); failOpen lets through; Redis back: counts again', async () => {
    const connected = await connect[clientName]();
    const seen: unknown[] = [];
    const onError = (e: unknown) => void seen.push(e);
    // A generous timeout: an answer here comes from the client failing fast, not from the adapter's clock.
    const closed = fromRateLimiterFlexible(limiterOn(connected, 100).limiter, { onError, timeoutMs: 20_000 });
    const open = fromRateLimiterFlexible(limiterOn(connected, 100).limiter, { onError, timeoutMs: 20_000, failOpen: true });
    expect(await closed(request, 'carol')).toBe(true);

    await redis.stop();
    expect(await closed(request, 'carol')).toEqual({ retryAfter: 5, unavailable: true });
    expect(await closed(request, 'dave')).toEqual({ retryAfter: 5, unavailable: true });
    expect(await open(request, 'carol')).toBe(true);
    expect(seen).toHaveLength(3);
    for (const error of seen) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).not.toBe('TimeoutError');
    }

    await redis.start();
    await untilAllowed(closed, 'erin');
    // Redis kept nothing (no persistence): carol starts a fresh window.
    expect(await closed(request, 'carol')).toBe(true);
  });
});

it('ioredis and node-redis limiters with one keyPrefix count one budget', async () => {
  const viaIoredis = limiterOn(await connect.ioredis(), 4, 'shared-budget');
  const viaNodeRedis = limiterOn(await connect.redis(), 4, 'shared-budget');
  const a = fromRateLimiterFlexible(viaIoredis.limiter);
  const b = fromRateLimiterFlexible(viaNodeRedis.limiter);
  const answers = [await a(request, 'frank'), await b(request, 'frank'), await a(request, 'frank'), await b(request, 'frank'), await a(request, 'frank'), await b(request, 'frank')];
  expect(answers.filter((d) => d === true)).toHaveLength(4);
  expect(answers.slice(0, 4).every((d) => d === true)).toBe(true);
});

it('why the client setting matters: ioredis with its offline queue waits for Redis; the adapter’s timeout still bounds the mint', async () => {
  const client = new Redis({ host: HOST, port: redis.port }); // default: enableOfflineQueue true
  client.on('error', () => {});
  opened.push(() => client.disconnect());
  await once(client, 'ready');
  const seen: unknown[] = [];
  const limit = fromRateLimiterFlexible(new RateLimiterRedis({ storeClient: client, keyPrefix: 'queued', points: 10, duration: 30 }), {
    timeoutMs: 300,
    onError: (e) => void seen.push(e),
  });
  await redis.stop();
  expect(await limit(request, 'gina')).toEqual({ retryAfter: 5, unavailable: true });
  expect((seen[0] as DOMException).name).toBe('TimeoutError');
});

it('the docs/deploy.md recipe: shared budgets per identity and per client address (from the proxy’s hop), and for verify', async () => {
  const redisClient = new Redis({ host: HOST, port: redis.port, enableOfflineQueue: false });
  redisClient.on('error', () => {});
  opened.push(() => redisClient.disconnect());
  await new Promise((resolve) => redisClient.once('ready', resolve));
  const run = ++prefixes;
  const limiter = (keyPrefix: string, points: number) =>
    fromRateLimiterFlexible(new RateLimiterRedis({ storeClient: redisClient, keyPrefix: `${keyPrefix}-${run}`, points, duration: 60 }));
  const perIdentity = limiter('lk-mint', 3);
  const perAddress = limiter('lk-mint-addr', 5);
  const perAddressVerify = limiter('lk-verify-addr', 2);
  const clientAddress = (req: Request) => req.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();

  const handler = createTokenHandler({
    keys: KEY,
    wsUrl: WS_URL,
    authorize: (req) => req.headers.get('authorization') === 'Bearer good',
    clientAddress,
    rateLimit: async (req, identity) => {
      const address = clientAddress(req);
      const byAddress = address ? await perAddress(req, address) : true;
      return byAddress === true ? perIdentity(req, identity) : byAddress;
    },
    verifyRateLimit: (req, address) => (address ? perAddressVerify(req, address) : true),
  });
  const send = async (path: string, body: object, forwardedFor: string) =>
    (await handler(new Request(`http://service.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer good', 'x-forwarded-for': forwardedFor }, body: JSON.stringify(body) }))).status;

  // One address rotating identities: stopped by the address budget (5), forged first hop ignored.
  const rotating = [];
  for (let i = 0; i < 7; i++) rotating.push(await send('/token', { room: 'r', identity: `u${i}` }, `10.0.0.${i}, 203.0.113.7`));
  expect(rotating).toEqual([200, 200, 200, 200, 200, 429, 429]);
  // One identity from several addresses: stopped by the identity budget (3).
  const roaming = [];
  for (let i = 0; i < 4; i++) roaming.push(await send('/token', { room: 'r', identity: 'same' }, `198.51.100.${i}`));
  expect(roaming).toEqual([200, 200, 200, 429]);
  expect(await send('/token', { room: 'r', identity: 'fresh' }, '198.51.100.1')).toBe(200);
  // Verify has its own per-address budget (2).
  const verifies = [];
  for (let i = 0; i < 3; i++) verifies.push(await send('/token/verify', { token: 'x' }, '192.0.2.1'));
  expect(verifies).toEqual([200, 200, 429]);
});
