// One token service instance for the shared rate limit tests and bench: the built package's
// createTokenHandler + serve on a free port of 127.0.0.1, with the limiter chosen by LIMITER:
//   memory   the in-memory limiter (one process only)
//   ioredis  rate-limiter-flexible's RateLimiterRedis over ioredis    } on 127.0.0.1:REDIS_PORT,
//   redis    rate-limiter-flexible's RateLimiterRedis over node-redis } keys under KEY_PREFIX
// It prints {"port": N} once listening, and exits on SIGTERM. The Redis clients are configured
// as docs/deploy.md tells users to: fail fast while Redis is down, no offline queue.
import { once } from 'node:events';
import { createMemoryRateLimiter, createTokenHandler, fromRateLimiterFlexible, serve } from '../../dist/handler/index.js';

const env = process.env;
const limiterName = env.LIMITER ?? 'memory';
const points = Number(env.LIMIT ?? 10);
const duration = Number(env.DURATION ?? 60);
const keyPrefix = env.KEY_PREFIX ?? 'lk-mint';

let rateLimit;
let disconnect = async () => {};
if (limiterName === 'memory') {
  rateLimit = createMemoryRateLimiter({ limit: points, windowMs: duration * 1000, maxKeys: 1_000_000 });
} else {
  const { RateLimiterRedis } = await import('rate-limiter-flexible');
  const port = Number(env.REDIS_PORT);
  let storeClient;
  if (limiterName === 'ioredis') {
    const { Redis } = await import('ioredis');
    storeClient = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false });
    storeClient.on('error', () => {}); // reported through onError below, once per refused mint
    await once(storeClient, 'ready');
    disconnect = async () => storeClient.disconnect();
  } else if (limiterName === 'redis') {
    const { createClient } = await import('redis');
    storeClient = createClient({ socket: { host: '127.0.0.1', port }, disableOfflineQueue: true });
    storeClient.on('error', () => {}); // without a listener, node-redis ends the process on a lost connection
    await storeClient.connect();
    disconnect = async () => storeClient.destroy();
  } else {
    throw new Error(`unknown LIMITER ${limiterName}`);
  }
  // node-redis is not recognised by its class name, so rate-limiter-flexible is told.
  const limiter = new RateLimiterRedis({ storeClient, useRedisPackage: limiterName === 'redis', keyPrefix, points, duration });
  rateLimit = fromRateLimiterFlexible(limiter, {
    unavailableRetryAfter: Number(env.UNAVAILABLE_RETRY_AFTER ?? 5),
    onError: (error) => process.stderr.write(`rate limiter store unavailable: ${error?.name}: ${String(error?.message).slice(0, 120)}\n`),
  });
}

const handler = createTokenHandler({
  keys: { apiKey: 'APIshared', apiSecret: 'shared-limits-secret-0123456789abcdefgh' },
  wsUrl: 'wss://shared.livekit.cloud',
  authorize: (request) => request.headers.get('authorization') === 'Bearer shared',
  rateLimit,
  // The identity bucket alone is under test: one loopback load generator would otherwise meet
  // the per-address bucket (600 a minute), which a custom rateLimit no longer replaces.
  addressRateLimit: false,
});
const server = await serve(handler, { port: 0, hostname: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: server.port, pid: process.pid })}\n`);

process.once('SIGTERM', async () => {
  await Promise.race([Promise.all([server.close(), disconnect()]), new Promise((r) => setTimeout(r, 2000))]);
  process.exit(0);
});
