import { describe, expect, it } from 'vitest';
import {
  agentGrant,
  canJoin,
  canPublish,
  canPublishData,
  canSubscribe,
  createToken,
  decodeToken,
  describeToken,
  egressToken,
  ingressToken,
  participantGrant,
  recorderGrant,
  roomAdminGrant,
  roomAdminToken,
  roomManagementToken,
  SERVER_API_TTL,
  sipAdminToken,
  sipCallerToken,
  sipCallToken,
  agentDispatchQueueToken,
  verifyToken,
  viewerGrant,
  type LiveKitClaims,
  type TokenOptions,
  type VideoGrant,
} from '../../src/index.js';

const key = { apiKey: 'devkey', apiSecret: 'secret' };
const T0 = 1_700_000_000;
const now = T0 * 1000;

async function mint(options: TokenOptions): Promise<LiveKitClaims> {
  const token = await createToken(key, { now, ...options });
  const verified = await verifyToken(token, key, { now });
  expect(decodeToken(token).claims).toEqual(verified);
  return verified;
}

describe('participant-level grant presets, minted and read back with the helpers', () => {
  // [preset, canPublish, canPublish('camera'), canPublishData, canSubscribe, extra fields expected]
  const rows: [string, (room: string) => VideoGrant, boolean, boolean, boolean, boolean, VideoGrant][] = [
    ['participantGrant', participantGrant, true, true, true, true, {}],
    ['viewerGrant', viewerGrant, false, false, false, true, {}],
    ['roomAdminGrant', roomAdminGrant, true, true, true, true, { roomAdmin: true }],
    ['recorderGrant', recorderGrant, false, false, false, true, { hidden: true, recorder: true }],
    ['agentGrant', agentGrant, true, true, true, true, { agent: true, canUpdateOwnMetadata: true }],
  ];
  it.each(rows)('%s', async (name, preset, pub, cam, data, sub, extra) => {
    const claims = await mint({ identity: 'p1', kind: name === 'agentGrant' ? 'agent' : undefined, video: preset('demo') });
    expect(canJoin(claims, 'demo')).toBe(true);
    expect(canJoin(claims, 'other')).toBe(false);
    expect(canPublish(claims)).toBe(pub);
    expect(canPublish(claims, 'camera')).toBe(cam);
    expect(canPublishData(claims)).toBe(data);
    expect(canSubscribe(claims)).toBe(sub);
    expect(claims.video).toMatchObject(extra);
    // Least privilege: no server-API grant, and roomAdmin only where the name says admin.
    for (const f of ['roomCreate', 'roomList', 'roomRecord', 'ingressAdmin'] as const) expect(claims.video?.[f]).toBeUndefined();
    expect(claims.video?.roomAdmin === true).toBe(name.startsWith("roomAdmin"));
    expect(claims.sip).toBeUndefined();
  });

  it('describes each preset', () => {
    const c = (video: VideoGrant) => describeToken({ sub: 'p1', video, exp: T0 + 600 }, { now });
    expect(c(participantGrant('demo'))).toBe('p1 may join room demo, publish, subscribe, expires in 10 min');
    expect(c(viewerGrant('demo'))).toBe('p1 may join room demo, subscribe, expires in 10 min');
    expect(c(roomAdminGrant('demo'))).toBe('p1 may join room demo, publish, subscribe, administer room demo, expires in 10 min');
    expect(c(recorderGrant('demo'))).toBe('p1 may join room demo, subscribe, stay hidden, record as recorder, expires in 10 min');
  });
});

describe('server-API presets', () => {
  const rows: [string, TokenOptions, Partial<LiveKitClaims>][] = [
    ['roomManagementToken', roomManagementToken(), { video: { roomCreate: true, roomList: true } }],
    ['roomAdminToken', roomAdminToken('demo'), { video: { roomAdmin: true, room: 'demo' } }],
    ['egressToken', egressToken(), { video: { roomRecord: true } }],
    ['ingressToken', ingressToken(), { video: { ingressAdmin: true } }],
    ['sipAdminToken', sipAdminToken(), { sip: { admin: true } }],
    ['sipCallToken', sipCallToken(), { sip: { call: true } }],
    // livekit/protocol #1744: AgentGrant.DispatchAdmin guards the agent dispatch queue.
    ['agentDispatchQueueToken', agentDispatchQueueToken(), { agent: { dispatchAdmin: true } }],
  ];
  it.each(rows)('%s: exactly its grant, 10-minute TTL, cannot join', async (name, options, grants) => {
    expect(options.ttl).toBe(SERVER_API_TTL);
    const claims = await mint(options);
    const { iss, nbf, exp, ...rest } = claims;
    expect(rest).toEqual(grants);
    expect(iss).toBe('devkey');
    expect(exp! - nbf!).toBe(600);
    expect(canJoin(claims)).toBe(false);
    expect(claims.video?.roomAdmin === true).toBe(name.startsWith("roomAdmin"));
  });
  it('a TTL override wins; an undefined override keeps the preset value', async () => {
    const claims = await mint(egressToken({ ttl: 60, video: { roomRecord: undefined } }));
    expect(claims.exp! - claims.nbf!).toBe(60);
    expect(claims.video).toEqual({ roomRecord: true });
  });
});

describe('composition with overrides', () => {
  it('merges nested fields, never mutates overrides, returns fresh objects', () => {
    const overrides: VideoGrant = { canPublishSources: ['microphone'] };
    const frozen = structuredClone(overrides);
    const a = participantGrant('demo', overrides);
    expect(a).toEqual({ roomJoin: true, room: 'demo', canPublish: true, canPublishData: true, canSubscribe: true, canPublishSources: ['microphone'] });
    expect(overrides).toEqual(frozen);
    expect(a.canPublishSources).not.toBe(overrides.canPublishSources);
    a.canPublish = false;
    expect(participantGrant('demo').canPublish).toBe(true);
  });
  it('an undefined override cannot widen a least-privilege false back to the default', () => {
    const v = viewerGrant('demo', { canPublish: undefined, canPublishData: true });
    expect(v.canPublish).toBe(false);
    expect(v.canPublishData).toBe(true);
  });
  it('token presets merge video/roomConfig deeply and replace arrays', () => {
    const o = sipCallerToken({ room: 'r', phoneNumber: '+15551234567', agentName: 'a' }, { video: { canPublishSources: ['microphone', 'camera'] }, roomConfig: { emptyTimeout: 30 } });
    expect(o.video).toMatchObject({ roomJoin: true, room: 'r', canPublishSources: ['microphone', 'camera'] });
    expect(o.roomConfig).toEqual({ agents: [{ agentName: 'a' }], emptyTimeout: 30 });
  });
});

describe('SIP caller flow, end to end', () => {
  it('webhook mints a caller token with phone metadata and agent dispatch; verify; helpers agree', async () => {
    const options = sipCallerToken({
      room: 'call-abc', phoneNumber: '+15551234567', calledNumber: '+15557654321', callId: 'CA123',
      agentName: 'receptionist', agentMetadata: '{"lang":"en"}',
    });
    const token = await createToken(key, { ...options, now });
    const claims = await verifyToken(token, key, { now, room: 'call-abc', identity: 'sip_+15551234567' });
    expect(claims).toEqual({
      iss: 'devkey', nbf: T0, exp: T0 + 3600,
      sub: 'sip_+15551234567', name: '+15551234567', kind: 'sip',
      metadata: JSON.stringify({ phoneNumber: '+15551234567', callId: 'CA123' }),
      attributes: { 'sip.phoneNumber': '+15551234567', 'sip.trunkPhoneNumber': '+15557654321', 'sip.callID': 'CA123' },
      video: { roomJoin: true, room: 'call-abc', canPublish: true, canPublishSources: ['microphone'], canPublishData: true, canSubscribe: true },
      roomConfig: { agents: [{ agentName: 'receptionist', metadata: '{"lang":"en"}' }] },
    });
    expect(canJoin(claims, 'call-abc')).toBe(true);
    expect(canPublish(claims, 'microphone')).toBe(true);
    expect(canPublish(claims, 'camera')).toBe(false);
    expect(canPublishData(claims)).toBe(true);
    expect(canSubscribe(claims)).toBe(true);
    expect(describeToken(claims, { now })).toBe(
      'sip_+15551234567 (sip) may join room call-abc, publish microphone, subscribe, dispatch agent receptionist, expires in 1 h',
    );
  });
  it('without an agent there is no roomConfig; identity can be chosen', async () => {
    const claims = await mint(sipCallerToken({ room: 'r', phoneNumber: '+15551234567', identity: 'caller-1' }));
    expect(claims.roomConfig).toBeUndefined();
    expect(claims.sub).toBe('caller-1');
    expect(claims.metadata).toBe('{"phoneNumber":"+15551234567"}');
  });
});

describe('presets given hostile arguments fail with a LiveKitTokenError', () => {
  const cyclic: Record<string, unknown> = { canPublish: false };
  cyclic['self'] = cyclic;
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 100_000; i++) deep = { nested: deep };

  it.each([
    ['circular overrides', () => participantGrant('r', cyclic as never)],
    ['overrides nested 100 000 levels', () => roomManagementToken(deep as never)],
    ['a __proto__ override (would change the prototype, not add a field)', () => viewerGrant('r', JSON.parse('{"__proto__":{"roomAdmin":true}}'))],
    ['overrides not an object', () => participantGrant('r', 'roomAdmin' as never)],
    ['sipCallerToken without options', () => sipCallerToken(null as never)],
    ['a BigInt phone number', () => sipCallerToken({ room: 'r', phoneNumber: 1n as never })],
    ['a numeric callId', () => sipCallerToken({ room: 'r', phoneNumber: '+15551234567', callId: 7 as never })],
  ])('%s → ERR_INVALID_OPTIONS', (_what, run) => {
    expect(run).toThrow(expect.objectContaining({ name: 'LiveKitTokenError', code: 'ERR_INVALID_OPTIONS' }));
  });
});
