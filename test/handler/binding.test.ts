// The binding rules of the token service: what a token minted for a caller can never be made to
// say, whatever the caller sends. Each rule is run straight through the handler and over real
// HTTP on 127.0.0.1 through the Node adapter (which knows the socket's address).
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/index.js';
import { createMemoryRateLimiter, PARTICIPANT_GRANTS } from '../../src/handler/index.js';
import { createTokenHandler, describeEachTransport, httpTransport, options, useTransport } from './helpers.js';

describeEachTransport('binding rules', ['direct', 'http'], ({ setup }) => {
  async function code(res: Response): Promise<string> {
    const body = (await res.json()) as { error?: { code: string } };
    return `${res.status} ${body.error?.code ?? 'ok'}`;
  }

  it('the agent route is off until switched on with agent names, and mints only those', async () => {
    expect(await code(await setup().post('/token/agent', { room: 'r', agentName: 'bob' }))).toBe('404 ERR_NOT_FOUND');
    expect(() => createTokenHandler(options({ routes: { agent: true } }))).toThrow(/agents/);
    const on = setup({ routes: { agent: true }, agents: ['triage'] });
    // A caller bound to alice cannot mint a token that joins as bob (LiveKit would disconnect
    // the real bob when the token is used: one identity per room).
    expect(await code(await on.post('/token/agent', { room: 'r', agentName: 'bob' }))).toBe('403 ERR_GRANT_NOT_ALLOWED');
    const res = await on.post('/token/agent', { room: 'r', agentName: 'triage' });
    const { token } = (await res.json()) as { token: string };
    expect(decodeToken(token).claims).toMatchObject({ sub: 'agent:triage', kind: 'agent' });
  });

  it('/token refuses every identity starting with agent:, from the body (422) or the application (500 + event)', async () => {
    expect(await code(await setup().post('/token', { room: 'r', identity: 'agent:triage' }))).toBe('422 ERR_INVALID_FIELD');
    expect(await code(await setup().post('/token', { room_name: 'r', participant_identity: 'agent:triage' }))).toBe('422 ERR_INVALID_FIELD');
    const facts = setup({ authorize: () => ({ identity: 'agent:triage' }) });
    expect(await code(await facts.post('/token', { room: 'r' }))).toBe('500 ERR_INTERNAL');
    expect(facts.events.at(-1)).toMatchObject({ type: 'rejected', status: 500, reason: expect.stringContaining('authorize') });
    const fresh = setup({ newIdentity: () => 'agent:triage' });
    expect(await code(await fresh.post('/token', { room: 'r' }))).toBe('500 ERR_INTERNAL');
    expect(fresh.events.at(-1)).toMatchObject({ type: 'rejected', status: 500, reason: expect.stringContaining('newIdentity') });
  });

  it('a body without a room cannot slip past the grant policy: it sees the room newRoomName named', async () => {
    const seen: unknown[] = [];
    const { post } = setup({ newRoomName: () => 'staff-only', grantPolicy: (_req, body) => (seen.push(body.room), body.room !== 'staff-only') });
    expect(await code(await post('/token', { identity: 'a' }))).toBe('403 ERR_FORBIDDEN');
    expect(await code(await post('/token', { room_name: '', participant_identity: 'a' }))).toBe('403 ERR_FORBIDDEN');
    expect(seen).toEqual(['staff-only', 'staff-only']);
  });

  it('the default policy never grants canUpdateOwnMetadata; a policy list may still name it', async () => {
    expect(PARTICIPANT_GRANTS).not.toContain('canUpdateOwnMetadata');
    const refused = await setup().post('/token', { room: 'r', identity: 'a', grants: { canUpdateOwnMetadata: true } });
    expect(await code(refused)).toBe('403 ERR_GRANT_NOT_ALLOWED');
    const own = setup({ grantPolicy: () => [...PARTICIPANT_GRANTS, 'canUpdateOwnMetadata'] });
    const { token } = (await (await own.post('/token', { room: 'r', identity: 'a', grants: { canUpdateOwnMetadata: true } })).json()) as { token: string };
    expect(decodeToken(token).claims.video).toMatchObject({ canUpdateOwnMetadata: true });
  });

  it('Retry-After is a whole number of seconds from 1 to 86400, whatever the limiter answers', async () => {
    const answers: Array<[number, string]> = [[1e300, '86400'], [86_400.5, '86400'], [0.2, '1'], [-5, '1'], [Number.NaN, '60'], [Infinity, '86400'], [7.2, '8']];
    for (const [retryAfter, header] of answers) {
      const res = await setup({ rateLimit: () => ({ retryAfter }) }).post('/token', { room: 'r', identity: 'a' });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe(header);
    }
  });

});

// Only the Node adapter knows a transport address (the socket's); a fetch Request carries none.
describe('binding rules over the Node adapter', () => {
  const { setup } = useTransport(() => httpTransport());

  it('a clientAddress hook answering nothing falls back to the socket, never to "no limit"', async () => {
    const seen: Array<string | undefined> = [];
    const { post } = setup({
      clientAddress: () => undefined,
      addressRateLimit: createMemoryRateLimiter({ limit: 3 }),
      rateLimit: (_request, _identity, address) => (seen.push(address), true),
    });
    // A new identity every time: only the per-address bucket can stop this caller.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/token', { room: 'r', identity: `user-${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });
});
