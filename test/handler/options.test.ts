import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, handlerOptionsFromEnv, serveOptionsFromEnv, type TokenHandlerOptions } from '../../src/handler/index.js';
import { isLiveKitTokenError } from '../../src/index.js';
import { createTokenHandler, KEY, WS_URL } from './helpers.js';

function expectInvalid(fn: () => unknown, pattern: RegExp, code = 'ERR_INVALID_OPTIONS') {
  try {
    fn();
  } catch (e) {
    expect(isLiveKitTokenError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    expect((e as Error).message).toMatch(pattern);
    return e as Error;
  }
  throw new Error('expected a LiveKitTokenError');
}

const base: TokenHandlerOptions = { keys: KEY, wsUrl: WS_URL, allowAnonymous: true };

describe('createTokenHandler options', () => {
  it('requires authorize unless allowAnonymous is true', () => {
    expectInvalid(() => createTokenHandler({ keys: KEY, wsUrl: WS_URL }), /authorize/);
    expectInvalid(() => createTokenHandler({ keys: KEY, wsUrl: WS_URL, allowAnonymous: false }), /authorize/);
    expectInvalid(() => createTokenHandler({ keys: KEY, wsUrl: WS_URL, authorize: undefined }), /authorize/);
    expect(typeof createTokenHandler({ keys: KEY, wsUrl: WS_URL, authorize: () => true })).toBe('function');
    expect(typeof createTokenHandler(base)).toBe('function');
  });

  it('names the bad field', () => {
    const cases: Array<[Partial<TokenHandlerOptions> & Record<string, unknown>, RegExp]> = [
      [{ wsUrl: '' }, /wsUrl/],
      [{ wsUrl: 'ftp://x' }, /wsUrl/],
      [{ defaultTtl: '2h' }, /defaultTtl.*maxTtl/],
      [{ maxBodyBytes: 0 }, /maxBodyBytes/],
      [{ basePath: 'api' }, /basePath/],
      [{ cors: { origins: ['https://a.com/'] } }, /cors\.origins/],
      [{ cors: { origins: 'https://a.com' as unknown as string[] } }, /cors\.origins/],
      [{ rateLimit: 5 as unknown as false }, /rateLimit/],
      [{ onEvent: 'log' as unknown as undefined }, /onEvent/],
      [{ authorize: true as unknown as undefined }, /authorize/],
      [{ keys: [] }, /at least one/],
      [{ signingKey: 'APInope' }, /signingKey/],
      [{ keys: () => 'secret' }, /signingKey is required/],
      [{ keys: { apiKey: 'k', apiSecret: '' } }, /apiSecret/],
      [{ roomName: 'x' }, /roomName is not a known handler option/],
      [{ minTtl: '20m' }, /minTtl.*defaultTtl/],
      [{ verifyRateLimit: 5 as unknown as false }, /verifyRateLimit/],
      [{ clientAddress: 'x-forwarded-for' as unknown as undefined }, /clientAddress/],
      [{ routes: { tokens: false } as unknown as { agent: boolean } }, /routes\.tokens is not a route/],
      [{ routes: { agent: 5 } as unknown as { agent: boolean } }, /routes\.agent/],
      [{ routes: { token: 'get-token' } }, /routes\.token must be a path/],
      [{ routes: { token: '/same', verify: '/same' } }, /routes\.verify uses the path \/same/],
      [{ routes: false as unknown as { agent: boolean } }, /routes/],
      // The agent route mints under names that are not the caller's: only with names to mint.
      [{ routes: { agent: true } }, /routes\.agent needs the agent names/],
      [{ routes: { agent: '/agent' }, agents: [''] }, /routes\.agent needs the agent names/],
      [{ agents: 'bot' as unknown as string[] }, /agents must be an array/],
      // agent:<name> must stay within LiveKit's 256 bytes for an identity.
      [{ agents: ['a'.repeat(251)] }, /agents: the identity agent:<name>/],
      [{ agents: ['€'.repeat(84)] }, /agents: the identity agent:<name>/],
      [{ cors: { origins: ['*'], credentials: true } }, /credentials cannot go with the origin "\*"/],
      [{ cors: { origins: ['https://a.com'], credentials: 'yes' as unknown as true } }, /credentials/],
      [{ serviceName: '' }, /serviceName/],
      [{ newIdentity: 'guest' as unknown as undefined }, /newIdentity/],
      [{ addressRateLimit: 600 as unknown as false }, /addressRateLimit/],
    ];
    for (const [override, pattern] of cases) expectInvalid(() => createTokenHandler({ ...base, ...override } as TokenHandlerOptions), pattern);
    expectInvalid(() => createTokenHandler({ ...base, maxTtl: 'forever' }), /ttl/, 'ERR_TTL_INVALID');
  });

  it('accepts the longest agent name whose agent:<name> identity fits 256 bytes', () => {
    expect(typeof createTokenHandler({ ...base, routes: { agent: true }, agents: ['a'.repeat(250), ''] })).toBe('function');
  });

  it('routes take a path, true or false; serviceName names /health and /ready', async () => {
    const h = createTokenHandler({ ...base, basePath: '/lk', routes: { token: '/get-token', verify: false, health: '/healthz' }, serviceName: 'tokens-eu' });
    const post = (path: string) => h(new Request(`http://x/lk${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"r","identity":"a"}' }));
    expect((await post('/get-token')).status).toBe(200);
    expect((await post('/token')).status).toBe(404);
    expect((await post('/token/verify')).status).toBe(404);
    expect(await (await h(new Request('http://x/lk/healthz'))).json()).toMatchObject({ status: 'healthy', service: 'tokens-eu' });
    expect((await h(new Request('http://x/lk/health'))).status).toBe(404);
    expect(await (await h(new Request('http://x/lk/ready'))).json()).toMatchObject({ status: 'ready', service: 'tokens-eu' });
    const noToken = createTokenHandler({ ...base, routes: { token: false } });
    expect((await noToken(new Request('http://x/token', { method: 'POST' }))).status).toBe(404);
  });

  it('accepts a record of keys, a key list, and a resolver with signingKey', async () => {
    for (const keys of [{ [KEY.apiKey]: KEY.apiSecret }, [KEY]]) {
      const h = createTokenHandler({ ...base, keys });
      expect((await h(new Request('http://x/ready'))).status).toBe(200);
    }
    const h = createTokenHandler({ ...base, keys: async (k) => (k === KEY.apiKey ? KEY.apiSecret : undefined), signingKey: KEY.apiKey });
    const res = await h(new Request('http://x/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"r","identity":"a"}' }));
    expect(res.status).toBe(200);
  });

  it('never mutates the options', () => {
    const opts = { ...base, cors: { origins: ['https://a.com'] }, keys: [KEY] };
    const copy = structuredClone(opts);
    createTokenHandler(opts);
    expect(opts).toEqual(copy);
  });
});

describe('createMemoryRateLimiter', () => {
  const req = new Request('http://x/');

  it('allows `limit` per window and then answers the seconds left', () => {
    let t = 1_000_000;
    const limit = createMemoryRateLimiter({ limit: 2, windowMs: 10_000, now: () => t });
    expect(limit(req, 'a')).toBe(true);
    expect(limit(req, 'a')).toBe(true);
    t += 2500;
    expect(limit(req, 'a')).toEqual({ retryAfter: 8 });
    expect(limit(req, 'b')).toBe(true);
    t += 7500;
    expect(limit(req, 'a')).toBe(true);
  });

  it('keeps memory bounded: forgetting old identities lets them mint again, never blocks others', () => {
    let t = 0;
    const limit = createMemoryRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100, now: () => t });
    expect(limit(req, 'first')).toBe(true);
    expect(limit(req, 'first')).not.toBe(true);
    for (let i = 0; i < 1000; i++) expect(limit(req, `id-${i}`)).toBe(true);
    // 'first' was evicted, so it starts a new window.
    expect(limit(req, 'first')).toBe(true);
    t += 1;
    expect(limit(req, 'id-999')).not.toBe(true);
  });

  it('validates its options', () => {
    expectInvalid(() => createMemoryRateLimiter({ limit: 0 }), /limit/);
    expectInvalid(() => createMemoryRateLimiter({ windowMs: 1.5 }), /windowMs/);
  });
});

describe('handlerOptionsFromEnv', () => {
  const env = { LIVEKIT_API_KEY: 'APIenv', LIVEKIT_API_SECRET: 'env-secret-value-1234567890', LIVEKIT_WS_URL: 'wss://env.livekit.cloud' };

  it('reads the usual variable names', () => {
    expect(handlerOptionsFromEnv(env)).toEqual({ keys: { apiKey: 'APIenv', apiSecret: 'env-secret-value-1234567890' }, wsUrl: 'wss://env.livekit.cloud' });
    const full = handlerOptionsFromEnv({ ...env, DEFAULT_TOKEN_TTL_SECONDS: '300', MAX_TOKEN_TTL_SECONDS: '7200', CORS_ORIGINS: 'http://localhost:3000, https://app.example.com' });
    expect(full).toMatchObject({ defaultTtl: 300, maxTtl: 7200, cors: { origins: ['http://localhost:3000', 'https://app.example.com'] } });
    // The result is ready for the handler.
    expect(typeof createTokenHandler({ ...full, allowAnonymous: true })).toBe('function');
  });

  it('fails with a message naming the variable, never echoing the secret', () => {
    for (const name of ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'LIVEKIT_WS_URL']) {
      expectInvalid(() => handlerOptionsFromEnv({ ...env, [name]: undefined }), new RegExp(`^${name} is not set`));
      expectInvalid(() => handlerOptionsFromEnv({ ...env, [name]: '  ' }), new RegExp(name));
    }
    expectInvalid(() => handlerOptionsFromEnv({ ...env, LIVEKIT_WS_URL: 'livekit.cloud' }), /LIVEKIT_WS_URL/);
    // The same rule as the handler's wsUrl (a URL the parser accepts), so the error names the variable.
    expectInvalid(() => handlerOptionsFromEnv({ ...env, LIVEKIT_WS_URL: 'wss://my project.livekit.cloud' }), /^LIVEKIT_WS_URL must be a ws:\/\//);
    expectInvalid(() => handlerOptionsFromEnv({ ...env, DEFAULT_TOKEN_TTL_SECONDS: '10m' }), /DEFAULT_TOKEN_TTL_SECONDS/);
    expectInvalid(() => handlerOptionsFromEnv({ ...env, MAX_TOKEN_TTL_SECONDS: '0' }), /MAX_TOKEN_TTL_SECONDS/);
    expectInvalid(() => handlerOptionsFromEnv({ ...env, DEFAULT_TOKEN_TTL_SECONDS: '7200' }), /DEFAULT_TOKEN_TTL_SECONDS \(7200\).*MAX_TOKEN_TTL_SECONDS \(3600\)/);
    expectInvalid(() => handlerOptionsFromEnv({ ...env, CORS_ORIGINS: 'app.example.com' }), /CORS_ORIGINS/);
    const e = expectInvalid(() => handlerOptionsFromEnv({ ...env, LIVEKIT_WS_URL: undefined }), /LIVEKIT_WS_URL/);
    expect(e.message).not.toContain(env.LIVEKIT_API_SECRET);
  });

  it('reads LIVEKIT_URL when LIVEKIT_WS_URL is unset, and MIN_TOKEN_TTL_SECONDS', () => {
    const { LIVEKIT_WS_URL: _unused, ...rest } = env;
    expect(handlerOptionsFromEnv({ ...rest, LIVEKIT_URL: 'wss://lk.example.com' }).wsUrl).toBe('wss://lk.example.com');
    // LIVEKIT_WS_URL wins when both are set.
    expect(handlerOptionsFromEnv({ ...env, LIVEKIT_URL: 'wss://other.example.com' }).wsUrl).toBe('wss://env.livekit.cloud');
    expectInvalid(() => handlerOptionsFromEnv({ ...rest, LIVEKIT_URL: 'ftp://x' }), /^LIVEKIT_URL must be/);
    const withMin = handlerOptionsFromEnv({ ...env, MIN_TOKEN_TTL_SECONDS: '10' });
    expect(withMin.minTtl).toBe(10);
    // Whole seconds, as the name says: '1m' is refused, and so is a minimum over the default.
    expectInvalid(() => handlerOptionsFromEnv({ ...env, MIN_TOKEN_TTL_SECONDS: '1m' }), /MIN_TOKEN_TTL_SECONDS/);
    expectInvalid(() => handlerOptionsFromEnv({ ...env, MIN_TOKEN_TTL_SECONDS: '900' }), /MIN_TOKEN_TTL_SECONDS \(900\).*DEFAULT_TOKEN_TTL_SECONDS \(600\)/);
    // The handler applies it: a 24-second request is then allowed, a 5-second one is not.
    expect(typeof createTokenHandler({ ...withMin, allowAnonymous: true })).toBe('function');
  });

  it('serveOptionsFromEnv reads PORT and HOST', () => {
    expect(serveOptionsFromEnv({})).toEqual({});
    expect(serveOptionsFromEnv({ PORT: '8080', HOST: '0.0.0.0' })).toEqual({ port: 8080, hostname: '0.0.0.0' });
    expectInvalid(() => serveOptionsFromEnv({ PORT: 'eighty' }), /PORT/);
    expectInvalid(() => serveOptionsFromEnv({ PORT: '70000' }), /PORT/);
  });
});
