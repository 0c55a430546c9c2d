// Every route and every error status, run twice: straight through the handler and over real
// HTTP on 127.0.0.1 through the Node adapter.
import { describe, expect, it } from 'vitest';
import { decodeToken, verifyToken } from '../../src/index.js';
import type { TokenHandlerOptions } from '../../src/handler/index.js';
import { describeEachTransport, json, KEY, OLD_KEY, ORIGIN, WS_URL } from './helpers.js';

describeEachTransport('token handler', ['direct', 'http', 'http-generic'], ({ setup }) => {

  async function expectError(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    return body;
  }

  describe('health and readiness', () => {
    it('GET /health answers 200 healthy', async () => {
      const res = await setup().send('/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'healthy', service: 'livekit-token' });
    });

    it('GET /ready answers 200 when the signing key resolves, 503 when it does not', async () => {
      expect((await setup().send('/ready')).status).toBe(200);
      const broken = setup({ keys: () => undefined, signingKey: 'APImissing' });
      const res = await broken.send('/ready');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not_ready' });
    });

    it('HEAD /health answers without a body', async () => {
      const res = await setup().send('/health', { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    });
  });

  describe('POST /token', () => {
    it('mints a verifiable participant token with the default 10 min lifetime', async () => {
      const { post, events } = setup();
      const before = Math.floor(Date.now() / 1000);
      const res = await post('/token', { room: 'demo', identity: 'alice', name: 'Alice', metadata: { role: 'customer' }, attributes: { tier: 'gold' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { token: string; wsUrl: string; expiresAt: number; identity: string; room: string };
      expect(body).toMatchObject({ wsUrl: WS_URL, identity: 'alice', room: 'demo' });
      const claims = await verifyToken(body.token, KEY, { room: 'demo', identity: 'alice' });
      expect(claims.iss).toBe(KEY.apiKey);
      expect(claims.exp! - claims.nbf!).toBe(600);
      expect(claims.exp).toBe(body.expiresAt);
      expect(claims.nbf).toBeGreaterThanOrEqual(before);
      expect(claims.name).toBe('Alice');
      expect(claims.metadata).toBe('{"role":"customer"}');
      expect(claims.attributes).toEqual({ tier: 'gold' });
      expect(claims.video).toEqual({ roomJoin: true, room: 'demo' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'minted', route: 'token', status: 200, identity: 'alice', room: 'demo', ttl: 600, expiresAt: body.expiresAt });
    });

    it('keeps non-ASCII identities and rooms intact (byte length of the answer included)', async () => {
      const res = await setup().post('/token', { room: 'café-räume', identity: 'Zoë 🎉 用户' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; identity: string; room: string };
      expect(body.identity).toBe('Zoë 🎉 用户');
      expect(body.room).toBe('café-räume');
      expect(decodeToken(body.token).claims.sub).toBe('Zoë 🎉 用户');
    });

    it('answers the JSON that JSON.stringify writes for its fields, names that need escaping included', async () => {
      const [room, identity] = ['r "quoted" \\ back', 'Zoë "🎉" \\ 用户'];
      const res = await setup().post('/token', { room, identity });
      expect(res.status).toBe(200);
      const text = await res.text();
      const { token, expiresAt } = JSON.parse(text) as { token: string; expiresAt: number };
      const answer = { token, wsUrl: WS_URL, expiresAt, identity, room, server_url: WS_URL, participant_token: token };
      expect(text).toBe(JSON.stringify(answer));
    });

    it('honours ttl (string or seconds) and ttl_seconds up to maxTtl', async () => {
      const { post } = setup();
      for (const [field, value, seconds] of [['ttl', '15m', 900], ['ttl', 120, 120], ['ttl_seconds', 3600, 3600]] as const) {
        const res = await post('/token', { room: 'r', identity: 'a', [field]: value });
        expect(res.status).toBe(200);
        const { claims } = decodeToken(((await res.json()) as { token: string }).token);
        expect(claims.exp! - claims.nbf!).toBe(seconds);
      }
    });

    it('signs with the key named by signingKey', async () => {
      const res = await setup({ signingKey: OLD_KEY.apiKey }).post('/token', { room: 'r', identity: 'a' });
      const { token } = (await res.json()) as { token: string };
      expect(decodeToken(token).claims.iss).toBe(OLD_KEY.apiKey);
      await verifyToken(token, OLD_KEY);
    });

    it('accepts participant grants and narrowing flags under the default policy', async () => {
      const { post } = setup();
      const grants = { canPublish: true, canSubscribe: true, canPublishData: true, canUpdateOwnMetadata: false, hidden: false, agent: false, canPublishSources: ['microphone'] };
      const res = await post('/token', { room: 'r', identity: 'a', grants });
      expect(res.status).toBe(200);
      const { claims } = decodeToken(((await res.json()) as { token: string }).token);
      expect(claims.video).toEqual({ roomJoin: true, ...grants, room: 'r' });
    });

    it('400 for malformed JSON, a non-object body and missing fields', async () => {
      const { post } = setup();
      await expectError(await post('/token', '{"room": "r",'), 400, 'ERR_MALFORMED_JSON');
      await expectError(await post('/token', '[1,2]'), 400, 'ERR_BAD_REQUEST');
      await expectError(await post('/token', { identity: 'a' }), 400, 'ERR_MISSING_FIELD');
      const body = await expectError(await post('/token', { room: 'r' }), 400, 'ERR_MISSING_FIELD');
      expect(body.error.message).toContain('identity');
    });

    it('401 when authorize says no, before any token is minted', async () => {
      const { post, events } = setup();
      await expectError(await post('/token', { room: 'r', identity: 'a' }, { authorization: 'Bearer bad' }), 401, 'ERR_UNAUTHORIZED');
      expect(events[0]).toMatchObject({ type: 'rejected', status: 401, code: 'ERR_UNAUTHORIZED', identity: 'a', room: 'r' });
    });

    it('authorize receives the request and the parsed body', async () => {
      const seen: unknown[] = [];
      const { post } = setup({ authorize: (req, body) => (seen.push(req.headers.get('x-user'), body), true) });
      await post('/token', { room: 'r', identity: 'a' }, { 'x-user': 'u1' });
      expect(seen).toEqual(['u1', { room: 'r', identity: 'a' }]);
    });

    it('hooks get a Request with the method, URL, headers and the raw body still readable', async () => {
      const seen: string[] = [];
      const { post } = setup({
        authorize: async (req) => (seen.push(req.method, new URL(req.url).pathname, req.headers.get('x-user') ?? '-', await req.text()), true),
        grantPolicy: (req) => (seen.push(req.headers.get('content-type') ?? '-'), true),
      });
      const res = await post('/token', '{"room":"r","identity":"a"}', { 'x-user': 'u2' });
      expect(res.status).toBe(200);
      expect(seen).toEqual(['POST', '/token', 'u2', '{"room":"r","identity":"a"}', 'application/json']);
    });

    it('403 for admin grants and other rooms under the default policy', async () => {
      const { post } = setup();
      for (const grants of [{ roomAdmin: true }, { roomCreate: true }, { roomRecord: true }, { hidden: true }, { destinationRoom: 'x' }]) {
        await expectError(await post('/token', { room: 'r', identity: 'a', grants }), 403, 'ERR_GRANT_NOT_ALLOWED');
      }
      await expectError(await post('/token', { room: 'r', identity: 'a', grants: { room: 'other' } }), 422, 'ERR_INVALID_FIELD');
    });

    it('a custom grantPolicy can widen (list), allow all (true) or refuse (false)', async () => {
      // A list without roomJoin still mints (roomJoin and room come from the route), and the
      // list now means what it says: the default-on grants it leaves out are written as false
      // (before, this token let a hidden participant publish and subscribe).
      const hidden = setup({ grantPolicy: () => ['hidden'] });
      const res = await hidden.post('/token', { room: 'r', identity: 'a', grants: { hidden: true } });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      expect(decodeToken(token).claims.video).toEqual({ roomJoin: true, hidden: true, room: 'r', canPublish: false, canSubscribe: false, canPublishData: false });
      await expectError(await hidden.post('/token', { room: 'r', identity: 'a', grants: { canPublish: true } }), 403, 'ERR_GRANT_NOT_ALLOWED');
      const all = setup({ grantPolicy: () => true });
      expect((await all.post('/token', { room: 'r', identity: 'a', grants: { roomAdmin: true } })).status).toBe(200);
      const none = setup({ grantPolicy: (_req, body) => body.room !== 'secret' });
      expect((await none.post('/token', { room: 'open', identity: 'a' })).status).toBe(200);
      await expectError(await none.post('/token', { room: 'secret', identity: 'a' }), 403, 'ERR_FORBIDDEN');
    });

    it('422 for a TTL over maxTtl, never a silently shorter token', async () => {
      const { post, events } = setup({ maxTtl: '1h' });
      const body = await expectError(await post('/token', { room: 'r', identity: 'a', ttl_seconds: 86400 }), 422, 'ERR_TTL_TOO_LONG');
      expect(body.error.message).toContain('3600');
      await expectError(await post('/token', { room: 'r', identity: 'a', ttl: '2h' }), 422, 'ERR_TTL_TOO_LONG');
      expect(events.every((e) => e.type === 'rejected')).toBe(true);
    });

    it('422 for invalid values: TTL, identity, types, unknown grants, attributes', async () => {
      const { post } = setup();
      const cases: Array<[unknown, string]> = [
        [{ room: 'r', identity: 'a', ttl: '1 fortnight' }, 'ERR_TTL_INVALID'],
        [{ room: 'r', identity: 'a', ttl_seconds: -5 }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a', ttl: 60, ttl_seconds: 60 }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'x'.repeat(257) }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'agent:bridge-001' }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a\nb' }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 42 }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a', name: 5 }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a', grants: { roomName: 'r' } }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a', grants: { canPublish: 'yes' } }, 'ERR_INVALID_FIELD'],
        [{ room: 'r', identity: 'a', grants: { canPublishSources: ['webcam'] } }, 'ERR_INVALID_OPTIONS'],
        [{ room: 'r', identity: 'a', attributes: { n: 1 } }, 'ERR_INVALID_OPTIONS'],
      ];
      for (const [body, code] of cases) await expectError(await post('/token', body), 422, code);
      // An empty string counts as absent, as LiveKit's client SDKs send it: a missing identity.
      await expectError(await post('/token', { room: 'r', identity: '' }), 400, 'ERR_MISSING_FIELD');
    });

    it('refuses every identity that starts with agent: (the prefix of agent tokens), whoever names it', async () => {
      const { post, events } = setup();
      const message = (await expectError(await post('/token', { room: 'r', identity: 'agent:bot' }), 422, 'ERR_INVALID_FIELD')).error.message;
      expect(message).toContain('agent:');
      // From newIdentity (or authorize's facts): the application's bug, a 500 with an event.
      const app = setup({ newIdentity: () => 'agent:bot' });
      await expectError(await app.post('/token', { room: 'r' }), 500, 'ERR_INTERNAL');
      expect(app.events.at(-1)).toMatchObject({ type: 'rejected', status: 500, reason: expect.stringContaining('newIdentity') });
      expect(events.at(-1)).toMatchObject({ status: 422 });
    });

    it('415 without a JSON content type', async () => {
      const { send } = setup();
      const body = JSON.stringify({ room: 'r', identity: 'a' });
      await expectError(await send('/token', { method: 'POST', headers: { 'content-type': 'text/plain', authorization: 'Bearer good' }, body }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      await expectError(await send('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'room=r' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      const ok = await send('/token', { method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8', authorization: 'Bearer good' }, body });
      expect(ok.status).toBe(200);
    });

    it('413 for a body over maxBodyBytes', async () => {
      const { post } = setup({ maxBodyBytes: 1024 });
      await expectError(await post('/token', { room: 'r', identity: 'a', metadata: 'x'.repeat(2000) }), 413, 'ERR_BODY_TOO_LARGE');
      expect((await post('/token', { room: 'r', identity: 'a', metadata: 'x'.repeat(500) })).status).toBe(200);
    });

    it('429 with Retry-After once an identity used up its mints (default limiter: 60 per minute)', async () => {
      const { post, events } = setup();
      for (let i = 0; i < 60; i++) expect((await post('/token', { room: 'r', identity: 'busy' })).status).toBe(200);
      const res = await post('/token', { room: 'r', identity: 'busy' });
      await expectError(res, 429, 'ERR_RATE_LIMITED');
      const retry = Number(res.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      // Another identity is not affected.
      expect((await post('/token', { room: 'r', identity: 'calm' })).status).toBe(200);
      expect(events.at(-2)).toMatchObject({ type: 'rejected', status: 429, code: 'ERR_RATE_LIMITED', identity: 'busy' });
    });

    it('a custom rate limiter gets the identity; false disables limiting', async () => {
      const seen: string[] = [];
      const custom = setup({ rateLimit: (_req, identity) => (seen.push(identity), { retryAfter: 7.2 }) });
      const res = await custom.post('/token', { room: 'r', identity: 'zed' });
      await expectError(res, 429, 'ERR_RATE_LIMITED');
      expect(res.headers.get('retry-after')).toBe('8');
      expect(seen).toEqual(['zed']);
      const off = setup({ rateLimit: false });
      for (let i = 0; i < 70; i++) expect((await off.post('/token', { room: 'r', identity: 'same' })).status).toBe(200);
    });

    it('503 ERR_RATE_LIMIT_UNAVAILABLE with Retry-After when the limiter says its store is down', async () => {
      const { post, events } = setup({ rateLimit: async () => ({ retryAfter: 2.5, unavailable: true }) });
      const res = await post('/token', { room: 'r', identity: 'a' });
      await expectError(res, 503, 'ERR_RATE_LIMIT_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('3');
      expect(events.at(-1)).toMatchObject({ type: 'rejected', status: 503, code: 'ERR_RATE_LIMIT_UNAVAILABLE' });
      // Same on the agent route; `unavailable: false` is an ordinary 429.
      const agent = setup({ rateLimit: async () => ({ retryAfter: 2.5, unavailable: true }), routes: { agent: true }, agents: ['bot'] });
      await expectError(await agent.post('/token/agent', { room: 'r', agentName: 'bot' }), 503, 'ERR_RATE_LIMIT_UNAVAILABLE');
      const busy = setup({ rateLimit: () => ({ retryAfter: 1, unavailable: false }) });
      await expectError(await busy.post('/token', { room: 'r', identity: 'a' }), 429, 'ERR_RATE_LIMITED');
    });

    it('a failing hook answers 500 with a fixed message, never its own', async () => {
      const { post, events } = setup({ authorize: () => { throw new Error(`database password is ${KEY.apiSecret}`); } });
      const res = await post('/token', { room: 'r', identity: 'a' });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toContain(KEY.apiSecret);
      expect(JSON.parse(text)).toEqual({ error: { code: 'ERR_INTERNAL', message: 'internal error' } });
      expect(events[0]).toMatchObject({ type: 'rejected', status: 500, code: 'ERR_INTERNAL' });
    });
  });

  describe('POST /token/agent', () => {
    // Off unless switched on, and then only for the names in `agents`.
    const agentSetup = (overrides: Partial<TokenHandlerOptions> = {}) =>
      setup({ routes: { agent: true }, agents: ['bridge-001', 'support-bot', 'a', 'x'], ...overrides });

    it('mints an agent token for agent_id (another spelling), under the identity agent:<name>', async () => {
      const res = await agentSetup().post('/token/agent', { room: 'r', agent_id: 'bridge-001' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; identity: string; room: string; dispatch: boolean };
      expect(body).toMatchObject({ identity: 'agent:bridge-001', agentName: 'bridge-001', room: 'r', dispatch: false });
      const claims = await verifyToken(body.token, KEY, { room: 'r' });
      expect(claims.sub).toBe('agent:bridge-001');
      expect(claims.kind).toBe('agent');
      expect(claims.video).toEqual({ roomJoin: true, room: 'r', canPublish: true, canSubscribe: true, canPublishData: true });
      expect(claims.roomConfig).toBeUndefined();
    });

    it('adds a roomConfig.agents dispatch when asked', async () => {
      const res = await agentSetup().post('/token/agent', { room: 'r', agentName: 'support-bot', metadata: { lang: 'de' }, dispatch: true });
      const { token } = (await res.json()) as { token: string };
      const { claims } = decodeToken(token);
      expect(claims.roomConfig).toEqual({ agents: [{ agentName: 'support-bot', metadata: '{"lang":"de"}' }] });
      expect(claims.metadata).toBe('{"lang":"de"}');
    });

    it('403 for a name not in agents, whoever asks; 404 while the route is off', async () => {
      const { post, events } = agentSetup();
      const body = await expectError(await post('/token/agent', { room: 'r', agentName: 'alice' }), 403, 'ERR_GRANT_NOT_ALLOWED');
      expect(body.error.message).toContain('alice');
      expect(events.at(-1)).toMatchObject({ type: 'rejected', status: 403, agentName: 'alice' });
      await expectError(await setup().post('/token/agent', { room: 'r', agentName: 'bridge-001' }), 404, 'ERR_NOT_FOUND');
    });

    it('400 without a name, 422 for conflicting names or a long TTL, 401 unauthorized', async () => {
      const { post } = agentSetup();
      await expectError(await post('/token/agent', { room: 'r' }), 400, 'ERR_MISSING_FIELD');
      await expectError(await post('/token/agent', { agent_id: 'x' }), 400, 'ERR_MISSING_FIELD');
      await expectError(await post('/token/agent', { room: 'r', agent_id: 'a', agentName: 'b' }), 422, 'ERR_INVALID_FIELD');
      await expectError(await post('/token/agent', { room: 'r', agent_id: 'a', ttl: '1d' }), 422, 'ERR_TTL_TOO_LONG');
      await expectError(await post('/token/agent', { room: 'r', agent_id: 'a' }, { authorization: 'nope' }), 401, 'ERR_UNAUTHORIZED');
    });
  });

  describe('POST /token/verify', () => {
    it('answers valid with the token’s identity, name, room, expiry and grants, for every configured key', async () => {
      const { post, events } = setup({ signingKey: OLD_KEY.apiKey });
      const minted = (await (await post('/token', { room: 'r', identity: 'a', name: 'Ann' })).json()) as { token: string; expiresAt: number };
      const res = await post('/token/verify', { token: minted.token });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ valid: true, identity: 'a', name: 'Ann', room: 'r', expiresAt: minted.expiresAt, grants: { roomJoin: true, room: 'r' } });
      expect(events.at(-1)).toMatchObject({ type: 'verified', valid: true, identity: 'a', room: 'r' });
    });

    it('answers valid:false with the core error code', async () => {
      const { post, events } = setup();
      const { token } = (await (await post('/token', { room: 'r', identity: 'a' })).json()) as { token: string };
      const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA');
      expect(await (await post('/token/verify', { token: tampered })).json()).toEqual({ valid: false, code: 'ERR_TOKEN_SIGNATURE' });
      expect(await (await post('/token/verify', { token: 'not-a-token' })).json()).toEqual({ valid: false, code: 'ERR_TOKEN_MALFORMED' });
      expect(events.at(-1)).toMatchObject({ type: 'verified', valid: false, code: 'ERR_TOKEN_MALFORMED' });
    });

    it('400 without token, 422 for a non-string token, 401 unauthorized', async () => {
      const { post } = setup();
      await expectError(await post('/token/verify', {}), 400, 'ERR_MISSING_FIELD');
      await expectError(await post('/token/verify', { token: 5 }), 422, 'ERR_INVALID_FIELD');
      await expectError(await post('/token/verify', { token: 'x' }, { authorization: 'no' }), 401, 'ERR_UNAUTHORIZED');
    });
  });

  describe('routing', () => {
    it('404 for unknown paths, paths outside basePath and trailing slashes', async () => {
      const { send } = setup();
      await expectError(await send('/nope'), 404, 'ERR_NOT_FOUND');
      await expectError(await send('/token/'), 404, 'ERR_NOT_FOUND');
      const based = setup({ basePath: '/livekit/' });
      expect((await based.send('/livekit/health')).status).toBe(200);
      expect((await based.send('/livekit/health?probe=1')).status).toBe(200);
      await expectError(await based.send('/health'), 404, 'ERR_NOT_FOUND');
      await expectError(await based.send('/livekithealth'), 404, 'ERR_NOT_FOUND');
      const minted = await based.post('/livekit/token', { room: 'r', identity: 'a' });
      expect(minted.status).toBe(200);
      // Every trailing slash is trimmed, however many (a loop, not a backtracking pattern).
      const slashes = setup({ basePath: '/livekit' + '/'.repeat(16 * 1024) });
      expect((await slashes.send('/livekit/health')).status).toBe(200);
    });

    it('405 with Allow for a wrong method', async () => {
      const { send } = setup();
      const res = await send('/token');
      await expectError(res, 405, 'ERR_METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow')).toBe('POST');
      const put = await send('/health', { method: 'PUT', body: 'x' });
      await expectError(put, 405, 'ERR_METHOD_NOT_ALLOWED');
      expect(put.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, method = 'POST') => ({
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
    });

    it('answers an allowed preflight with the origin, methods, headers and Vary: Origin', async () => {
      const { send } = setup({ cors: { origins: [ORIGIN] } });
      const res = await send('/token', preflight(ORIGIN));
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toBe('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
      expect(res.headers.get('access-control-max-age')).toBe('600');
      expect(res.headers.get('vary')).toBe('Origin');
    });

    it('gives a denied origin no allow headers, on preflight and on the real request', async () => {
      const { send, post } = setup({ cors: { origins: [ORIGIN] } });
      const res = await send('/token', preflight('https://evil.example'));
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
      const real = await post('/token', { room: 'r', identity: 'a' }, { origin: 'https://evil.example' });
      expect(real.headers.get('access-control-allow-origin')).toBeNull();
      // A method the route does not serve is not allowed either.
      expect((await send('/token', preflight(ORIGIN, 'DELETE'))).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('adds the allow header to real responses for an allowed origin, errors included', async () => {
      const { post } = setup({ cors: { origins: [ORIGIN] } });
      const ok = await post('/token', { room: 'r', identity: 'a' }, { origin: ORIGIN });
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After');
      const bad = await post('/token', { room: 'r' }, { origin: ORIGIN });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    it('"*" must be explicit and answers *', async () => {
      const { send } = setup({ cors: { origins: ['*'] } });
      expect((await send('/token', preflight('https://any.example'))).headers.get('access-control-allow-origin')).toBe('*');
      const none = setup();
      const res = await none.post('/token', { room: 'r', identity: 'a' }, { origin: ORIGIN });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBeNull();
      // Without CORS, OPTIONS is just a method the route does not serve.
      expect((await none.send('/token', preflight(ORIGIN))).status).toBe(405);
    });
  });

  describe('audit and redaction', () => {
    it('events carry who/what/when/outcome and never a token, secret, metadata or attributes', async () => {
      const { post, send, events } = setup({ cors: { origins: [ORIGIN] } });
      const minted = (await (await post('/token', { room: 'r', identity: 'a', metadata: 'private-meta', attributes: { ssn: 'private-attr' } }, { origin: ORIGIN })).json()) as { token: string };
      await post('/token/verify', { token: minted.token });
      await post('/token/verify', { token: minted.token + 'x' });
      await post('/token', { room: 'r', identity: 'a', apiSecret: KEY.apiSecret, token: minted.token, grants: { roomAdmin: true } });
      await send('/missing');
      expect(events.map((e) => [e.type, e.route, e.status])).toEqual([
        ['minted', 'token', 200],
        ['verified', 'verify', 200],
        ['verified', 'verify', 200],
        ['rejected', 'token', 403],
        ['rejected', null, 404],
      ]);
      const text = JSON.stringify(events);
      const [, payload, signature] = minted.token.split('.');
      for (const secret of [KEY.apiSecret, OLD_KEY.apiSecret, payload!, signature!, 'private-meta', 'private-attr']) {
        expect(text).not.toContain(secret);
      }
      expect(events[0]).toMatchObject({ method: 'POST', path: '/token', origin: ORIGIN, grants: { roomJoin: true, room: 'r' } });
      expect(Math.abs(events[0]!.time - Date.now())).toBeLessThan(60_000);
    });

    it('a failing onEvent does not change the answer', async () => {
      const { post } = setup({ onEvent: () => Promise.reject(new Error('log sink down')) });
      expect((await post('/token', { room: 'r', identity: 'a' })).status).toBe(200);
    });

    it('only the successful mint response contains a token; no response contains a secret', async () => {
      const { post, send } = setup();
      const responses = [
        await post('/token', { room: 'r', identity: 'a' }),
        await post('/token', { room: 'r', identity: 'a', grants: { roomAdmin: true } }),
        await post('/token/verify', { token: 'a.b.c' }),
        await send('/health'),
        await send('/ready'),
      ];
      const texts = await Promise.all(responses.map((r) => r.text()));
      for (const text of texts) {
        expect(text).not.toContain(KEY.apiSecret);
        expect(text).not.toContain(OLD_KEY.apiSecret);
      }
      expect(texts.map((x) => x.includes('eyJhbGciOi'))).toEqual([true, false, false, false, false]);
    });
  });
});
