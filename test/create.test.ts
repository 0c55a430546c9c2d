import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, verifyToken, type TokenOptions } from '../src/index.js';
import { KEY, NOW } from './helpers/forge.js';

const now = NOW * 1000;
const mint = (options: TokenOptions) => createToken(KEY, { now, ...options });
const payload = async (options: TokenOptions) => decodeToken(await mint(options)).claims;

describe('createToken output', () => {
  it('writes the pinned header, iss, nbf = now (floor) and exp = nbf + ttl', async () => {
    const token = await createToken(KEY, { identity: 'alice', now: now + 999, ttl: 90 });
    const { header, claims } = decodeToken(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.stringify(header)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(claims).toEqual({ iss: KEY.apiKey, sub: 'alice', nbf: NOW, exp: NOW + 90 });
  });

  it('defaults the TTL to 6 hours', async () => {
    const c = await payload({});
    expect(c.exp! - c.nbf!).toBe(6 * 3600);
  });

  it('accepts now as a Date', async () => {
    const c = await createToken(KEY, { now: new Date(now) }).then((t) => decodeToken(t).claims);
    expect(c.nbf).toBe(NOW);
  });

  it('leaves out every field that was not set, including undefined ones and empty grants', async () => {
    const c = await payload({ identity: 'a', name: undefined, video: {}, sip: { admin: undefined }, metadata: undefined });
    expect(c).toEqual({ iss: KEY.apiKey, sub: 'a', nbf: NOW, exp: NOW + 21600 });
    expect(Object.values(c)).not.toContain(null);
  });

  it('writes every claim LiveKit knows with its JSON spelling', async () => {
    const options: TokenOptions = {
      identity: 'caller-+15551234567',
      name: 'Caller',
      kind: 'sip',
      metadata: { phone: '+15551234567' },
      attributes: { 'sip.phoneNumber': '+15551234567' },
      video: { roomJoin: true, room: 'call-1', canPublish: true, canSubscribe: true, canPublishSources: ['microphone'] },
      sip: { call: true },
      agent: { admin: false },
      inference: { perform: true },
      observability: { write: true },
      roomConfig: { name: 'call-1', emptyTimeout: 30, agents: [{ agentName: 'receptionist', metadata: '{}' }], tags: { team: 'a' } },
      roomPreset: 'support',
      sha256: 'abc=',
    };
    const c = await payload(options);
    expect(c).toEqual({
      iss: KEY.apiKey, sub: options.identity, nbf: NOW, exp: NOW + 21600, name: 'Caller', kind: 'sip',
      metadata: '{"phone":"+15551234567"}', attributes: options.attributes, video: options.video, sip: { call: true },
      agent: { admin: false }, inference: { perform: true }, observability: { write: true },
      roomConfig: options.roomConfig, roomPreset: 'support', sha256: 'abc=',
    });
  });

  it('keeps string metadata as is', async () => {
    expect((await payload({ metadata: '{"a":1}' })).metadata).toBe('{"a":1}');
    expect((await payload({ metadata: 'plain' })).metadata).toBe('plain');
  });

  it('never mutates its inputs', async () => {
    const video = { roomJoin: true, room: 'demo', canPublishSources: ['camera' as const] };
    const options = { identity: 'alice', video, attributes: { a: 'b' }, roomConfig: { agents: [{ agentName: 'x' }] }, ttl: '1h', now };
    const snapshot = structuredClone(options);
    const key = { ...KEY };
    Object.freeze(video);
    await createToken(Object.freeze(key), options);
    expect(options).toEqual(snapshot);
  });

  it('mints tokens that verify', async () => {
    const token = await mint({ identity: 'alice', video: { roomJoin: true, room: 'demo' } });
    await expect(verifyToken(token, KEY, { now, room: 'demo', identity: 'alice' })).resolves.toMatchObject({ sub: 'alice' });
  });
});

type Bad = [what: string, options: unknown, field: string];
const bad: Bad[] = [
  ['unknown video key roomName', { video: { roomName: 'demo' } }, 'video.roomName'],
  ['unknown top-level room', { room: 'demo' }, 'room'],
  ['unknown sip key', { sip: { dial: true } }, 'sip.dial'],
  ['unknown agent key', { agent: { root: true } }, 'agent.root'],
  ['unknown inference key', { inference: { run: true } }, 'inference.run'],
  ['unknown observability key', { observability: { read: true } }, 'observability.read'],
  ['unknown roomConfig key', { roomConfig: { maxUsers: 3 } }, 'roomConfig.maxUsers'],
  ['unknown agent dispatch key', { roomConfig: { agents: [{ agentName: 'a', name: 'b' }] } }, 'roomConfig.agents[0].name'],
  ['agent dispatch not an object', { roomConfig: { agents: ['receptionist'] } }, 'roomConfig.agents[0]'],
  ['boolean grant as string', { video: { canPublish: 'yes' } }, 'video.canPublish'],
  ['room as number', { video: { room: 5 } }, 'video.room'],
  ['video as array', { video: [] }, 'video'],
  ['unknown kind', { kind: 'robot' }, 'kind'],
  ['unknown source', { video: { canPublishSources: ['webcam'] } }, 'video.canPublishSources'],
  ['sources not an array', { video: { canPublishSources: 'camera' } }, 'video.canPublishSources'],
  ['roomJoin without identity', { video: { roomJoin: true, room: 'demo' } }, 'identity'],
  ['roomJoin without room', { identity: 'a', video: { roomJoin: true } }, 'video.room'],
  ['roomJoin with empty room', { identity: 'a', video: { roomJoin: true, room: '' } }, 'video.room'],
  ['empty identity', { identity: '' }, 'identity'],
  ['identity over 256 characters', { identity: 'x'.repeat(257) }, 'identity'],
  ['room over 256 characters', { video: { room: 'r'.repeat(257) } }, 'video.room'],
  ['non-string attribute', { attributes: { a: 1 } }, 'attributes'],
  ['attribute named __proto__ (could not be read back)', { attributes: JSON.parse('{"__proto__":"x"}') }, 'attributes'],
  ['identity as number', { identity: 42 }, 'identity'],
  ['null name', { name: null }, 'name'],
  ['negative emptyTimeout', { roomConfig: { emptyTimeout: -1 } }, 'roomConfig.emptyTimeout'],
  ['fractional maxParticipants', { roomConfig: { maxParticipants: 1.5 } }, 'roomConfig.maxParticipants'],
  ['tags with a number', { roomConfig: { tags: { a: 1 } } }, 'roomConfig.tags'],
  ['metadata a function', { metadata: () => 1 }, 'metadata'],
  ['invalid now', { now: Number.NaN }, 'now'],
  ['now at the epoch', { now: 0 }, 'now'],
  ['options not an object', null, 'options'],
];

describe('createToken rejects bad options with ERR_INVALID_OPTIONS naming the field', () => {
  it.each(bad)('%s', async (_what, options, field) => {
    const error = await createToken(KEY, options as TokenOptions).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LiveKitTokenError', code: 'ERR_INVALID_OPTIONS' });
    expect((error as Error).message).toContain(field);
  });

  it.each([
    [{ video: { canPublish: 'yes' } }, 'video.canPublish must be a boolean'],
    [{ name: 7 }, 'name must be a string'],
    [{ roomConfig: { emptyTimeout: -1 } }, 'roomConfig.emptyTimeout must be an integer ≥ 0'],
    // Messages worded from the claim schema (they used to print its internal spelling, and
    // "of the documented type" for records).
    [{ kind: 'robot' }, 'kind must be one of: standard, ingress, egress, sip, agent, connector, bridge'],
    [{ video: { canPublishSources: ['webcam'] } }, 'video.canPublishSources must be a list of: camera, microphone, screen_share, screen_share_audio'],
    [{ attributes: { a: 1 } }, 'attributes must be an object of string values'],
    [{ roomConfig: { agents: {} } }, 'roomConfig.agents must be a list of objects'],
  ])('says what a wrongly typed field must be: %j', async (options, message) => {
    const error = await createToken(KEY, options as TokenOptions).catch((e: unknown) => e);
    expect((error as Error).message).toBe(message);
  });

  // Identity and room were counted in characters; the LiveKit server counts UTF-8 bytes (Go
  // `len`), so 256 astral characters (1024 bytes) are now refused and 64 of them are the most.
  it('counts identity in UTF-8 bytes: 64 astral characters (256 bytes) pass, 65 do not', async () => {
    await expect(mint({ identity: '😀'.repeat(64) })).resolves.toBeTypeOf('string');
    await expect(mint({ identity: '😀'.repeat(65) })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
  });

  // The protocol's RoomAgentDispatch.agent_name is a plain proto3 string (livekit/protocol
  // protobufs/livekit_agent_dispatch.proto): absent or empty dispatches the default agent.
  it('accepts an agent dispatch without agentName (it used to be required)', async () => {
    const claims = await payload({ roomConfig: { agents: [{ metadata: 'x' }, { agentName: '' }] } });
    expect(claims.roomConfig?.agents).toEqual([{ metadata: 'x' }, { agentName: '' }]);
  });

  it.each([
    [{ apiKey: '', apiSecret: 's' }, 'apiKey'],
    [{ apiKey: 'k', apiSecret: '' }, 'apiSecret'],
    [{ apiKey: 'k' }, 'apiSecret'],
    [null, 'key'],
  ])('rejects key %j', async (key, field) => {
    const error = await createToken(key as typeof KEY, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    expect((error as Error).message).toContain(field);
  });

  it('rejects a bad ttl with ERR_TTL_INVALID', async () => {
    await expect(mint({ ttl: '1 fortnight' })).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
    await expect(mint({ ttl: 0 })).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
  });

  it('never throws synchronously', () => {
    expect(() => createToken(null as unknown as typeof KEY, null as unknown as TokenOptions).catch(() => {})).not.toThrow();
  });

  it('does not echo the secret in any message', async () => {
    const error = await createToken({ apiKey: 'k', apiSecret: 'super-secret-value' }, { video: { roomName: 'x' } } as TokenOptions).catch((e: Error) => e);
    expect((error as Error).message).not.toContain('super-secret-value');
  });
});
