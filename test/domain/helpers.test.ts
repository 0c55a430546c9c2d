import { describe, expect, it } from 'vitest';
import {
  canJoin,
  canPublish,
  canPublishData,
  canSubscribe,
  createToken,
  decodeToken,
  describeToken,
  expiresIn,
  formatDuration,
  isExpired,
  isLiveKitTokenError,
  tokenStatus,
  type LiveKitClaims,
  type TrackSource,
  type VideoGrant,
} from '../../src/index.js';

const T0 = 1_700_000_000; // seconds
const at = (s: number) => (T0 + s) * 1000; // epoch ms, T0 + s seconds

describe('LiveKit defaults table', () => {
  // [video grant, canPublish, canPublish('camera'), canPublish('microphone'), canSubscribe, canPublishData]
  const table: [VideoGrant | undefined, boolean, boolean, boolean, boolean, boolean][] = [
    [undefined, true, true, true, true, true],
    [{}, true, true, true, true, true],
    [{ canPublish: false }, false, false, false, true, false],
    [{ canPublish: false, canPublishData: true }, false, false, false, true, true],
    [{ canPublish: true, canPublishData: false }, true, true, true, true, false],
    [{ canPublishData: false }, true, true, true, true, false],
    [{ canSubscribe: false }, true, true, true, false, true],
    [{ canPublishSources: [] }, true, true, true, true, true],
    [{ canPublishSources: ['microphone'] }, true, false, true, true, true],
    [{ canPublishSources: ['camera', 'microphone'] }, true, true, true, true, true],
    [{ canPublish: false, canPublishSources: ['microphone'] }, false, false, false, true, false],
  ];
  it.each(table)('%j', (video, pub, cam, mic, sub, data) => {
    const claims: LiveKitClaims = video === undefined ? {} : { video };
    expect(canPublish(claims)).toBe(pub);
    expect(canPublish(claims, 'camera')).toBe(cam);
    expect(canPublish(claims, 'microphone')).toBe(mic);
    expect(canSubscribe(claims)).toBe(sub);
    expect(canPublishData(claims)).toBe(data);
  });

  it('null reads as absent, malformed values deny (never the permissive default)', () => {
    expect(canPublish({ video: { canPublish: null } } as never)).toBe(true);
    expect(canPublish({ video: { canPublish: 'false' } } as never)).toBe(false);
    expect(canSubscribe({ video: { canSubscribe: 1 } } as never)).toBe(false);
    expect(canPublish({ video: { canPublishSources: 'camera' } } as never, 'camera')).toBe(false);
    expect(canPublish({ video: 'nope' } as never)).toBe(true);
  });

  it('canPublishSources matches exactly (screen_share does not imply screen_share_audio)', () => {
    const claims = { video: { canPublishSources: ['screen_share'] as TrackSource[] } };
    expect(canPublish(claims, 'screen_share')).toBe(true);
    expect(canPublish(claims, 'screen_share_audio')).toBe(false);
  });
});

describe('canJoin', () => {
  const ok: LiveKitClaims = { sub: 'alice', video: { roomJoin: true, room: 'demo' } };
  it('needs roomJoin, a room and an identity; checks the room when given', () => {
    expect(canJoin(ok)).toBe(true);
    expect(canJoin(ok, 'demo')).toBe(true);
    expect(canJoin(ok, 'other')).toBe(false);
    expect(canJoin({ ...ok, video: { room: 'demo' } })).toBe(false);
    expect(canJoin({ ...ok, video: { roomJoin: false, room: 'demo' } })).toBe(false);
    expect(canJoin({ ...ok, video: { roomJoin: true } })).toBe(false);
    expect(canJoin({ ...ok, video: { roomJoin: true, room: '' } })).toBe(false);
    expect(canJoin({ video: { roomJoin: true, room: 'demo' } })).toBe(false);
    expect(canJoin({ sub: 'alice', video: { roomAdmin: true, room: 'demo' } })).toBe(false);
    expect(canJoin({})).toBe(false);
  });
});

describe('isExpired / expiresIn', () => {
  const claims = { nbf: T0, exp: T0 + 600 };
  it('compares now with exp, with an optional tolerance', () => {
    expect(isExpired(claims, { now: at(600) })).toBe(false);
    expect(isExpired(claims, { now: at(601) })).toBe(true);
    expect(isExpired(claims, { now: new Date(at(601)) })).toBe(true);
    expect(isExpired(claims, { now: at(601), clockTolerance: 60 })).toBe(false);
    expect(isExpired(claims, { now: at(661), clockTolerance: '1m' })).toBe(true);
    expect(isExpired(claims, { now: at(601), clockTolerance: undefined })).toBe(true);
    expect(isExpired({}, { now: at(10 ** 9) })).toBe(false);
  });
  it('expiresIn counts whole seconds, negative once past, Infinity without exp', () => {
    expect(expiresIn(claims, { now: at(0) })).toBe(600);
    expect(expiresIn(claims, { now: at(0) + 500 })).toBe(599);
    expect(expiresIn(claims, { now: at(780) })).toBe(-180);
    expect(expiresIn({}, { now: at(0) })).toBe(Infinity);
  });
  it('uses the real clock by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(isExpired({ exp: now + 3600 })).toBe(false);
    expect(isExpired({ exp: now - 3600 })).toBe(true);
  });
  it('rejects a bad clock or tolerance with ERR_INVALID_OPTIONS', () => {
    expect(() => isExpired(claims, { now: NaN })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    expect(() => isExpired(claims, { clockTolerance: -1 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42, '42 s'],
    [59.9, '59 s'],
    [60, '1 min'],
    [180, '3 min'],
    [185, '3 min 5 s'],
    [3600, '1 h'],
    [3660, '1 h 1 min'],
    [3605, '1 h'],
    [21570, '5 h 59 min'],
    [21600, '6 h'],
    [86400, '1 d'],
    [86430, '1 d'],
    [183600, '2 d 3 h'],
    [-180, '3 min'],
    [Infinity, 'forever'],
  ])('%s → %s', (s, text) => expect(formatDuration(s)).toBe(text));
  it('rejects NaN', () => {
    let err: unknown;
    try { formatDuration(NaN); } catch (e) { err = e; }
    expect(isLiveKitTokenError(err, 'ERR_INVALID_OPTIONS')).toBe(true);
  });
});

describe('tokenStatus at fixed clocks', () => {
  const claims = { nbf: T0, exp: T0 + 6 * 3600 };
  it.each([
    [30, { state: 'valid', seconds: 21570, text: 'valid for 5 h 59 min' }],
    [0, { state: 'valid', seconds: 21600, text: 'valid for 6 h' }],
    [6 * 3600, { state: 'valid', seconds: 0, text: 'valid for 0 s' }],
    [6 * 3600 + 180, { state: 'expired', seconds: 180, text: 'EXPIRED 3 min ago' }],
    [-120, { state: 'not-yet-valid', seconds: 120, text: 'not valid for another 2 min' }],
  ])('T0 + %s s', (s, expected) => expect(tokenStatus(claims, { now: at(s) })).toEqual(expected));
  it('no exp → no expiry', () => {
    expect(tokenStatus({ nbf: T0 }, { now: at(0) })).toEqual({ state: 'no-expiry', seconds: Infinity, text: 'no expiry' });
    expect(tokenStatus({ nbf: T0 + 60 }, { now: at(0) }).text).toBe('not valid for another 1 min');
  });
  it('clockTolerance keeps a just-expired token valid (with 0 s left) and widens nbf', () => {
    expect(tokenStatus(claims, { now: at(6 * 3600 + 30), clockTolerance: 60 })).toEqual({ state: 'valid', seconds: 0, text: 'valid for 0 s' });
    expect(tokenStatus(claims, { now: at(-30), clockTolerance: 60 }).state).toBe('valid');
  });
});

describe('describeToken', () => {
  const key = { apiKey: 'devkey', apiSecret: 'secret' };
  const now = at(30);
  it('summarises a participant token minted by createToken', async () => {
    const token = await createToken(key, {
      identity: 'alice', ttl: '6h', now: at(0),
      video: { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] },
    });
    expect(describeToken(decodeToken(token).claims, { now })).toBe(
      'alice may join room demo, publish camera+microphone, subscribe, expires in 5 h 59 min',
    );
  });
  it('names listen-only, data-only, hidden, recorder and kind', () => {
    const base = { sub: 'bob', nbf: T0, exp: T0 + 600 };
    expect(describeToken({ ...base, video: { roomJoin: true, room: 'r', canPublish: false } }, { now })).toBe('bob may join room r, subscribe, expires in 9 min 30 s');
    expect(describeToken({ ...base, video: { roomJoin: true, room: 'r', canPublish: false, canPublishData: true, canSubscribe: false } }, { now })).toBe('bob may join room r, publish data only, expires in 9 min 30 s');
    expect(describeToken({ ...base, kind: 'egress', video: { roomJoin: true, room: 'r', canPublish: true, canPublishData: false, hidden: true, recorder: true } }, { now })).toBe('bob (egress) may join room r, publish (no data), subscribe, stay hidden, record as recorder, expires in 9 min 30 s');
  });
  it('covers server-API grants, agents and expiry states', () => {
    const server = { nbf: T0, exp: T0 + 600, video: { roomCreate: true, roomList: true, roomAdmin: true, room: 'x' }, sip: { admin: true } };
    expect(describeToken(server, { now })).toBe('this token may administer room x, create rooms, list rooms, administer SIP, expires in 9 min 30 s');
    expect(describeToken({ ...server, video: { roomAdmin: true } }, { now: at(780) })).toBe('this token may administer all rooms, administer SIP, EXPIRED 3 min ago');
    expect(describeToken({ sub: 'caller', kind: 'sip', roomConfig: { agents: [{ agentName: 'receptionist' }] } }, { now })).toBe('caller (sip) may dispatch agent receptionist, no expiry');
    expect(describeToken({ nbf: T0, exp: T0 + 600, agent: { admin: true, dispatchAdmin: true } }, { now })).toBe('this token may administer agents, manage the agent dispatch queue, expires in 9 min 30 s');
    expect(describeToken({ sub: 'x', nbf: T0 + 600, exp: T0 + 1200 }, { now })).toBe('x may do nothing (no grants), not valid for another 9 min 30 s');
    expect(describeToken({ sub: 'x', video: { roomJoin: true } })).toBe('x may not join (roomJoin needs an identity and a room), no expiry');
  });
});
