// createTokenMinter runs the token route's pipeline for a route written by hand: the same
// answers, refusals (as errors carrying the route's status), audit events and limits as the
// router. And cors() gives the router's CORS rules to such a route.
import { describe, expect, it } from 'vitest';
import { decodeToken, isLiveKitTokenError } from '../../src/index.js';
import { cors, createMemoryRateLimiter, createTokenHandler, createTokenMinter, TokenServiceError, type TokenHandlerEvent, type TokenHandlerOptions } from '../../src/handler/index.js';
import { json, options, ORIGIN } from './helpers.js';

const request = (headers: Record<string, string> = { authorization: 'Bearer good' }) => new Request('http://127.0.0.1/my-route', { method: 'POST', headers });

async function refusal(promise: Promise<unknown>): Promise<TokenServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenServiceError);
  expect(isLiveKitTokenError(error)).toBe(true);
  return error as TokenServiceError;
}

describe('createTokenMinter', () => {
  it('mints what the token route mints, with the same answer', async () => {
    const events: TokenHandlerEvent[] = [];
    const minter = createTokenMinter(options({}, events));
    const answer = await minter.mint(request(), { room: 'demo', identity: 'ann', ttl: '5m', grants: { canPublish: false } });
    const routed = (await (await createTokenHandler(options())(new Request('http://x/token', json({ room: 'demo', identity: 'ann', ttl: '5m', grants: { canPublish: false } })))).json()) as typeof answer;
    expect(Object.keys(answer).sort()).toEqual(Object.keys(routed).sort());
    expect(answer).toMatchObject({ identity: 'ann', room: 'demo', server_url: answer.wsUrl, participant_token: answer.token });
    const { claims } = decodeToken(answer.token);
    expect(claims.exp! - claims.nbf!).toBe(300);
    expect(claims.video).toEqual({ roomJoin: true, room: 'demo', canPublish: false });
    expect(events).toMatchObject([{ type: 'minted', route: 'token', path: '/my-route', identity: 'ann', status: 200 }]);
  });

  it('rejects with the route status, code and headers, and reports the refusal', async () => {
    const events: TokenHandlerEvent[] = [];
    const minter = createTokenMinter(options({ rateLimit: () => ({ retryAfter: 12 }) }, events));
    expect(await refusal(minter.mint(request({}), { room: 'r', identity: 'a' }))).toMatchObject({ status: 401, code: 'ERR_UNAUTHORIZED' });
    const limited = await refusal(minter.mint(request(), { room: 'r', identity: 'a' }));
    expect(limited).toMatchObject({ status: 429, code: 'ERR_RATE_LIMITED', headers: { 'retry-after': '12' } });
    expect(await refusal(minter.mint(request(), { identity: 'a' }))).toMatchObject({ status: 400, code: 'ERR_MISSING_FIELD' });
    expect(await refusal(minter.mint(request(), { room: 'r', identity: 'agent:x' }))).toMatchObject({ status: 422, code: 'ERR_INVALID_FIELD' });
    expect(await refusal(minter.mint(request(), 'room=r' as never))).toMatchObject({ status: 400 });
    expect(events.map((e) => `${e.type} ${e.status}`)).toEqual(['rejected 401', 'rejected 429', 'rejected 400', 'rejected 422', 'rejected 400']);
  });

  it('runs the whole pipeline: facts win, the policy narrows, agents bound dispatch, the TTL bounds hold', async () => {
    const overrides: Partial<TokenHandlerOptions> = {
      authorize: () => ({ identity: 'u1', name: 'From Session' }),
      grantPolicy: () => ['roomJoin', 'canSubscribe'],
      agents: ['triage'],
      maxTtl: '30m',
    };
    const minter = createTokenMinter(options(overrides));
    const { token } = await minter.mint(request(), { room: 'r', name: 'Ignored', roomConfig: { agents: [{ agentName: 'triage' }] } });
    expect(decodeToken(token).claims).toMatchObject({ sub: 'u1', name: 'From Session', video: { roomJoin: true, room: 'r', canPublish: false, canPublishData: false }, roomConfig: { agents: [{ agentName: 'triage' }] } });
    expect(await refusal(minter.mint(request(), { room: 'r', identity: 'u2' }))).toMatchObject({ status: 403, code: 'ERR_IDENTITY_MISMATCH' });
    expect(await refusal(minter.mint(request(), { room: 'r', grants: { canPublish: true } }))).toMatchObject({ status: 403, code: 'ERR_GRANT_NOT_ALLOWED' });
    expect(await refusal(minter.mint(request(), { room: 'r', roomConfig: { agents: [{ agentName: 'other' }] } }))).toMatchObject({ status: 403 });
    expect(await refusal(minter.mint(request(), { room: 'r', ttl: '1h' }))).toMatchObject({ status: 422, code: 'ERR_TTL_TOO_LONG' });
  });

  it('mintAgent mints listed agents only; verify answers as the verify route', async () => {
    const minter = createTokenMinter(options({ agents: ['triage'] }));
    const agent = await minter.mintAgent(request(), { room: 'r', agentName: 'triage' });
    expect(agent).toMatchObject({ identity: 'agent:triage', agentName: 'triage' });
    expect(await refusal(minter.mintAgent(request(), { room: 'r', agentName: 'bob' }))).toMatchObject({ status: 403 });
    expect(await minter.verify(request(), agent.token)).toMatchObject({ valid: true, identity: 'agent:triage', room: 'r' });
    expect(await minter.verify(request(), 'x.y.z')).toEqual({ valid: false, code: 'ERR_TOKEN_MALFORMED' });
  });

  it('shares nothing between minters but keeps its own limits (one pipeline per minter)', async () => {
    const minter = createTokenMinter(options({ rateLimit: createMemoryRateLimiter({ limit: 1 }), clientAddress: () => '192.0.2.1' }));
    await minter.mint(request(), { room: 'r', identity: 'a' });
    expect(await refusal(minter.mint(request(), { room: 'r', identity: 'a' }))).toMatchObject({ status: 429 });
  });
});

describe('cors()', () => {
  const rules = cors({ origins: [ORIGIN], credentials: true });

  it('answers a preflight from an allowed origin, with credentials', () => {
    const res = rules.preflight(new Request('http://127.0.0.1/t', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } }));
    expect(res?.status).toBe(204);
    const headers: Record<string, string> = {};
    res!.headers.forEach((value, name) => (headers[name] = value));
    expect(headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD, POST',
      vary: 'Origin',
    });
  });

  it('gives no allow headers to another origin, and nothing to answer for a non-preflight', () => {
    const other = rules.preflight(new Request('http://127.0.0.1/t', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }));
    expect(other!.headers.get('access-control-allow-origin')).toBeNull();
    expect(rules.preflight(new Request('http://127.0.0.1/t', { method: 'POST' }))).toBeUndefined();
    expect(rules.headers(new Request('http://127.0.0.1/t', { headers: { origin: 'https://evil.example' } }))).toEqual({ vary: 'Origin' });
    expect(rules.headers(new Request('http://127.0.0.1/t', { headers: { origin: ORIGIN } }))).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
  });

  it('refuses credentials with "*", as the handler does', () => {
    expect(() => cors({ origins: ['*'], credentials: true })).toThrow(/credentials/);
    expect(() => createTokenHandler(options({ cors: { origins: ['*'], credentials: true } }))).toThrow(/credentials/);
  });
});
