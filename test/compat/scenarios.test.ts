// The official SDK's AccessToken / TokenVerifier / WebhookReceiver scenarios, written afresh and
// run against the compat layer, plus the behaviours we changed on purpose.
import {
  RoomAgentDispatch,
  RoomCompositeEgressRequest,
  RoomConfiguration,
  RoomEgress,
  TrackSource,
} from '@livekit/protocol';
import * as jose from 'jose';
import * as sdk from 'livekit-server-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessToken, TokenVerifier, WebhookReceiver } from '../../src/compat/index.js';
import { createToken, decodeToken, isLiveKitTokenError, LiveKitTokenError } from '../../src/index.js';
import vectors from '../fixtures/vectors.json';

const API_KEY = 'abcdefg';
const SECRET = 'abababa';
const secretBytes = new TextEncoder().encode(SECRET);
const claimsOf = (token: string) => decodeToken(token).claims;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('AccessToken: SDK scenarios', () => {
  it('encodes a token jose can verify, with name and video grant', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me', name: 'myname' });
    at.addGrant({ room: 'myroom' });
    const { payload } = await jose.jwtVerify(await at.toJwt(), secretBytes, { issuer: API_KEY });
    expect(payload['name']).toBe('myname');
    expect(payload['video']).toEqual({ room: 'myroom' });
    expect(payload.sub).toBe('me');
  });

  it('allows a token without identity for server APIs (roomCreate)', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.addGrant({ roomCreate: true });
    const claims = claimsOf(await at.toJwt());
    expect(claims.video).toEqual({ roomCreate: true });
    expect('sub' in claims).toBe(false);
  });

  it('rejects roomJoin without identity, with a LiveKitTokenError', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.addGrant({ roomJoin: true, room: 'r' });
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringMatching(/identity/) });
    // Like the SDK, an empty identity counts as none.
    const empty = new AccessToken(API_KEY, SECRET, { identity: '' });
    empty.addGrant({ roomJoin: true, room: 'r' });
    await expect(empty.toJwt()).rejects.toBeInstanceOf(LiveKitTokenError);
  });

  it('does not overwrite earlier grants when adding more', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me', name: 'myname' });
    at.addGrant({ roomCreate: true });
    at.addGrant({ roomJoin: true, room: 'r' });
    expect(claimsOf(await at.toJwt()).video).toEqual({ roomCreate: true, roomJoin: true, room: 'r' });
  });

  it('converts every TrackSource number to its name', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({
      roomJoin: true,
      room: 'r',
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
    });
    expect(claimsOf(await at.toJwt()).video?.canPublishSources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);
  });

  it('emits the observability grant', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.addObservabilityGrant({ write: true });
    expect(claimsOf(await at.toJwt()).observability).toEqual({ write: true });
  });

  it('serializes a protobuf room configuration with agents and egress', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'test-identity' });
    const config = new RoomConfiguration({ name: 'test-room', maxParticipants: 10 });
    config.agents = [
      new RoomAgentDispatch({ agentName: 'agent1', metadata: 'metadata-1' }),
      new RoomAgentDispatch({ agentName: 'agent2', metadata: 'metadata-2' }),
    ];
    config.egress = new RoomEgress({ room: new RoomCompositeEgressRequest({ roomName: 'test-room' }) });
    at.roomConfig = config;

    const claims = await new TokenVerifier(API_KEY, SECRET).verify(await at.toJwt());
    const rc = claims.roomConfig!;
    expect(rc.name).toBe('test-room');
    expect(rc.maxParticipants).toBe(10);
    expect(rc.agents?.map((a) => [a.agentName, a.metadata])).toEqual([
      ['agent1', 'metadata-1'],
      ['agent2', 'metadata-2'],
    ]);
    expect((rc.egress as { room?: { roomName?: string } }).room?.roomName).toBe('test-room');
  });

  it('uses a 6 h default TTL and nbf = now (whole seconds)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_900);
    const claims = claimsOf(await new AccessToken(API_KEY, SECRET, { identity: 'me' }).toJwt());
    expect(claims.nbf).toBe(1_700_000_000);
    expect(claims.exp).toBe(1_700_000_000 + 6 * 3600);
  });

  it('reproduces the SDK fixed-clock vector (claims and signature input)', async () => {
    const v = vectors.jsSdkFixedClockToken;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(v.nbf * 1000);
    const at = new AccessToken(v.apiKey, v.apiSecret, { identity: v.identity, name: v.name, ttl: '10m' });
    at.addGrant(v.video);
    const ours = claimsOf(await at.toJwt());
    expect(ours).toEqual(claimsOf(v.token));
    expect(await new TokenVerifier(v.apiKey, v.apiSecret).verify(v.token, Number.MAX_SAFE_INTEGER)).toEqual(ours);
  });
});

describe('AccessToken: keys and environment', () => {
  it('falls back to LIVEKIT_API_KEY / LIVEKIT_API_SECRET', async () => {
    vi.stubEnv('LIVEKIT_API_KEY', 'env-key');
    vi.stubEnv('LIVEKIT_API_SECRET', 'env-secret');
    const token = await new AccessToken().toJwt();
    expect(claimsOf(token).iss).toBe('env-key');
    await expect(new TokenVerifier('env-key', 'env-secret').verify(token)).resolves.toMatchObject({ iss: 'env-key' });
  });

  it('uses the environment for an empty argument too, as the SDK does', () => {
    vi.stubEnv('LIVEKIT_API_SECRET', 'env-secret');
    expect(() => new AccessToken('key', '')).not.toThrow();
  });

  it('names both variables when neither arguments nor variables are set', () => {
    vi.stubEnv('LIVEKIT_API_KEY', undefined);
    vi.stubEnv('LIVEKIT_API_SECRET', undefined);
    let error: unknown;
    try {
      new AccessToken();
    } catch (e) {
      error = e;
    }
    expect(isLiveKitTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toMatch(/LIVEKIT_API_KEY/);
    expect((error as Error).message).toMatch(/LIVEKIT_API_SECRET/);
  });

  it('works where no process exists (edge runtimes)', () => {
    const saved = (globalThis as { process?: unknown }).process;
    // Simulate an edge runtime for the length of this call.
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    try {
      expect(() => new AccessToken()).toThrow(/LIVEKIT_API_KEY/);
      expect(new AccessToken('k', 's').ttl).toBe('6h');
    } finally {
      Object.defineProperty(globalThis, 'process', { value: saved, configurable: true, writable: true });
    }
  });

  it('keeps the secret out of JSON and enumerable properties', () => {
    const at = new AccessToken('key', 'super-secret-value', { identity: 'me' });
    expect(JSON.stringify(at)).not.toContain('super-secret-value');
    expect(Object.values(at)).not.toContain('super-secret-value');
  });
});

describe('AccessToken: better than the SDK on purpose', () => {
  it('toJwt() can be called twice with canPublishSources set (the SDK throws)', async () => {
    const make = (Class: typeof AccessToken) => {
      const at = new Class(API_KEY, SECRET, { identity: 'me' });
      at.addGrant({ roomJoin: true, room: 'r', canPublishSources: [TrackSource.CAMERA] });
      return at;
    };
    const theirs = make(sdk.AccessToken as unknown as typeof AccessToken);
    await theirs.toJwt();
    await expect(theirs.toJwt()).rejects.toThrow(); // the SDK's known defect

    // The clock stands still, so that both calls fall in the same second (nbf is whole seconds).
    vi.useFakeTimers({ toFake: ['Date'] });
    const ours = make(AccessToken);
    const first = claimsOf(await ours.toJwt());
    const second = claimsOf(await ours.toJwt());
    expect(second).toEqual(first);
    expect(second.video?.canPublishSources).toEqual(['camera']);
  });

  it('accepts source names as well as numbers', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({ roomJoin: true, room: 'r', canPublishSources: ['microphone', TrackSource.SCREEN_SHARE] });
    expect(claimsOf(await at.toJwt()).video?.canPublishSources).toEqual(['microphone', 'screen_share']);
  });

  it.each([[0], [5], [1.5], ['webcam']])('rejects the track source %s with ERR_INVALID_OPTIONS', async (source) => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({ roomJoin: true, room: 'r', canPublishSources: [source as number] });
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringMatching(/canPublishSources/) });
  });

  it('never mutates its arguments (deep-frozen inputs work and stay equal)', async () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const grant = deepFreeze({ roomJoin: true, room: 'r', canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] });
    const options = deepFreeze({ identity: 'me', attributes: { a: 'b' }, ttl: 60 });
    const config = deepFreeze({ name: 'r', agents: [{ agentName: 'x' }] });
    const snapshot = JSON.stringify([grant, options, config]);

    const at = new AccessToken(API_KEY, SECRET, options);
    at.addGrant(grant);
    at.roomConfig = config;
    await at.toJwt();
    await at.toJwt();
    expect(JSON.stringify([grant, options, config])).toBe(snapshot);
    expect(grant.canPublishSources).toEqual([1, 2]);
  });

  it('adds the agent claim with addAgentGrant (missing from the SDK)', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.addAgentGrant({ admin: true });
    at.addAgentGrant({ simulationAdmin: true });
    expect(claimsOf(await at.toJwt()).agent).toEqual({ admin: true, simulationAdmin: true });
  });

  it('adds the inference grant', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.addInferenceGrant({ perform: true });
    expect(claimsOf(await at.toJwt()).inference).toEqual({ perform: true });
  });

  it('treats a number assigned to ttl as seconds (the SDK would take it as an absolute exp)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.ttl = 3600;
    expect(claimsOf(await at.toJwt()).exp).toBe(1_700_000_000 + 3600);
  });

  it.each([['-1h'], ['1h ago'], ['0s'], ['0.2s'], ['1 fortnight'], [-5]])('rejects the ttl %s with ERR_TTL_INVALID', async (ttl) => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me', ttl });
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
  });

  it('reads TTL strings with the SDK’s grammar only, not the core’s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const lifetime = async (ttl: string) => {
      const claims = claimsOf(await new AccessToken(API_KEY, SECRET, { identity: 'me', ttl }).toJwt());
      return claims.exp! - claims.nbf!;
    };
    expect(await lifetime('2 Hours from now')).toBe(7200);
    expect(await lifetime('1.5 yrs')).toBe(47_336_400);
    // Forms only the core's parseTtl knows.
    for (const ttl of ['PT1H30M', '3600', '2 fortnights']) {
      await expect(new AccessToken(API_KEY, SECRET, { identity: 'me', ttl }).toJwt()).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
    }
  });

  it('a refused TTL string is answered with examples of the SDK’s grammar, each of which it accepts', async () => {
    const refusal = await new AccessToken(API_KEY, SECRET, { identity: 'me', ttl: '1h30m' }).toJwt().catch((e: Error) => e);
    expect(refusal).toMatchObject({ code: 'ERR_TTL_INVALID' });
    const examples = [...(refusal as Error).message.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    // The core's own examples ('1h30m', 'PT1H30M') would be refused here: they must not be offered.
    expect(examples).not.toContain('1h30m');
    expect(examples.length).toBeGreaterThan(0);
    for (const ttl of examples) await expect(new AccessToken(API_KEY, SECRET, { identity: 'me', ttl }).toJwt()).resolves.toBeTypeOf('string');
  });

  it('validates grants: unknown fields and kinds are rejected, naming the field', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({ roomJoin: true, roomName: 'oops' } as never);
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringMatching(/roomName/) });
    const kind = new AccessToken(API_KEY, SECRET);
    kind.kind = 'robot';
    await expect(kind.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringMatching(/kind/) });
  });

  it('rejects roomJoin without a room (the server would refuse the token)', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({ roomJoin: true });
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringMatching(/room/) });
  });

  it('leaves out a grant that was added empty', async () => {
    const at = new AccessToken(API_KEY, SECRET, { identity: 'me' });
    at.addGrant({});
    expect('video' in claimsOf(await at.toJwt())).toBe(false);
  });
});

describe('TokenVerifier', () => {
  const key = { apiKey: API_KEY, apiSecret: SECRET };

  it('decodes what AccessToken encoded (sha256, kind, grants, attributes)', async () => {
    const at = new AccessToken(API_KEY, SECRET);
    at.sha256 = 'abcdefg';
    at.kind = 'agent';
    at.addGrant({ roomCreate: true });
    at.attributes = { foo: 'bar', live: 'kit' };
    const claims = await new TokenVerifier(API_KEY, SECRET).verify(await at.toJwt());
    expect(claims.sha256).toBe('abcdefg');
    expect(claims.kind).toBe('agent');
    expect(claims.video?.roomCreate).toBe(true);
    expect(claims.attributes).toEqual({ foo: 'bar', live: 'kit' });
  });

  it('rejects a token without exp', async () => {
    const token = await new jose.SignJWT({ video: { roomCreate: true } })
      .setProtectedHeader({ alg: 'HS256' }).setIssuer(API_KEY).setSubject('me').setNotBefore(new Date()).sign(secretBytes);
    await expect(new TokenVerifier(API_KEY, SECRET).verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
  });

  it('pins HS256: an HS512 token with the right secret is rejected (jose, under the SDK, accepts it)', async () => {
    const token = await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setIssuer(API_KEY)
      .setNotBefore(new Date()).setExpirationTime('1h').sign(secretBytes);
    await expect(new sdk.TokenVerifier(API_KEY, SECRET).verify(token)).resolves.toBeTruthy();
    await expect(new TokenVerifier(API_KEY, SECRET).verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_ALGORITHM' });
  });

  it('rejects a wrong secret, another issuer and a malformed token with codes', async () => {
    const token = await createToken(key, { identity: 'me' });
    await expect(new TokenVerifier(API_KEY, 'wrong').verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
    await expect(new TokenVerifier('other-key', SECRET).verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_UNKNOWN_KEY' });
    await expect(new TokenVerifier(API_KEY, SECRET).verify('not.a.jwt')).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
  });

  it('applies the 10 s default clock tolerance, and a wider one when asked', async () => {
    const now = 1_700_000_000;
    const token = await createToken(key, { ttl: 60, now: now * 1000 });
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = new TokenVerifier(API_KEY, SECRET);
    vi.setSystemTime((now + 60 + 9) * 1000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ exp: now + 60 });
    vi.setSystemTime((now + 60 + 11) * 1000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    await expect(verifier.verify(token, 60)).resolves.toBeTruthy();
    await expect(verifier.verify(token, '1m')).resolves.toBeTruthy();
    await expect(verifier.verify(token, 0)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    // A tolerance outside the SDK's span grammar is a caller error, not an expired token.
    await expect(verifier.verify(token, 'PT1M')).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    vi.setSystemTime((now - 30) * 1000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_YET_VALID' });
  });

  it('verifies the published protocol vector at its own time, and reports it expired now', async () => {
    const v = vectors.protocolVerifierToken;
    const verifier = new TokenVerifier(v.apiKey, v.apiSecret);
    await expect(verifier.verify(v.token)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_608_927_000_000);
    await expect(verifier.verify(v.token)).resolves.toMatchObject({ sub: v.apiKey, room_join: true });
    await expect(new TokenVerifier(v.apiKey, 'wrong').verify(v.token)).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
  });
});

describe('WebhookReceiver', () => {
  const w = vectors.webhook;
  const receiver = new WebhookReceiver(w.apiKey, w.apiSecret);
  const webhookToken = () => {
    const at = new AccessToken(w.apiKey, w.apiSecret);
    at.sha256 = w.sha256;
    return at.toJwt();
  };

  it('receives and decodes the webhook vector', async () => {
    const event = await receiver.receive(w.body, await webhookToken());
    expect(event.event).toBe(w.event);
    expect(event.room?.name).toBe(w.roomName);
  });

  it('accepts the header with a Bearer prefix and the body as bytes', async () => {
    const event = await receiver.receive(new TextEncoder().encode(w.body), `Bearer ${await webhookToken()}`);
    expect(event.room?.sid).toBe('RM_TkVjUvAqgzKz');
  });

  // As livekit-server-sdk reads a body (WebhookEvent.fromJson with ignoreUnknownFields): fields
  // the protocol does not define are dropped, at every level, and absent ones hold zero values.
  it('drops unknown fields, as the SDK does', async () => {
    const body = JSON.stringify({ event: 'room_started', room: { sid: 'RM_x', name: 'r', future: 1 }, extra: 'extra' });
    const event = await receiver.receive(body, undefined, true);
    expect(event.room?.name).toBe('r');
    expect(event.room?.numParticipants).toBe(0);
    expect('extra' in event).toBe(false);
    expect(event.room && 'future' in event.room).toBe(false);
  });

  it('rejects a missing header, a changed body and a token without sha256 with ERR_WEBHOOK_BODY', async () => {
    await expect(receiver.receive(w.body)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY', message: expect.stringMatching(/authorization/i) });
    await expect(receiver.receive(w.body, '')).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
    await expect(receiver.receive(w.body + ' ', await webhookToken())).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
    const noHash = await new AccessToken(w.apiKey, w.apiSecret).toJwt();
    await expect(receiver.receive(w.body, noHash)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
  });

  it("reports the token's own failure codes", async () => {
    await expect(new WebhookReceiver(w.apiKey, 'wrong').receive(w.body, await webhookToken())).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
    const expired = await createToken({ apiKey: w.apiKey, apiSecret: w.apiSecret }, { sha256: w.sha256, ttl: 60, now: Date.now() - 3_600_000 });
    await expect(receiver.receive(w.body, expired)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    await expect(receiver.receive(w.body, expired, false, '2h')).resolves.toMatchObject({ event: w.event });
  });

  it('skips the checks with skipAuth, but still rejects a body that is not a JSON object', async () => {
    await expect(receiver.receive(w.body, undefined, true)).resolves.toMatchObject({ event: w.event });
    await expect(receiver.receive('not json', undefined, true)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
    await expect(receiver.receive('[1]', undefined, true)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
  });

  it('matches the hash over the raw bytes: the vector body hashes to the vector sha256', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(w.body)));
    expect(btoa(String.fromCharCode(...digest))).toBe(w.sha256);
  });
});
