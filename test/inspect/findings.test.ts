// What the debugger page warns about and notes, and where its timeline puts things, without a
// browser: the page's pure modules, fed claims directly.
import { describe, expect, it } from 'vitest';
import { tokenStatus, type LiveKitClaims } from '../../src/index.js';
import { findings, SERVER_LEEWAY } from '../../src/inspect-page/findings.js';
import { abilities, fieldLines } from '../../src/inspect-page/grants.js';
import { timelineModel } from '../../src/inspect-page/timeline.js';

const NOW = 1_800_000_000;
const join = { sub: 'alice', video: { roomJoin: true, room: 'demo', canPublish: true, canSubscribe: true, canPublishSources: ['microphone'] } } satisfies LiveKitClaims;

function titles(claims: LiveKitClaims, extra: { bytes?: number; alg?: unknown } = {}): string[] {
  const status = tokenStatus(claims, { now: NOW * 1000 });
  return findings({ claims, status, bytes: extra.bytes ?? 400, alg: extra.alg ?? 'HS256', now: NOW }).map((f) => f.title);
}

describe('findings', () => {
  it('a plain participant token with a lifetime: nothing to say', () => {
    expect(titles({ ...join, nbf: NOW - 60, exp: NOW + 600 })).toEqual([]);
  });

  it('times: expired (in and past the server leeway), not yet valid, no expiry, over 24 h', () => {
    expect(titles({ ...join, exp: NOW - 3 * 3600 })).toEqual(['Expired 3 h ago']);
    // Inside a LiveKit server's 60 s of skew (livekit/protocol auth/verifier.go) it still works: said, not red.
    const inLeeway = findings({ claims: { ...join, exp: NOW - 30 }, status: tokenStatus({ exp: NOW - 30 }, { now: NOW * 1000 }), bytes: 400, alg: 'HS256', now: NOW });
    expect(inLeeway[0]).toMatchObject({ title: 'Expired 30 s ago', detail: expect.stringContaining(`for ${SERVER_LEEWAY} s after exp`) });
    expect(inLeeway[0]!.serious).toBeUndefined();
    expect(titles({ ...join, nbf: NOW + 120, exp: NOW + 600 })).toEqual(['Not valid for another 2 min']);
    expect(titles({ ...join })).toEqual(['Never expires']);
    expect(titles({ ...join, nbf: NOW, exp: NOW + 2 * 86400 })).toEqual(['Lives 2 d']);
  });

  it('joins: without a room (LiveKit then takes the room the client asks for), without an identity', () => {
    expect(titles({ exp: NOW + 60, sub: 'a', video: { roomJoin: true, canPublish: true, canSubscribe: true, canPublishSources: ['camera'] } })).toEqual(['roomJoin without a room']);
    expect(titles({ ...join, sub: '', exp: NOW + 60 })).toEqual(['roomJoin without an identity']);
  });

  it('grants LiveKit ignores on a token that does not join; credentials in roomConfig.egress', () => {
    expect(titles({ exp: NOW + 60, video: { roomList: true, canPublish: false }, roomConfig: { maxParticipants: 2 }, roomPreset: 'p' })).toEqual([
      'LiveKit ignores video.canPublish, roomConfig, roomPreset',
    ]);
    const egress = { tracks: { s3: { accessKey: 'a', secret: 's' } } };
    expect(titles({ ...join, exp: NOW + 60, roomConfig: { egress } as never })).toEqual(['Credentials in roomConfig.egress']);
  });

  it('sizes: token near and over 8 KiB, identity and room near and over 256 bytes', () => {
    expect(titles({ ...join, exp: NOW + 60 }, { bytes: 6200 })).toEqual(['6200 bytes: near the 8 KiB limit']);
    expect(titles({ ...join, exp: NOW + 60 }, { bytes: 9000 })).toEqual(['9000 bytes: over 8 KiB']);
    expect(titles({ ...join, sub: 'é'.repeat(100), exp: NOW + 60 })).toEqual(['The identity is 200 bytes']);
    expect(titles({ ...join, video: { ...join.video, room: 'r'.repeat(300) }, exp: NOW + 60 })).toEqual(['The room name is 300 bytes']);
    expect(titles({ ...join, sub: 'a'.repeat(191), exp: NOW + 60 })).toEqual([]);
  });

  it('sip.* attributes on a kind other than sip; another algorithm', () => {
    expect(titles({ ...join, exp: NOW + 60, attributes: { 'sip.callID': 'x', tier: 'gold' } })).toEqual(['sip.* attributes on a non-SIP participant']);
    expect(titles({ ...join, exp: NOW + 60, kind: 'sip', attributes: { 'sip.callID': 'x' } })).toEqual([]);
    expect(titles({ ...join, exp: NOW + 60 }, { alg: 'none' })).toEqual(['Signed with none']);
  });

  it('notes on defaults: every source, absent permissions, unnamed agent dispatch, canUpdateOwnMetadata', () => {
    expect(titles({ exp: NOW + 60, sub: 'a', video: { roomJoin: true, room: 'r', canUpdateOwnMetadata: true }, roomConfig: { agents: [{ agentName: '' }] } })).toEqual([
      'Every source may publish',
      'Absent permissions are allowed',
      'Agent dispatch without a name',
      'The client may rewrite itself',
    ]);
    // An empty list is "every source" too; a listener that cannot publish has no source to worry about.
    expect(titles({ ...join, exp: NOW + 60, video: { ...join.video, canPublishSources: [] } })).toEqual(['Every source may publish']);
    expect(titles({ ...join, exp: NOW + 60, video: { ...join.video, canPublish: false, canPublishSources: [] } })).toEqual([]);
  });
});

describe('grants in words', () => {
  it('abilities apply LiveKit defaults; fields carry their meaning, unknown ones say LiveKit ignores them', () => {
    expect(abilities({ sub: 'bob', video: { roomJoin: true, room: 'r', canSubscribe: false }, sip: { call: true } })).toEqual([
      'Join room “r” as “bob”',
      'Publish from every source',
      'Send data messages',
      'Not subscribe to anyone',
      'Place SIP calls',
    ]);
    const lines = fieldLines({ sub: 'bob', video: { roomJoin: true }, roomConfig: { agents: [{ agentName: 'a' }] }, extra: 1 } as LiveKitClaims);
    expect(lines.map((l) => l.path)).toEqual(['sub', 'video', 'video.roomJoin', 'roomConfig', 'roomConfig.agents', 'roomConfig.agents[0].agentName', 'extra']);
    expect(lines.find((l) => l.path === 'video.roomJoin')).toEqual({ path: 'video.roomJoin', value: 'true', meaning: 'May join room as a participant.' });
    expect(fieldLines({ exp: 1740823020, nbf: -1 })).toEqual([
      { path: 'nbf', value: '-1', meaning: 'Not before: seconds since the epoch from which the token is valid.' },
      { path: 'exp', value: '1740823020 (2025-03-01T09:57:00Z)', meaning: 'Expiry: seconds since the epoch after which the token is refused.' },
    ]);
    expect(lines.at(-1)!.meaning).toBe('Not a LiveKit field: a LiveKit server ignores it.');
  });
});

describe('timeline', () => {
  it('now inside the window: one linear scale, bands beside exp and before nbf', () => {
    const m = timelineModel({ nbf: NOW - 600, exp: NOW + 600 }, NOW, 60);
    expect(m.gap).toBeUndefined();
    const x = Object.fromEntries(m.marks.map((mark) => [mark.name, mark.x]));
    expect(x['nbf']).toBeCloseTo(0.05);
    expect(x['now']).toBeCloseTo(0.5);
    expect(x['exp']).toBeCloseTo(0.95);
    expect(m.bands).toEqual([
      { from: x['exp'], to: expect.closeTo(0.95 + 0.9 * (60 / 1200), 5) },
      { from: expect.closeTo(0.05 - 0.9 * (60 / 1200), 5), to: x['nbf'] },
    ]);
    expect(m.relative).toBe('expires in 10 min');
  });

  it('expired long ago: the line is cut and now sits on the right; not yet valid: on the left', () => {
    const late = timelineModel({ nbf: NOW - 86400 - 600, exp: NOW - 86400 }, NOW, 60);
    expect(late.gap).toEqual({ from: 0.68, to: 0.76, seconds: 86400 });
    expect(late.marks.find((mark) => mark.name === 'now')!.x).toBe(0.9);
    expect(late.relative).toBe('expired 1 d ago');
    const early = timelineModel({ nbf: NOW + 7200, exp: NOW + 7800 }, NOW, 60);
    expect(early.marks.find((mark) => mark.name === 'now')!.x).toBe(0.1);
    expect(early.relative).toBe('valid in 2 h');
  });

  it('no exp: an open window; no times at all: only now', () => {
    expect(timelineModel({ nbf: NOW - 60 }, NOW, 60)).toMatchObject({ window: { to: 1, open: true }, relative: 'never expires' });
    expect(timelineModel({}, NOW, 60)).toMatchObject({ window: undefined, marks: [{ name: 'now', x: 0.5 }] });
  });
});
