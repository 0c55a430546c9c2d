// The service under hostile input: the order of work, authorize's facts, grant policy lists,
// rate limits, character rules, token size and lifetime bounds. Run straight through the
// handler and over real HTTP on 127.0.0.1 through the Node adapter.
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { canPublish, canPublishData, canSubscribe, decodeToken, verifyToken } from '../../src/index.js';
import { PARTICIPANT_GRANTS, type GrantPolicyDecision, type TokenHandlerOptions } from '../../src/handler/index.js';
import { createTokenHandler, describeEachTransport, json, KEY, options } from './helpers.js';

/**
 * What a LiveKit server reads from a token's video grant, through `livekit-server-sdk`'s own
 * verifier: an absent `canPublish`/`canSubscribe` is true, an absent `canPublishData` follows
 * the effective `canPublish` (livekit/protocol auth/grants.go: VideoGrant.GetCanPublish,
 * GetCanSubscribe, GetCanPublishData).
 */
async function serverReads(token: string): Promise<{ publish: boolean; subscribe: boolean; data: boolean }> {
  const claims: ClaimGrants = await new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token);
  const video = claims.video ?? {};
  const publish = video.canPublish ?? true;
  return { publish, subscribe: video.canSubscribe ?? true, data: video.canPublishData ?? publish };
}

function ourReads(token: string): { publish: boolean; subscribe: boolean; data: boolean } {
  const { claims } = decodeToken(token);
  return { publish: canPublish(claims), subscribe: canSubscribe(claims), data: canPublishData(claims) };
}

describeEachTransport('hardened token handler', ['direct', 'http'], (t) => {
  // The agent route is off unless switched on, and mints only the names listed in `agents`.
  const setup = (overrides: Partial<TokenHandlerOptions> = {}) => t.setup({ routes: { agent: true }, agents: ['bot', 'triage'], ...overrides });

  async function expectError(res: Response, status: number, code: string) {
    const text = await res.text();
    expect(`${res.status} ${text}`).toMatch(new RegExp(`^${status} `));
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    return body.error.message;
  }

  async function mint(res: Response): Promise<{ token: string; identity: string; room: string }> {
    const text = await res.text();
    expect(`${res.status} ${text.slice(0, 200)}`).toMatch(/^200 /);
    return JSON.parse(text) as { token: string; identity: string; room: string };
  }

  describe('order of work: nothing but the JSON shape before authorize', () => {
    it('401 for an unauthorized caller whatever the values: hostile TTL, bad identity, over-long room', async () => {
      const { post, events } = setup();
      const hostile = 'P' + '1'.repeat(60) + 'W' + '1'.repeat(60) + 'DT' + '1'.repeat(60) + 'H' + '1'.repeat(60) + '!';
      const bodies = [
        { room: 'r', identity: 'a', ttl: hostile },
        { room: 'r', identity: 'a', ttl: 5 },
        { room: 'r', identity: 'a\u202eb' },
        { room: 'x'.repeat(5000), identity: '' },
        { room: 'r', identity: 'a', grants: { hidden: true } },
        { room: 'r', identity: 'a', metadata: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) },
      ];
      for (const body of bodies) await expectError(await post('/token', body, { authorization: 'Bearer bad' }), 401, 'ERR_UNAUTHORIZED');
      // Even an agent name the service does not list: authorize answers first.
      await expectError(await post('/token/agent', { room: 'r', agentName: 'a\u0085', ttl: hostile }, { authorization: 'Bearer bad' }), 401, 'ERR_UNAUTHORIZED');
      // The audit event never carries an over-long name that was not checked yet.
      expect(events.every((e) => e.status === 401 && (e.room === undefined || e.room.length <= 256))).toBe(true);
    });

    it('wrong JSON types are refused before authorize (constant work per field)', async () => {
      const seen: unknown[] = [];
      const { post } = setup({ authorize: (_req, body) => (seen.push(body), true) });
      await expectError(await post('/token', { room: 5, identity: 'a' }), 422, 'ERR_INVALID_FIELD');
      await expectError(await post('/token', { room: 'r', ttl: {} }), 422, 'ERR_INVALID_FIELD');
      await expectError(await post('/token', { room: 'r', identity: 'a', grants: { canPublish: 'yes' } }), 422, 'ERR_INVALID_FIELD');
      expect(seen).toEqual([]);
    });
  });

  describe('authorize returns the caller’s facts', () => {
    const facts = {
      authorize: (req: Request) => {
        const user = req.headers.get('x-user');
        if (user === null) return false;
        return user === 'plain' ? true : { identity: user, name: 'From Session', metadata: { plan: 'pro' }, attributes: { team: 'blue' } };
      },
    };

    it('the token carries the facts; the body may leave identity out', async () => {
      const { post, events } = setup(facts);
      const body = await mint(await post('/token', { room: 'r', name: 'Body Name', metadata: 'mine', attributes: { team: 'red' } }, { 'x-user': 'user-42' }));
      expect(body.identity).toBe('user-42');
      const claims = await verifyToken(body.token, KEY);
      expect(claims).toMatchObject({ sub: 'user-42', name: 'From Session', metadata: '{"plan":"pro"}', attributes: { team: 'blue' } });
      expect(events.at(-1)).toMatchObject({ type: 'minted', identity: 'user-42' });
      // The same identity in the body is fine.
      expect((await post('/token', { room: 'r', identity: 'user-42' }, { 'x-user': 'user-42' })).status).toBe(200);
    });

    it('403 ERR_IDENTITY_MISMATCH when the body names someone else', async () => {
      const { post } = setup(facts);
      await expectError(await post('/token', { room: 'r', identity: 'admin' }, { 'x-user': 'user-42' }), 403, 'ERR_IDENTITY_MISMATCH');
    });

    it('true keeps the body’s identity, which is then required; false is 401', async () => {
      const { post } = setup(facts);
      expect((await mint(await post('/token', { room: 'r', identity: 'bob', name: 'Bob' }, { 'x-user': 'plain' }))).identity).toBe('bob');
      await expectError(await post('/token', { room: 'r' }, { 'x-user': 'plain' }), 400, 'ERR_MISSING_FIELD');
      await expectError(await post('/token', { room: 'r', identity: 'bob' }), 401, 'ERR_UNAUTHORIZED');
    });

    it('facts that only give some fields leave the others to the body', async () => {
      const { post } = setup({ authorize: () => ({ identity: 'u1' }) });
      const { token } = await mint(await post('/token', { room: 'r', name: 'Chosen', metadata: 'm' }));
      expect(decodeToken(token).claims).toMatchObject({ sub: 'u1', name: 'Chosen', metadata: 'm' });
    });

    it('facts that break the field rules are the app’s bug: 500 ERR_INTERNAL and an event saying why, never a 422', async () => {
      const broken: Array<[string, TokenHandlerOptions['authorize']]> = [
        ['identity', () => ({ identity: 'a\u2028b' })],
        ['identity', () => ({ identity: '€'.repeat(86) })],
        ['identity', () => ({ identity: 'agent:bot' })],
        ['name', () => ({ identity: 'u1', name: 'N\u202e' })],
        ['attributes', () => ({ identity: 'u1', attributes: { team: 7 as unknown as string } })],
        ['metadata', () => ({ identity: 'u1', metadata: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) })],
        ['type', () => ({ identity: 42 }) as never],
      ];
      for (const [what, authorize] of broken) {
        const { post, events } = setup({ authorize });
        const message = await expectError(await post('/token', { room: 'r' }), 500, 'ERR_INTERNAL');
        expect(message).toBe('internal error'); // the application's values are not the caller's business
        expect(events.at(-1)).toMatchObject({ type: 'rejected', status: 500, code: 'ERR_INTERNAL' });
        if (what !== 'type') expect(events.at(-1)!.reason).toContain(what === 'metadata' ? 'metadata' : what);
      }
    });

    it('/token/agent neither compares nor applies facts: the identity is agent:<name>', async () => {
      const { post } = setup(facts);
      const body = await mint(await post('/token/agent', { room: 'r', agentName: 'triage' }, { 'x-user': 'user-42' }));
      const claims = await verifyToken(body.token, KEY);
      expect(claims.sub).toBe('agent:triage');
      expect(claims.name).toBeUndefined();
      expect(claims.attributes).toBeUndefined();
    });
  });

  describe('grant policy lists mean what they say', () => {
    const lists: Array<[string, GrantPolicyDecision, { publish: boolean; subscribe: boolean; data: boolean }]> = [
      ['PARTICIPANT_GRANTS', PARTICIPANT_GRANTS, { publish: true, subscribe: true, data: true }],
      ['roomJoin + canSubscribe (listen only)', ['roomJoin', 'canSubscribe'], { publish: false, subscribe: true, data: false }],
      ['roomJoin + canPublish (publish only)', ['roomJoin', 'canPublish'], { publish: true, subscribe: false, data: false }],
      ['roomJoin + canPublish + canPublishData', ['roomJoin', 'canPublish', 'canPublishData'], { publish: true, subscribe: false, data: true }],
      ['hidden (no roomJoin listed)', ['hidden'], { publish: false, subscribe: false, data: false }],
      ['empty list', [], { publish: false, subscribe: false, data: false }],
      ['true', true, { publish: true, subscribe: true, data: true }],
    ];

    it.each(lists)('%s: /token reads the same with our helpers and with livekit-server-sdk', async (_label, decision, expected) => {
      const { post } = setup({ grantPolicy: () => decision });
      const { token } = await mint(await post('/token', { room: 'r', identity: 'a' }));
      expect(ourReads(token)).toEqual(expected);
      expect(await serverReads(token)).toEqual(expected);
      // roomJoin and room come from the route, whatever the list says.
      expect(decodeToken(token).claims.video).toMatchObject({ roomJoin: true, room: 'r' });
    });

    it.each(lists)('%s: /token/agent narrows the agent token the same way', async (_label, decision, expected) => {
      const { post } = setup({ grantPolicy: () => decision });
      const { token } = await mint(await post('/token/agent', { room: 'r', agentName: 'bot' }));
      expect(ourReads(token)).toEqual(expected);
      expect(await serverReads(token)).toEqual(expected);
    });

    it('a listed grant may be requested, an unlisted one is 403, narrowing is always allowed', async () => {
      const { post } = setup({ grantPolicy: () => ['hidden', 'canSubscribe'] });
      const { token } = await mint(await post('/token', { room: 'r', identity: 'a', grants: { hidden: true, roomJoin: true, canSubscribe: false } }));
      expect(decodeToken(token).claims.video).toEqual({ roomJoin: true, hidden: true, canSubscribe: false, room: 'r', canPublish: false, canPublishData: false });
      await expectError(await post('/token', { room: 'r', identity: 'a', grants: { canPublish: true } }), 403, 'ERR_GRANT_NOT_ALLOWED');
    });

    it('false refuses /token/agent too (403), and the policy sees the agent body', async () => {
      const seen: unknown[] = [];
      const { post } = setup({ grantPolicy: (_req, body) => (seen.push(body), !('agentName' in body)) });
      expect((await post('/token', { room: 'r', identity: 'a' })).status).toBe(200);
      await expectError(await post('/token/agent', { room: 'r', agentName: 'bot', dispatch: true }), 403, 'ERR_FORBIDDEN');
      expect(seen.at(-1)).toEqual({ room: 'r', agentName: 'bot', dispatch: true });
    });
  });

  describe('routes can be switched off', () => {
    it('the agent route is off by default: 404 for every method', async () => {
      const { post, send } = t.setup({});
      await expectError(await post('/token/agent', { room: 'r', agentName: 'bot' }), 404, 'ERR_NOT_FOUND');
      await expectError(await send('/token/agent', { method: 'GET' }), 404, 'ERR_NOT_FOUND');
    });

    it('404 for /token/agent and /token/verify when off, for every method', async () => {
      const { post, send } = setup({ routes: { agent: false, verify: false }, cors: { origins: ['https://app.example.com'] } });
      await expectError(await post('/token/agent', { room: 'r', agentName: 'bot' }), 404, 'ERR_NOT_FOUND');
      await expectError(await post('/token/verify', { token: 'x' }), 404, 'ERR_NOT_FOUND');
      await expectError(await send('/token/agent', { method: 'GET' }), 404, 'ERR_NOT_FOUND');
      const preflight = await send('/token/verify', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(404);
      expect((await post('/token', { room: 'r', identity: 'a' })).status).toBe(200);
      const on = setup({ routes: { agent: true } });
      expect((await on.post('/token/agent', { room: 'r', agentName: 'bot' })).status).toBe(200);
    });
  });

  describe('identity, room and name follow LiveKit’s character and length rules', () => {
    const bad = ['\u0001', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u200e', '\u200f', '\u061c', '\u2066'];

    it.each(bad.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))('422 ERR_INVALID_FIELD for %s in identity, room, name or agent name', async (_label, c) => {
      const { post } = setup();
      for (const body of [{ room: 'r', identity: `a${c}b` }, { room: `r${c}`, identity: 'a' }, { room: 'r', identity: 'a', name: `N${c}` }]) {
        const message = await expectError(await post('/token', body), 422, 'ERR_INVALID_FIELD');
        expect(message).not.toContain(c);
      }
      // An agent name is one of the service's own `agents` (checked when the handler is
      // created): any other name is refused whatever its characters.
      await expectError(await post('/token/agent', { room: 'r', agentName: `bot${c}` }), 403, 'ERR_GRANT_NOT_ALLOWED');
      expect(() => createTokenHandler(options({ agents: [`bot${c}`] }))).toThrow(/agents/);
    });

    it('lengths count UTF-8 bytes, as the LiveKit server does (256 at most)', async () => {
      // livekit/protocol auth/accesstoken.go and the server compare Go string lengths: bytes.
      const { post } = setup();
      await expectError(await post('/token', { room: 'r', identity: '€'.repeat(86) }), 422, 'ERR_INVALID_FIELD'); // 258 bytes
      await expectError(await post('/token', { room: '€'.repeat(200), identity: 'a' }), 422, 'ERR_INVALID_FIELD'); // 600 bytes
      expect((await mint(await post('/token', { room: 'r', identity: '€'.repeat(85) }))).identity).toBe('€'.repeat(85)); // 255 bytes
      expect((await post('/token', { room: 'r', identity: '😀'.repeat(64) })).status).toBe(200); // 256 bytes
      await expectError(await post('/token', { room: 'r', identity: '😀'.repeat(64) + 'a' }), 422, 'ERR_INVALID_FIELD');
    });

    it('metadata nested too deeply to serialize is a 422, never a 500', async () => {
      const { post } = setup({ maxBodyBytes: 64 * 1024 });
      const deep = '{"room":"r","identity":"a","metadata":' + '['.repeat(20000) + ']'.repeat(20000) + '}';
      const res = await post('/token', deep);
      expect(res.status).toBe(422);
      const { error } = (await res.json()) as { error: { code: string } };
      expect(['ERR_INVALID_FIELD', 'ERR_TOKEN_TOO_LARGE', 'ERR_INVALID_OPTIONS']).toContain(error.code);
      // 5 000 levels fit in the default body limit; the answer is a 422 too.
      const fiveK = await post('/token', '{"room":"r","identity":"a","metadata":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
      expect(fiveK.status).toBe(422);
    });
  });

  describe('random bodies', () => {
    it('never answer 500: every refusal is a documented 4xx', async () => {
      // A small deterministic generator (xorshift), so a failure can be replayed.
      let seed = 0x2545f491;
      const rnd = (n: number) => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) % n;
      };
      const strings = ['', 'a', 'r', '\u0000', '\u202e', '€'.repeat(100), 'x'.repeat(300), '__proto__', '1h', '24', 'P1W', '1h30m', '-5', '1e400'];
      const values = (): unknown => {
        switch (rnd(9)) {
          case 0: return strings[rnd(strings.length)];
          case 1: return rnd(2) === 0 ? rnd(100000) : -rnd(100);
          case 2: return [1e300, -0, 0.5, Number.MAX_SAFE_INTEGER + 2][rnd(4)];
          case 3: return rnd(2) === 0;
          case 4: return null;
          case 5: return [strings[rnd(strings.length)]];
          case 6: return { canPublish: rnd(2) === 0, room: strings[rnd(strings.length)] };
          case 7: return { k: strings[rnd(strings.length)] };
          default: return undefined;
        }
      };
      const fields = ['room', 'identity', 'name', 'metadata', 'attributes', 'ttl', 'ttl_seconds', 'grants', 'agentName', 'agent_id', 'dispatch', 'token'];
      // 404: the agent route is off by default.
      const allowed = new Set([200, 400, 403, 404, 413, 422, 429]);
      const authorize: TokenHandlerOptions['authorize'] = (_req, body) => ('identity' in body && body.identity === 'facts' ? { identity: 'u1' } : true);
      const on = setup({ authorize });
      const off = t.setup({ authorize });
      for (let i = 0; i < 150; i++) {
        const body: Record<string, unknown> = {};
        for (const f of fields) if (rnd(2) === 0) body[f] = values();
        if (rnd(4) === 0) body['identity'] = 'facts';
        for (const [post, path] of [[on.post, '/token'], [on.post, '/token/agent'], [off.post, '/token/agent'], [on.post, '/token/verify']] as const) {
          const res = await post(path, body);
          if (!allowed.has(res.status)) throw new Error(`${path} ${JSON.stringify(body).slice(0, 300)} → ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
      }
    });
  });

  describe('the service never mints what its own verify refuses', () => {
    it('422 ERR_TOKEN_TOO_LARGE past 8 KiB, pointing at room metadata', async () => {
      const { post } = setup();
      const message = await expectError(await post('/token', { room: 'r', identity: 'a', metadata: 'm'.repeat(9000) }), 422, 'ERR_TOKEN_TOO_LARGE');
      expect(message).toContain('room metadata');
      await expectError(await post('/token', { room: 'r', identity: 'a', name: 'n'.repeat(7000) }), 422, 'ERR_TOKEN_TOO_LARGE');
      // Just under the bound: minted, and the service's own verify accepts it.
      const { token } = await mint(await post('/token', { room: 'r', identity: 'a', metadata: 'm'.repeat(5500) }));
      expect(token.length).toBeLessThanOrEqual(8192);
      expect(await (await post('/token/verify', { token })).json()).toMatchObject({ valid: true });
    });
  });

  describe('lifetime bounds', () => {
    it('422 ERR_TTL_TOO_SHORT below minTtl (default 1 min), saying a number is seconds', async () => {
      const { post } = setup();
      const message = await expectError(await post('/token', { room: 'r', identity: 'a', ttl: 24 }), 422, 'ERR_TTL_TOO_SHORT');
      expect(message).toMatch(/seconds/);
      await expectError(await post('/token', { room: 'r', identity: 'a', ttl_seconds: 59 }), 422, 'ERR_TTL_TOO_SHORT');
      await expectError(await post('/token/agent', { room: 'r', agentName: 'bot', ttl: '30s' }), 422, 'ERR_TTL_TOO_SHORT');
      expect((await post('/token', { room: 'r', identity: 'a', ttl: 60 })).status).toBe(200);
    });

    it('minTtl can be lowered, and must not exceed defaultTtl', async () => {
      const { post } = setup({ minTtl: '10s' });
      expect((await post('/token', { room: 'r', identity: 'a', ttl: 24 })).status).toBe(200);
      expect(() => createTokenHandler(options({ minTtl: '15m' }))).toThrow(/minTtl/);
    });
  });

  describe('rate limits', () => {
    it('the default limiter counts per client address too, so rotating identities does not help', async () => {
      // Over HTTP the Node adapter knows the socket's address; directly, clientAddress supplies it.
      const { post } = setup(t.name === 'direct' ? { clientAddress: (req) => req.headers.get('x-test-ip') } : {});
      const headers = { 'x-test-ip': '192.0.2.7' };
      for (let i = 0; i < 600; i++) {
        const res = await post('/token', { room: 'r', identity: `id-${i}` }, headers);
        if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
      }
      const res = await post('/token', { room: 'r', identity: 'fresh' }, headers);
      await expectError(res, 429, 'ERR_RATE_LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('the limit applies to the authorized identity, not the one the body names', async () => {
      const seen: string[] = [];
      const { post } = setup({ authorize: () => ({ identity: 'session-user' }), rateLimit: (_req, identity) => (seen.push(identity), true) });
      await mint(await post('/token', { room: 'r' }));
      expect(seen).toEqual(['session-user']);
    });

    it('/token/verify has its own limiter: custom gets the address or "", false is off', async () => {
      const keys: string[] = [];
      const custom = setup({ verifyRateLimit: (_req, key) => (keys.push(key), keys.length > 1 ? { retryAfter: 9 } : true) });
      expect((await custom.post('/token/verify', { token: 'x' })).status).toBe(200);
      const res = await custom.post('/token/verify', { token: 'x' });
      await expectError(res, 429, 'ERR_RATE_LIMITED');
      expect(res.headers.get('retry-after')).toBe('9');
      if (t.name === 'direct') expect(keys).toEqual(['', '']);
      else expect(keys[0]).toMatch(/127\.0\.0\.1/);
      const unavailable = setup({ verifyRateLimit: () => ({ retryAfter: 1, unavailable: true }) });
      await expectError(await unavailable.post('/token/verify', { token: 'x' }), 503, 'ERR_RATE_LIMIT_UNAVAILABLE');
    });

    it('the default verify limiter: 600 a minute per address, off where none is known', async () => {
      const { post } = setup({ rateLimit: false });
      for (let i = 0; i < 600; i++) {
        const res = await post('/token/verify', { token: 'x' });
        if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
      }
      const last = await post('/token/verify', { token: 'x' });
      // The Node adapter knows the socket's address; a plain Request carries none.
      if (t.name === 'direct') expect(last.status).toBe(200);
      else await expectError(last, 429, 'ERR_RATE_LIMITED');
      const off = setup({ verifyRateLimit: false, clientAddress: () => 'same' });
      for (let i = 0; i < 605; i++) {
        const res = await off.post('/token/verify', { token: 'x' });
        if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
      }
    });
  });
});
