// Token handler cases for the runtime matrix: every route and error status, exercised by calling
// the fetch-standard handler with `new Request(...)`, exactly as Workers, Deno and Bun call it.
// Web APIs only.
import { assert, assertEqual } from '../assert.mjs';

const KEY = { apiKey: 'APIhandler', apiSecret: 'handler-secret-never-printed-0123456789' };
const ORIGIN = 'https://app.example.com';

export default function cases(lib) {
  const handlerLib = lib.handler;
  const list = [];
  const test = (name, run) => list.push({ name, run });

  const make = (overrides = {}, events = []) =>
    handlerLib.createTokenHandler({
      keys: KEY,
      wsUrl: 'wss://matrix.livekit.cloud',
      authorize: (req) => req.headers.get('authorization') === 'Bearer ok',
      onEvent: (e) => {
        events.push(e);
      },
      ...overrides,
    });
  const post = (handler, path, body, headers = {}) =>
    handler(
      new Request(`https://svc.example${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ok', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const get = (handler, path, init) => handler(new Request(`https://svc.example${path}`, init));
  async function expectError(res, status, code) {
    assertEqual(res.status, status, `status for ${code}`);
    const body = await res.json();
    assertEqual(body.error.code, code, 'error code');
    assert(typeof body.error.message === 'string', 'error message');
  }

  test('handler subpath is built and loads without node:*', () => {
    for (const name of ['createTokenHandler', 'toNodeListener', 'serve', 'handlerOptionsFromEnv', 'createMemoryRateLimiter']) {
      assert(typeof handlerLib?.[name] === 'function', name);
    }
  });

  test('construction requires authorize unless allowAnonymous', () => {
    let code;
    try {
      handlerLib.createTokenHandler({ keys: KEY, wsUrl: 'wss://x.livekit.cloud' });
    } catch (e) {
      code = e.code;
    }
    assertEqual(code, 'ERR_INVALID_OPTIONS', 'missing authorize');
    assert(typeof handlerLib.createTokenHandler({ keys: KEY, wsUrl: 'wss://x.livekit.cloud', allowAnonymous: true }) === 'function', 'anonymous');
  });

  test('GET /health and /ready answer 200', async () => {
    const h = make();
    assertEqual((await (await get(h, '/health')).json()).status, 'healthy', 'health');
    assertEqual((await (await get(h, '/ready')).json()).status, 'ready', 'ready');
  });

  test('POST /token mints a token the core verifies', async () => {
    const events = [];
    const h = make({}, events);
    const res = await post(h, '/token', { room: 'demo', identity: 'alice', ttl: '5m', grants: { canPublish: false } });
    assertEqual(res.status, 200, 'status');
    assertEqual(res.headers.get('cache-control'), 'no-store', 'no-store');
    const body = await res.json();
    const claims = await lib.core.verifyToken(body.token, KEY, { room: 'demo', identity: 'alice' });
    assertEqual(claims.exp - claims.nbf, 300, 'ttl');
    assertEqual(claims.exp, body.expiresAt, 'expiresAt');
    assertEqual(claims.video, { roomJoin: true, canPublish: false, room: 'demo' }, 'grants');
    assertEqual(body.wsUrl, 'wss://matrix.livekit.cloud', 'wsUrl');
    assertEqual(events.map((e) => e.type), ['minted'], 'audit');
    assert(!JSON.stringify(events).includes(body.token.split('.')[2]), 'no signature in events');
  });

  test('POST /token/agent: off by default; on, it mints agent:<name> for listed names only', async () => {
    await expectError(await post(make(), '/token/agent', { room: 'demo', agent_id: 'bridge-001' }), 404, 'ERR_NOT_FOUND');
    const h = make({ routes: { agent: true }, agents: ['bridge-001'] });
    const res = await post(h, '/token/agent', { room: 'demo', agent_id: 'bridge-001', dispatch: true });
    const { token, identity } = await res.json();
    assertEqual(identity, 'agent:bridge-001', 'identity');
    const { claims } = lib.core.decodeToken(token);
    assertEqual(claims.sub, 'agent:bridge-001', 'sub');
    assertEqual(claims.kind, 'agent', 'kind');
    assertEqual(claims.roomConfig, { agents: [{ agentName: 'bridge-001' }] }, 'dispatch');
    await expectError(await post(h, '/token/agent', { room: 'demo', agentName: 'bob' }), 403, 'ERR_GRANT_NOT_ALLOWED');
    // A participant can never take an agent's identity.
    await expectError(await post(h, '/token', { room: 'demo', identity: 'agent:bridge-001' }), 422, 'ERR_INVALID_FIELD');
  });

  test("POST /token speaks LiveKit's standard token endpoint contract", async () => {
    const h = make({ agents: [''] });
    const res = await post(h, '/token', { room_name: 'demo', participant_identity: 'ann', participant_name: '', room_config: { agents: [{ metadata: 'm' }] } });
    assertEqual(res.status, 200, 'status');
    const body = await res.json();
    assertEqual([body.server_url, body.participant_token === body.token, body.identity], ['wss://matrix.livekit.cloud', true, 'ann'], 'answer');
    assertEqual(lib.core.decodeToken(body.token).claims.roomConfig, { agents: [{ metadata: 'm' }] }, 'default agent dispatch');
    await expectError(await post(h, '/token', { room: 'demo', room_name: 'demo', identity: 'ann' }), 422, 'ERR_INVALID_FIELD');
  });

  test('POST /token/verify answers valid and invalid tokens', async () => {
    const h = make();
    const { token } = await (await post(h, '/token', { room: 'demo', identity: 'bob', name: 'Bob' })).json();
    const ok = await (await post(h, '/token/verify', { token })).json();
    assertEqual([ok.valid, ok.identity, ok.name, ok.room], [true, 'bob', 'Bob', 'demo'], 'valid');
    const bad = await (await post(h, '/token/verify', { token: `${token.slice(0, -4)}AAAA` })).json();
    assertEqual(bad, { valid: false, code: 'ERR_TOKEN_SIGNATURE' }, 'invalid');
  });

  test('error statuses: 400 401 403 404 405 413 415 422', async () => {
    const h = make({ maxBodyBytes: 512 });
    await expectError(await post(h, '/token', '{"room":'), 400, 'ERR_MALFORMED_JSON');
    await expectError(await post(h, '/token', { room: 'r' }), 400, 'ERR_MISSING_FIELD');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a' }, { authorization: 'Bearer no' }), 401, 'ERR_UNAUTHORIZED');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a', grants: { roomAdmin: true } }), 403, 'ERR_GRANT_NOT_ALLOWED');
    await expectError(await get(h, '/nowhere'), 404, 'ERR_NOT_FOUND');
    const wrong = await get(h, '/token');
    assertEqual(wrong.headers.get('allow'), 'POST', 'Allow');
    await expectError(wrong, 405, 'ERR_METHOD_NOT_ALLOWED');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a', metadata: 'x'.repeat(1000) }), 413, 'ERR_BODY_TOO_LARGE');
    await expectError(await post(h, '/token', 'room=r', { 'content-type': 'text/plain' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a', ttl_seconds: 86400 }), 422, 'ERR_TTL_TOO_LONG');
  });

  test('413 from a streamed body without Content-Length', async () => {
    const h = make({ maxBodyBytes: 100 });
    const chunk = new TextEncoder().encode('x'.repeat(64));
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const req = new Request('https://svc.example/token', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ok' }, body, duplex: 'half' });
    await expectError(await h(req), 413, 'ERR_BODY_TOO_LARGE');
    assert(sent < 10, `stopped reading early (read ${sent} chunks)`);
  });

  test('429 with Retry-After from the default limiter (60 per identity per minute)', async () => {
    const h = make();
    for (let i = 0; i < 60; i++) assertEqual((await post(h, '/token', { room: 'r', identity: 'busy' })).status, 200, `mint ${i}`);
    const res = await post(h, '/token', { room: 'r', identity: 'busy' });
    const retry = Number(res.headers.get('retry-after'));
    assert(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    await expectError(res, 429, 'ERR_RATE_LIMITED');
  });

  test('authorize facts bind the identity; 403 for another identity in the body', async () => {
    const h = make({ authorize: (req) => (req.headers.get('authorization') === 'Bearer ok' ? { identity: 'user-7', name: 'Seven' } : false) });
    const res = await post(h, '/token', { room: 'r' });
    assertEqual(res.status, 200, 'minted without a body identity');
    const { token, identity } = await res.json();
    assertEqual(identity, 'user-7', 'identity from the facts');
    const claims = await lib.core.verifyToken(token, KEY);
    assertEqual([claims.sub, claims.name], ['user-7', 'Seven'], 'claims carry the facts');
    await expectError(await post(h, '/token', { room: 'r', identity: 'admin' }), 403, 'ERR_IDENTITY_MISMATCH');
  });

  test('policy lists write default-on grants as false; routes can be switched off', async () => {
    const h = make({ grantPolicy: () => ['roomJoin', 'canSubscribe'], routes: { verify: false } });
    const { token } = await (await post(h, '/token', { room: 'r', identity: 'viewer' })).json();
    const claims = lib.core.decodeToken(token).claims;
    assertEqual([lib.core.canPublish(claims), lib.core.canSubscribe(claims), lib.core.canPublishData(claims)], [false, true, false], 'listen only');
    await expectError(await post(h, '/token/verify', { token }), 404, 'ERR_NOT_FOUND');
  });

  test('422 for bidi characters, a too-short TTL and a token over 8 KiB; 503 when the limiter is down', async () => {
    const h = make();
    await expectError(await post(h, '/token', { room: 'r', identity: 'a\u202eb' }), 422, 'ERR_INVALID_FIELD');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a', ttl: 24 }), 422, 'ERR_TTL_TOO_SHORT');
    await expectError(await post(h, '/token', { room: 'r', identity: 'a', metadata: 'm'.repeat(9000) }), 422, 'ERR_TOKEN_TOO_LARGE');
    const down = make({ rateLimit: () => ({ retryAfter: 2, unavailable: true }) });
    const res = await post(down, '/token', { room: 'r', identity: 'a' });
    assertEqual(res.headers.get('retry-after'), '2', 'Retry-After');
    await expectError(res, 503, 'ERR_RATE_LIMIT_UNAVAILABLE');
  });

  test('CORS preflight: allowed origin gets allow headers, denied origin none', async () => {
    const h = make({ cors: { origins: [ORIGIN] } });
    const preflight = (origin) => get(h, '/token', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await preflight(ORIGIN);
    assertEqual([ok.status, ok.headers.get('access-control-allow-origin'), ok.headers.get('vary')], [204, ORIGIN, 'Origin'], 'allowed');
    const denied = await preflight('https://evil.example');
    assertEqual([denied.status, denied.headers.get('access-control-allow-origin'), denied.headers.get('vary')], [204, null, 'Origin'], 'denied');
  });

  test('basePath and handlerOptionsFromEnv', async () => {
    const env = { LIVEKIT_API_KEY: KEY.apiKey, LIVEKIT_API_SECRET: KEY.apiSecret, LIVEKIT_WS_URL: 'wss://env.livekit.cloud', MAX_TOKEN_TTL_SECONDS: '900' };
    const h = handlerLib.createTokenHandler({ ...handlerLib.handlerOptionsFromEnv(env), allowAnonymous: true, basePath: '/lk' });
    assertEqual((await get(h, '/lk/health')).status, 200, 'under basePath');
    assertEqual((await get(h, '/health')).status, 404, 'outside basePath');
    await expectError(await post(h, '/lk/token', { room: 'r', identity: 'a', ttl: '1h' }), 422, 'ERR_TTL_TOO_LONG');
  });

  test('no response ever contains the secret', async () => {
    const h = make({ authorize: () => { throw new Error(KEY.apiSecret); } });
    const res = await post(h, '/token', { room: 'r', identity: 'a' });
    assertEqual(res.status, 500, 'failing hook');
    assert(!(await res.text()).includes(KEY.apiSecret), 'secret not echoed');
  });

  return list;
}
