// LiveKit's standard token endpoint, called by the real client: livekit-client's
// `TokenSource.endpoint(url)` (run in Node, where it works as in a browser) against the handler
// served over HTTP on 127.0.0.1. Each token is then read as the LiveKit server reads it.
import { RoomConfiguration } from '@livekit/protocol';
import { TokenSource, type TokenSourceFetchOptions } from 'livekit-client';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/index.js';
import { createTokenHandler, serve, type RunningServer, type TokenHandlerOptions } from '../../src/handler/index.js';
import { KEY, WS_URL } from './helpers.js';

/**
 * What the LiveKit server takes from a token at join: a valid signature and lifetime
 * (livekit/protocol auth/verifier.go), a non-empty identity, `video.roomJoin` and the room
 * (livekit/livekit pkg/service/utils.go, ValidateConnectRequest), and `roomConfig` decoded with
 * protojson into `RoomConfiguration` (livekit/protocol utils/protojson) — here strictly, with
 * the protocol's own descriptors, so that a field the server would drop fails the test.
 */
async function serverAccepts(token: string, room: string) {
  const claims = await new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token);
  expect(claims.sub).toBeTruthy();
  expect(claims.video?.roomJoin).toBe(true);
  expect(claims.video?.room).toBe(room);
  const raw = decodeToken(token).claims;
  const roomConfig = raw.roomConfig === undefined ? undefined : RoomConfiguration.fromJson(raw.roomConfig as never);
  return { claims: raw, roomConfig };
}

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** A handler served over HTTP; the client authenticates with a static header, as it can. */
async function endpoint(overrides: Partial<TokenHandlerOptions>, headers: Record<string, string> = { authorization: 'Bearer alice' }) {
  const handler = createTokenHandler({
    keys: KEY,
    wsUrl: WS_URL,
    // The app's session: the bearer names the user; the token is bound to them.
    authorize: (req) => {
      const user = /^Bearer (\w+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
      return user === undefined ? false : { identity: user, name: `User ${user}` };
    },
    ...overrides,
  });
  const server = await serve(handler, { port: 0, hostname: '127.0.0.1' });
  servers.push(server);
  const url = `http://127.0.0.1:${server.port}/token`;
  return { url, source: TokenSource.endpoint(url, { headers }) };
}

describe("livekit-client's TokenSource.endpoint against the token route", () => {
  let bound: Awaited<ReturnType<typeof endpoint>>;
  let plain: Awaited<ReturnType<typeof endpoint>>;
  beforeAll(async () => {
    const common = { newRoomName: () => 'lobby', agents: ['', 'triage', 'support'] };
    bound = await endpoint(common);
    plain = await endpoint({ ...common, authorize: () => true, newIdentity: () => `guest-${crypto.randomUUID()}` });
  });

  // Every field the client can send, alone and together; `force` skips the client's cache.
  const combinations: Array<[string, TokenSourceFetchOptions]> = [
    ['nothing (fetch({}) sends {})', {}],
    ['a room', { roomName: 'demo' }],
    ['an explicit empty identity (sent as "")', { participantIdentity: '' }],
    ['a name', { participantName: 'Ann' }],
    ['metadata', { participantMetadata: '{"lang":"de"}' }],
    ['attributes', { participantAttributes: { team: 'blue', seat: '4' } }],
    ['a listed agent', { roomName: 'demo', agentName: 'triage' }],
    ['agent, metadata and deployment', { agentName: 'support', agentMetadata: '{"ticket":42}', deployment: 'staging' }],
    ['agent metadata alone (the default agent)', { agentMetadata: 'hello' }],
    ['everything', { roomName: 'demo', participantName: 'Ann', participantMetadata: 'm', participantAttributes: { a: 'b' }, agentName: 'triage', agentMetadata: 'x' }],
  ];

  it.each(combinations)('with authorize facts, %s: a token the server accepts, the facts winning', async (_label, options) => {
    const { serverUrl, participantToken } = await bound.source.fetch(options, true);
    expect(serverUrl).toBe(WS_URL);
    const room = options.roomName ?? 'lobby';
    const { claims, roomConfig } = await serverAccepts(participantToken, room);
    // Facts win: the identity and name are the session's, whatever the client sent.
    expect(claims.sub).toBe('alice');
    expect(claims.name).toBe('User alice');
    expect(claims.metadata).toBe(options.participantMetadata);
    expect(claims.attributes).toEqual(options.participantAttributes);
    if (options.agentName === undefined && options.agentMetadata === undefined) expect(roomConfig).toBeUndefined();
    else {
      const [dispatch] = roomConfig!.agents;
      expect(roomConfig!.agents).toHaveLength(1);
      expect(dispatch!.agentName).toBe(options.agentName ?? '');
      expect(dispatch!.metadata).toBe(options.agentMetadata ?? '');
      expect(dispatch!.deployment).toBe(options.deployment ?? '');
    }
  });

  it.each(combinations)('without facts, %s: the body names the participant, else newIdentity does', async (_label, options) => {
    const { participantToken } = await plain.source.fetch({ ...options, participantIdentity: options.participantIdentity ?? 'ann' }, true);
    const { claims } = await serverAccepts(participantToken, options.roomName ?? 'lobby');
    expect(claims.sub).toEqual(options.participantIdentity === '' ? expect.stringMatching(/^guest-/) : 'ann');
    expect(claims.name).toBe(options.participantName);
    const { participantToken: fresh } = await plain.source.fetch({ roomName: 'demo' }, true);
    expect(decodeToken(fresh).claims.sub).toMatch(/^guest-/);
  });

  it('a participant_identity other than the facts → 403; the same one is fine', async () => {
    await expect(bound.source.fetch({ participantIdentity: 'bob' }, true)).rejects.toThrow(/403/);
    const { participantToken } = await bound.source.fetch({ participantIdentity: 'alice' }, true);
    expect(decodeToken(participantToken).claims.sub).toBe('alice');
  });

  it('an agent not in agents → 403, naming it; an agent: identity → 422', async () => {
    const narrow = await endpoint({ newRoomName: () => 'lobby', agents: ['triage'] });
    await expect(narrow.source.fetch({ agentName: 'billing' }, true)).rejects.toThrow(/403/);
    await expect(narrow.source.fetch({ agentMetadata: 'default agent, not listed' }, true)).rejects.toThrow(/403/);
    const res = await post(narrow.url, { room_config: { agents: [{ agent_name: 'billing' }] } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'ERR_GRANT_NOT_ALLOWED', message: expect.stringContaining('billing') } });
    await expect(plain.source.fetch({ participantIdentity: 'agent:triage' }, true)).rejects.toThrow(/422/);
  });

  it('without newRoomName, a request naming no room → 400 ERR_MISSING_FIELD', async () => {
    const strict = await endpoint({});
    await expect(strict.source.fetch({}, true)).rejects.toThrow(/400/);
    const { participantToken } = await strict.source.fetch({ roomName: 'demo' }, true);
    await serverAccepts(participantToken, 'demo');
  });

  it('reuses a token until exp − 60 s: one mint for repeated fetches with the same options', async () => {
    const events: string[] = [];
    const counted = await endpoint({ newRoomName: () => 'lobby', onEvent: (e) => void events.push(e.type) });
    const first = await counted.source.fetch({ roomName: 'demo' });
    const second = await counted.source.fetch({ roomName: 'demo' });
    expect(second.participantToken).toBe(first.participantToken);
    expect(events).toEqual(['minted']);
  });
});

describe('the standard body over plain HTTP', () => {
  let url: string;
  beforeAll(async () => {
    ({ url } = await endpoint({ authorize: () => true, agents: ['triage'] }));
  });

  it('answers server_url and participant_token beside the native fields; the native contract is unchanged', async () => {
    const standard = (await (await post(url, { room_name: 'r', participant_identity: 'ann' })).json()) as Record<string, unknown>;
    expect(standard).toMatchObject({ server_url: WS_URL, wsUrl: WS_URL, identity: 'ann', room: 'r' });
    expect(standard['participant_token']).toBe(standard['token']);
    const native = (await (await post(url, { room: 'r', identity: 'ann', ttl: '5m' })).json()) as Record<string, unknown>;
    expect(Object.keys(native).sort()).toEqual(['expiresAt', 'identity', 'participant_token', 'room', 'server_url', 'token', 'wsUrl']);
  });

  it('both spellings of one field → 422, even when equal', async () => {
    for (const body of [
      { room: 'r', room_name: 'r', identity: 'a' },
      { room: 'r', identity: 'a', participant_identity: 'a' },
      { room: 'r', identity: 'a', name: 'A', participant_name: 'A' },
      { room: 'r', identity: 'a', roomConfig: {}, room_config: {} },
    ]) {
      const res = await post(url, body);
      expect(res.status).toBe(422);
    }
    // A wrong JSON type is named as the client spelled it.
    const wrong = await post(url, { room_name: 5, identity: 'a' });
    expect([wrong.status, ((await wrong.json()) as { error: { message: string } }).error.message]).toEqual([422, 'room_name must be a string']);
    // An empty string is absent, so it does not clash.
    expect((await post(url, { room: 'r', room_name: '', identity: 'a' })).status).toBe(200);
  });

  it('room_config: only agent dispatch of listed names, in both protobuf spellings; anything else → 403 naming it', async () => {
    for (const agents of [[{ agent_name: 'triage', metadata: 'm' }], [{ agentName: 'triage', deployment: 'prod', attributes: { k: 'v' } }]]) {
      const { token } = (await (await post(url, { room: 'r', identity: 'a', room_config: { agents } })).json()) as { token: string };
      expect(RoomConfiguration.fromJson(decodeToken(token).claims.roomConfig as never).agents[0]!.agentName).toBe('triage');
    }
    const refused: Array<[unknown, string]> = [
      [{ max_participants: 2 }, 'max_participants'],
      [{ egress: { room: {} } }, 'egress'],
      [{ agents: [{ agent_name: 'triage', restart_policy: 'JRP_NEVER' }] }, 'restart_policy'],
      [{ agents: [{ agentName: 'other' }] }, 'other'],
    ];
    for (const [roomConfig, named] of refused) {
      const res = await post(url, { room: 'r', identity: 'a', room_config: roomConfig });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'ERR_GRANT_NOT_ALLOWED', message: expect.stringContaining(named) } });
    }
    expect((await post(url, { room: 'r', identity: 'a', room_config: { agents: [{ agent_name: 'triage', agentName: 'triage' }] } })).status).toBe(422);
  });
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer alice' }, body: JSON.stringify(body) });
}
