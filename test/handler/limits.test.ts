// The mint routes' two buckets compose: per client address and per identity, each replaceable or
// removable on its own. Run over real HTTP on 127.0.0.1, where the Node adapter knows the socket.
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, createTokenHandler, handlerOptionsFromEnv } from '../../src/handler/index.js';
import { directTransport, httpTransport, service, useTransport } from './helpers.js';

describe('limits compose (over the Node adapter)', () => {
  const { setup } = useTransport(() => httpTransport());
  const mintAs = (post: ReturnType<typeof setup>['post'], identity: string) => post('/token', { room: 'r', identity }).then((r) => r.status);

  it('a custom rateLimit replaces the identity bucket only, and learns the address', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const { post } = setup({ rateLimit: (_req, identity, address) => (seen.push([identity, address]), true), addressRateLimit: createMemoryRateLimiter({ limit: 2 }) });
    expect([await mintAs(post, 'a'), await mintAs(post, 'b'), await mintAs(post, 'c')]).toEqual([200, 200, 429]);
    // The address bucket refused the third before the identity limiter was asked.
    expect(seen).toEqual([['a', '127.0.0.1'], ['b', '127.0.0.1']]);
  });

  it('the default address bucket stays with a custom rateLimit (600 a minute per address)', async () => {
    const { post } = setup({ rateLimit: () => true });
    const statuses: number[] = [];
    for (let i = 0; i < 601; i++) statuses.push(await mintAs(post, `user-${i}`));
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
    expect(statuses.at(-1)).toBe(429);
  });

  it('rateLimit: false switches off the identity bucket only', async () => {
    const { post } = setup({ rateLimit: false, addressRateLimit: createMemoryRateLimiter({ limit: 70 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 71; i++) statuses.push(await mintAs(post, 'same'));
    // 70 mints of one identity pass (the default allows 60: no identity bucket); the 71st request
    // from the address does not.
    expect(statuses.slice(0, 70).every((s) => s === 200)).toBe(true);
    expect(statuses[70]).toBe(429);
  });

  it('addressRateLimit: false removes the address bucket; the identity bucket stays', async () => {
    const { post } = setup({ addressRateLimit: false, rateLimit: createMemoryRateLimiter({ limit: 1 }) });
    expect([await mintAs(post, 'a'), await mintAs(post, 'b'), await mintAs(post, 'a')]).toEqual([200, 200, 429]);
  });

  it('addressRateLimit is any RateLimiter, called with the address', async () => {
    const seen: string[] = [];
    const { post } = setup({ addressRateLimit: (_req, address) => (seen.push(address), address === '127.0.0.1' ? { retryAfter: 9 } : true) });
    const res = await post('/token', { room: 'r', identity: 'a' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('9');
    expect(seen).toEqual(['127.0.0.1']);
  });
});

describe('limits compose (fetch Request: no transport address)', () => {
  it('addressRateLimit is called only when an address is known; rateLimit gets undefined', async () => {
    const addresses: string[] = [];
    const thirds: Array<string | undefined> = [];
    const { post } = service(directTransport(), {
      addressRateLimit: (_req, address) => (addresses.push(address), true),
      rateLimit: (_req, _identity, address) => (thirds.push(address), true),
    });
    expect((await post('/token', { room: 'r', identity: 'a' })).status).toBe(200);
    expect(addresses).toEqual([]);
    expect(thirds).toEqual([undefined]);
    const behindProxy = service(directTransport(), {
      clientAddress: (req) => req.headers.get('cf-connecting-ip'),
      addressRateLimit: (_req, address) => (addresses.push(address), true),
    });
    expect((await behindProxy.post('/token', { room: 'r', identity: 'a' }, { 'cf-connecting-ip': '203.0.113.7' })).status).toBe(200);
    expect(addresses).toEqual(['203.0.113.7']);
  });
});

describe('RATE_LIMIT_MAX_REQUESTS / RATE_LIMIT_WINDOW_MS', () => {
  const env = { LIVEKIT_API_KEY: 'APIenv', LIVEKIT_API_SECRET: 'env-secret-value-1234567890', LIVEKIT_URL: 'wss://env.livekit.cloud' };

  it('set the per-address bucket', async () => {
    const options = handlerOptionsFromEnv({ ...env, RATE_LIMIT_MAX_REQUESTS: '2', RATE_LIMIT_WINDOW_MS: '60000' });
    expect(typeof options.addressRateLimit).toBe('function');
    const handler = createTokenHandler({ ...options, allowAnonymous: true, clientAddress: () => '198.51.100.1' });
    const mint = (identity: string) =>
      handler(new Request('http://x/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: 'r', identity }) })).then((r) => r.status);
    expect([await mint('a'), await mint('b'), await mint('c')]).toEqual([200, 200, 429]);
    expect(handlerOptionsFromEnv(env).addressRateLimit).toBeUndefined();
  });

  it('refuse what is not a whole number ≥ 1, naming the variable', () => {
    for (const [name, value] of [['RATE_LIMIT_MAX_REQUESTS', '0'], ['RATE_LIMIT_MAX_REQUESTS', '1e3'], ['RATE_LIMIT_WINDOW_MS', '-1'], ['RATE_LIMIT_WINDOW_MS', '60s']]) {
      expect(() => handlerOptionsFromEnv({ ...env, [name!]: value })).toThrow(new RegExp(name!));
    }
  });
});
