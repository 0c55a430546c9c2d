// Differential tests: the same calls on livekit-server-sdk's AccessToken and on ours, at one fixed
// clock, must produce the same claims. Tokens are cross-verified with both TokenVerifiers.
import {
  AutoTrackEgress,
  JobRestartPolicy,
  RoomAgentDispatch,
  RoomCompositeEgressRequest,
  RoomConfiguration,
  RoomEgress,
  TrackSource,
} from '@livekit/protocol';
import * as sdk from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as compat from '../../src/compat/index.js';
import { decodeToken } from '../../src/index.js';

const KEY = 'APIdifferential';
const SECRET = 'differential-secret-0123456789abcdef';
// Sub-second part on purpose: both must floor it for nbf.
const NOW_MS = 1_750_000_000_742;
const NOW_S = Math.floor(NOW_MS / 1000);

/** The surface both AccessToken classes share (the SDK's typings are narrower in places). */
type AnyToken = InstanceType<typeof compat.AccessToken>;

interface Case {
  name: string;
  options?: compat.AccessTokenOptions;
  apply?: (at: AnyToken) => void;
}

const agentsConfig = () =>
  new RoomConfiguration({
    name: 'support-room',
    agents: [
      new RoomAgentDispatch({ agentName: 'receptionist', metadata: '{"lang":"de"}' }),
      new RoomAgentDispatch({
        agentName: 'notetaker',
        restartPolicy: JobRestartPolicy.JRP_NEVER,
        deployment: 'staging',
        attributes: { tier: 'gold' },
      }),
    ],
  });

const cases: Case[] = [
  { name: 'identity only', options: { identity: 'alice' } },
  { name: 'identity and name', options: { identity: 'alice', name: 'Alice Liddell' } },
  { name: 'room join', options: { identity: 'alice' }, apply: (at) => at.addGrant({ roomJoin: true, room: 'demo' }) },
  {
    name: 'participant with explicit publish/subscribe/data flags',
    options: { identity: 'bob', name: 'Bob' },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'demo', canPublish: true, canSubscribe: true, canPublishData: false }),
  },
  {
    name: 'TrackSource numbers camera + microphone',
    options: { identity: 'cam' },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] }),
  },
  {
    name: 'all four TrackSource numbers',
    options: { identity: 'all' },
    apply: (at) =>
      at.addGrant({
        roomJoin: true,
        room: 'demo',
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
      }),
  },
  {
    name: 'empty canPublishSources',
    options: { identity: 'empty-sources' },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: [] }),
  },
  {
    name: 'listen-only viewer, hidden',
    options: { identity: 'viewer' },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'demo', canPublish: false, canPublishData: false, hidden: true }),
  },
  {
    name: 'recorder',
    options: { identity: 'egress-1' },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'demo', recorder: true, hidden: true, canPublish: false }),
  },
  { name: 'server API: roomCreate + roomList, no identity', apply: (at) => at.addGrant({ roomCreate: true, roomList: true }) },
  { name: 'server API: roomRecord', apply: (at) => at.addGrant({ roomRecord: true }) },
  { name: 'server API: ingressAdmin', apply: (at) => at.addGrant({ ingressAdmin: true }) },
  {
    name: 'room admin with destinationRoom',
    options: { identity: 'admin' },
    apply: (at) => at.addGrant({ roomAdmin: true, room: 'demo', destinationRoom: 'overflow' }),
  },
  {
    name: 'agent flag and kind agent',
    options: { identity: 'agent-worker' },
    apply: (at) => {
      at.addGrant({ roomJoin: true, room: 'demo', agent: true });
      at.kind = 'agent';
    },
  },
  {
    name: 'metrics, agent sessions, own metadata',
    options: { identity: 'power-user' },
    apply: (at) =>
      at.addGrant({ roomJoin: true, room: 'demo', canSubscribeMetrics: true, canManageAgentSession: true, canUpdateOwnMetadata: true }),
  },
  {
    name: 'addGrant twice merges, later values win',
    options: { identity: 'merge' },
    apply: (at) => {
      at.addGrant({ roomCreate: true, canPublish: true });
      at.addGrant({ roomJoin: true, room: 'demo', canPublish: false });
    },
  },
  { name: 'SIP admin', apply: (at) => at.addSIPGrant({ admin: true }) },
  {
    name: 'SIP call and admin over two calls',
    apply: (at) => {
      at.addSIPGrant({ call: true });
      at.addSIPGrant({ admin: true });
    },
  },
  { name: 'inference perform', options: { identity: 'inf' }, apply: (at) => at.addInferenceGrant({ perform: true }) },
  { name: 'observability write', apply: (at) => at.addObservabilityGrant({ write: true }) },
  { name: 'metadata from the constructor', options: { identity: 'm', metadata: 'plain text' } },
  { name: 'JSON metadata via setter', options: { identity: 'm' }, apply: (at) => (at.metadata = '{"avatar":"https://x/y.png"}') },
  { name: "empty metadata via setter is emitted as ''", options: { identity: 'm' }, apply: (at) => (at.metadata = '') },
  { name: 'empty metadata, name and attributes in the constructor are dropped', options: { identity: 'm', metadata: '', name: '' } },
  { name: 'attributes from the constructor', options: { identity: 'a', attributes: { role: 'host', lang: 'fr' } } },
  { name: 'empty attributes object is kept', options: { identity: 'a', attributes: {} } },
  { name: 'attributes and name via setters', options: { identity: 'a' }, apply: (at) => { at.attributes = { k: 'v' }; at.name = 'Set Later'; } },
  {
    name: 'SIP caller: kind sip, phone metadata, dispatched agent',
    options: { identity: 'sip_+15551234567', name: '+1 555 123 4567', metadata: '{"phone":"+15551234567"}', attributes: { 'sip.phoneNumber': '+15551234567' } },
    apply: (at) => {
      at.kind = 'sip';
      at.addGrant({ roomJoin: true, room: 'call-42', canPublishSources: [TrackSource.MICROPHONE] });
      at.addSIPGrant({ call: true });
      at.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: 'phone-agent' })] });
    },
  },
  { name: 'kind egress', apply: (at) => { at.kind = 'egress'; at.addGrant({ roomRecord: true }); } },
  { name: 'kind ingress', options: { identity: 'ing' }, apply: (at) => (at.kind = 'ingress') },
  { name: 'kind standard', options: { identity: 'std' }, apply: (at) => (at.kind = 'standard') },
  { name: 'roomPreset', options: { identity: 'p' }, apply: (at) => { at.roomPreset = 'webinar'; at.addGrant({ roomJoin: true, room: 'w' }); } },
  { name: 'sha256 (webhook-style token)', apply: (at) => (at.sha256 = 'CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI=') },
  {
    name: 'protobuf roomConfig with agents',
    options: { identity: 'rc' },
    apply: (at) => {
      at.addGrant({ roomJoin: true, room: 'support-room' });
      at.roomConfig = agentsConfig();
    },
  },
  {
    name: 'protobuf roomConfig with every field',
    options: { identity: 'rc-full' },
    apply: (at) => {
      at.addGrant({ roomJoin: true, room: 'full', roomCreate: true });
      at.roomConfig = new RoomConfiguration({
        name: 'full',
        emptyTimeout: 300,
        departureTimeout: 20,
        maxParticipants: 50,
        metadata: '{"topic":"all hands"}',
        minPlayoutDelay: 100,
        maxPlayoutDelay: 2000,
        syncStreams: true,
        tags: { team: 'core' },
        egress: new RoomEgress({
          room: new RoomCompositeEgressRequest({ roomName: 'full', layout: 'grid' }),
          tracks: new AutoTrackEgress({ filepath: 'tracks/{track_id}' }),
        }),
        agents: [new RoomAgentDispatch({ agentName: 'moderator' })],
      });
    },
  },
  {
    name: 'plain-object roomConfig',
    options: { identity: 'plain' },
    apply: (at) => {
      (at as { roomConfig: unknown }).roomConfig = { name: 'plain', maxParticipants: 3, agents: [{ agentName: 'helper' }] };
    },
  },
  { name: 'ttl number of seconds', options: { identity: 't', ttl: 600 } },
  { name: 'ttl fractional seconds are rounded', options: { identity: 't', ttl: 90.6 } },
  // Any number of seconds, as the SDK takes it: the core's "below 60" hint is not compat's.
  { name: 'ttl 30 seconds', options: { identity: 't', ttl: 30 } },
  { name: 'ttl 1 second', options: { identity: 't', ttl: 1 } },
  { name: "ttl '45s' on the field", options: { identity: 't' }, apply: (at) => (at.ttl = '45s') },
  { name: "ttl '10m'", options: { identity: 't', ttl: '10m' } },
  { name: "ttl '2 days'", options: { identity: 't', ttl: '2 days' } },
  { name: "ttl '1.5h'", options: { identity: 't', ttl: '1.5h' } },
  { name: "ttl '1 week'", options: { identity: 't', ttl: '1 week' } },
  { name: "ttl '1y' (365.25 days)", options: { identity: 't', ttl: '1y' } },
  { name: "ttl '30 MINUTES' (case-insensitive)", options: { identity: 't', ttl: '30 MINUTES' } },
  { name: "ttl '1h from now'", options: { identity: 't', ttl: '1h from now' } },
  { name: 'ttl 0 means the default 6h', options: { identity: 't', ttl: 0 } },
  { name: "ttl set on the field after construction ('45m')", options: { identity: 't' }, apply: (at) => (at.ttl = '45m') },
  { name: "identity '' without roomJoin emits no sub", options: { identity: '' }, apply: (at) => at.addGrant({ roomList: true }) },
  { name: 'identity set on the field after construction', apply: (at) => { at.identity = 'late'; at.addGrant({ roomJoin: true, room: 'r' }); } },
  {
    name: 'unicode identity, name and attributes',
    options: { identity: 'zoë-😀', name: 'Zoë 😀', attributes: { greeting: 'grüß dich' } },
    apply: (at) => at.addGrant({ roomJoin: true, room: 'räum' }),
  },
];

const payload = (token: string) => decodeToken(token).claims;
const header = (token: string) => decodeToken(token).header;

function mint(Class: new (k?: string, s?: string, o?: compat.AccessTokenOptions) => AnyToken, c: Case): Promise<string> {
  const at = new Class(KEY, SECRET, c.options);
  c.apply?.(at);
  return at.toJwt();
}

describe('differential: livekit-server-sdk AccessToken vs compat AccessToken', () => {
  beforeAll(() => {
    // Only Date is faked: Web Crypto and promises keep running normally.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_MS);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('covers at least 30 option sets', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const theirs = await mint(sdk.AccessToken as unknown as typeof compat.AccessToken, c);
    const ours = await mint(compat.AccessToken, c);

    expect(payload(ours)).toEqual(payload(theirs));
    expect(payload(ours).nbf).toBe(NOW_S);
    expect(header(theirs)).toEqual({ alg: 'HS256' });
    expect(header(ours)).toEqual({ alg: 'HS256', typ: 'JWT' });

    // Cross-verification, both ways, returning the same claims.
    expect(await new sdk.TokenVerifier(KEY, SECRET).verify(ours)).toEqual(payload(ours));
    expect(await new compat.TokenVerifier(KEY, SECRET).verify(theirs)).toEqual(payload(theirs));
  });

  // The compat layer takes the SDK's (jose's) span grammar, not the core's parseTtl: what the SDK
  // refuses, it refuses too (here with ERR_TTL_INVALID instead of a TypeError).
  it.each([['PT1H30M'], ['3600'], ['1h30m'], ['1 fortnight'], ['']])('both refuse the ttl %j', async (ttl) => {
    const c: Case = { name: 'ttl', options: { identity: 't' }, apply: (at) => (at.ttl = ttl) };
    await expect(mint(sdk.AccessToken as unknown as typeof compat.AccessToken, c)).rejects.toThrow();
    await expect(mint(compat.AccessToken, c)).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
  });

  it('reads the same environment variables when no key is passed', async () => {
    vi.stubEnv('LIVEKIT_API_KEY', KEY);
    vi.stubEnv('LIVEKIT_API_SECRET', SECRET);
    try {
      const c: Case = { name: 'env', options: { identity: 'env-user' }, apply: (at) => at.addGrant({ roomJoin: true, room: 'env' }) };
      const theirs = await new sdk.AccessToken(undefined, undefined, c.options as sdk.AccessTokenOptions).toJwt();
      const at = new compat.AccessToken(undefined, undefined, c.options);
      const ours = await at.toJwt();
      expect(payload(ours)).toEqual(payload(theirs));
      expect(payload(ours).iss).toBe(KEY);
      expect(await new compat.TokenVerifier(KEY, SECRET).verify(theirs)).toMatchObject({ iss: KEY, sub: 'env-user' });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('exposes the same accessor values', () => {
    const build = (Class: typeof compat.AccessToken) => {
      const at = new Class(KEY, SECRET, { identity: 'acc', name: 'N', ttl: 120, metadata: 'md', attributes: { a: '1' } });
      at.kind = 'agent';
      at.roomPreset = 'preset';
      at.sha256 = 'hash';
      const config = agentsConfig();
      at.roomConfig = config;
      return { at, config };
    };
    const theirs = build(sdk.AccessToken as unknown as typeof compat.AccessToken);
    const ours = build(compat.AccessToken);
    for (const field of ['identity', 'name', 'ttl', 'metadata', 'attributes', 'kind', 'roomPreset', 'sha256'] as const) {
      expect(ours.at[field], field).toEqual(theirs.at[field]);
    }
    expect(ours.at.ttl).toBe('120s');
    expect(ours.at.roomConfig).toBe(ours.config); // the instance given, not a copy
    const fresh = new compat.AccessToken(KEY, SECRET);
    const freshSdk = new sdk.AccessToken(KEY, SECRET);
    expect(fresh.ttl).toBe(freshSdk.ttl);
    expect(fresh.ttl).toBe('6h');
  });
});

describe('TokenVerifier returns what the SDK returns', () => {
  // The SDK hands back jose's payload as it is; the core reads null as absent (as the LiveKit
  // server does), but compat keeps the SDK's answer so that `claims.name === null` still holds.
  it('keeps null claim values, at every level', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ name: null, metadata: null, video: { roomJoin: true, room: 'r', canPublish: null }, attributes: { a: 'b' }, custom: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(KEY)
      .setSubject('alice')
      .setNotBefore(NOW_S)
      .setExpirationTime(NOW_S + 600)
      .sign(new TextEncoder().encode(SECRET));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_MS);
    try {
      const theirs = await new sdk.TokenVerifier(KEY, SECRET).verify(token);
      const ours = await new compat.TokenVerifier(KEY, SECRET).verify(token);
      expect(ours).toStrictEqual(theirs);
      expect(ours.name).toBeNull();
      expect(ours.video?.canPublish).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('webhook receivers agree', () => {
  const vector = { apiKey: 'abcdefg', apiSecret: 'abababa' };
  const body =
    '{"event":"room_started", "room":{"sid":"RM_TkVjUvAqgzKz", "name":"mytestroom", "emptyTimeout":300, "creationTime":"1628545903", "turnPassword":"ICkSr2rEeslkN6e9bXL4Ji5zzMD5Z7zzr6ulOaxMj6N", "enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}]}}';
  const sha = 'CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI=';

  async function signed(Class: typeof compat.AccessToken): Promise<string> {
    const at = new Class(vector.apiKey, vector.apiSecret);
    at.sha256 = sha;
    return at.toJwt();
  }

  it('their receiver accepts our webhook token, ours accepts theirs', async () => {
    const ourToken = await signed(compat.AccessToken);
    const theirToken = await signed(sdk.AccessToken as unknown as typeof compat.AccessToken);
    const theirEvent = await new sdk.WebhookReceiver(vector.apiKey, vector.apiSecret).receive(body, ourToken);
    const ourEvent = await new compat.WebhookReceiver(vector.apiKey, vector.apiSecret).receive(body, theirToken);
    expect(theirEvent.event).toBe('room_started');
    expect(ourEvent.event).toBe(theirEvent.event);
    expect(ourEvent.room?.name).toBe(theirEvent.room?.name);
    expect(ourEvent.room?.sid).toBe(theirEvent.room?.sid);
    expect(ourEvent.room?.['emptyTimeout']).toBe(theirEvent.room?.emptyTimeout);
  });

  it('both reject the body with one extra space', async () => {
    const token = await signed(compat.AccessToken);
    const altered = body.replace('"room_started",', '"room_started", ');
    await expect(new sdk.WebhookReceiver(vector.apiKey, vector.apiSecret).receive(altered, token)).rejects.toThrow();
    await expect(new compat.WebhookReceiver(vector.apiKey, vector.apiSecret).receive(altered, token)).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_BODY',
    });
  });
});
