// The recipes of docs/deploy.md that need no Redis: the caller's address behind a proxy, and a
// key rotation rolled out over several instances. (The shared limiters are in redis-*.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenHandler, serve, type RunningServer } from '../../src/handler/index.js';
import { decodeToken } from '../../src/index.js';
import { KEY, OLD_KEY, WS_URL } from './helpers.js';

const running: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const authorize = (req: Request) => req.headers.get('authorization') === 'Bearer good';
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer good', ...headers }, body: JSON.stringify(body) });

/** The last X-Forwarded-For hop: the one the (single) trusted proxy in front of the service added. */
const clientAddress = (request: Request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();

describe('behind a load balancer', () => {
  it('without clientAddress every caller has the proxy’s socket address; with it, the hop the proxy added', async () => {
    const seen: Record<string, string[]> = { socket: [], header: [] };
    for (const [name, extra] of [['socket', {}], ['header', { clientAddress }]] as const) {
      const handler = createTokenHandler({
        keys: KEY,
        wsUrl: WS_URL,
        authorize,
        ...extra,
        verifyRateLimit: (_request, address) => (seen[name]!.push(address), true),
      });
      const server = await serve(handler, { port: 0, hostname: '127.0.0.1' });
      running.push(server);
      // Two callers behind one proxy; the first also tries to choose its address.
      await post(server.url, '/token/verify', { token: 'x' }, { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' });
      await post(server.url, '/token/verify', { token: 'x' }, { 'x-forwarded-for': '198.51.100.9' });
    }
    expect(seen['socket']).toEqual(['127.0.0.1', '127.0.0.1']); // one bucket for everybody
    expect(seen['header']).toEqual(['203.0.113.7', '198.51.100.9']); // the forged first hop is ignored
  });
});

describe('key rotation across instances', () => {
  // Step 1 done everywhere: every instance holds both keys. Step 2 rolls out: `a` signs with the
  // new key while `b` still signs with the old one.
  const NEW_KEY = KEY;
  const a = createTokenHandler({ keys: [OLD_KEY, NEW_KEY], signingKey: NEW_KEY.apiKey, wsUrl: WS_URL, authorize });
  const b = createTokenHandler({ keys: [OLD_KEY, NEW_KEY], signingKey: OLD_KEY.apiKey, wsUrl: WS_URL, authorize });
  const stale = createTokenHandler({ keys: [OLD_KEY], wsUrl: WS_URL, authorize }); // skipped step 1
  const call = (h: (r: Request) => Promise<Response>, path: string, body: unknown) =>
    h(new Request(`http://service.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer good' }, body: JSON.stringify(body) }));
  const mint = async (h: typeof a) => ((await (await call(h, '/token', { room: 'r', identity: 'alice' })).json()) as { token: string }).token;
  const valid = async (h: typeof a, token: string) => ((await (await call(h, '/token/verify', { token })).json()) as { valid: boolean }).valid;

  it('mid-rollout, a token from either instance verifies on both; an instance without the new key refuses it', async () => {
    const fromA = await mint(a);
    const fromB = await mint(b);
    expect(decodeToken(fromA).claims.iss).toBe(NEW_KEY.apiKey);
    expect(decodeToken(fromB).claims.iss).toBe(OLD_KEY.apiKey);
    for (const h of [a, b]) {
      expect(await valid(h, fromA)).toBe(true);
      expect(await valid(h, fromB)).toBe(true);
    }
    expect(await valid(stale, fromA)).toBe(false);
  });
});
