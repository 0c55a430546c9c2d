import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, isLiveKitTokenError, refreshToken, verifyToken, type TokenOptions } from '../../src/index.js';
import { fixedClock, forgeToken } from '../../src/testing/index.js';

const key = { apiKey: 'devkey', apiSecret: 'secret' };
const newKey = { apiKey: 'APInew', apiSecret: 'new-secret' };
const T0 = 1_700_000_000;
const at = (s: number) => (T0 + s) * 1000;

const everything: TokenOptions = {
  identity: 'alice', name: 'Alice', kind: 'agent', metadata: { team: 'a' }, attributes: { role: 'host' },
  video: { roomJoin: true, room: 'demo', canPublishSources: ['microphone'], roomAdmin: true },
  roomConfig: { agents: [{ agentName: 'bot' }], emptyTimeout: 60 }, roomPreset: 'small',
  sip: { admin: true, call: true }, agent: { admin: true }, inference: { perform: true }, observability: { write: true },
  sha256: 'abc=', ttl: '10m', now: at(0),
};

async function errorCode(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return isLiveKitTokenError(e) ? e.code : String(e); }
  return 'resolved';
}

describe('refreshToken', () => {
  // livekit/livekit pkg/service/roommanager.go, RoomManager.refreshToken: name, identity, kind,
  // metadata, attributes, video, roomConfig and roomPreset are copied; API grants and sha256 are not.
  it('keeps exactly what LiveKit keeps on refresh and drops the rest, with new times', async () => {
    const old = await createToken(key, everything);
    const fresh = await refreshToken(old, key, { ttl: '1h', now: at(300) });
    const claims = await verifyToken(fresh, key, { now: at(300) });
    expect(claims).toEqual({
      iss: 'devkey', sub: 'alice', nbf: T0 + 300, exp: T0 + 300 + 3600,
      name: 'Alice', kind: 'agent', metadata: '{"team":"a"}', attributes: { role: 'host' },
      video: { roomJoin: true, room: 'demo', canPublishSources: ['microphone'], roomAdmin: true },
      roomConfig: { agents: [{ agentName: 'bot' }], emptyTimeout: 60 }, roomPreset: 'small',
    });
  });

  it('verifies a token string first: expired, wrong key and tampered tokens are refused', async () => {
    const old = await createToken(key, everything);
    expect(await errorCode(refreshToken(old, key, { ttl: '1h', now: at(3600) }))).toBe('ERR_TOKEN_EXPIRED');
    expect(await errorCode(refreshToken(old, key, { ttl: '1h', now: at(605), clockTolerance: 10 }))).toBe('resolved');
    expect(await errorCode(refreshToken(old, newKey, { ttl: '1h', now: at(1) }))).toBe('ERR_TOKEN_UNKNOWN_KEY');
    const forged = await createToken({ apiKey: 'devkey', apiSecret: 'guess' }, everything);
    expect(await errorCode(refreshToken(forged, key, { ttl: '1h', now: at(1) }))).toBe('ERR_TOKEN_SIGNATURE');
  });

  it('key rotation: verify with `keys`, sign with the new key', async () => {
    const old = await createToken(key, { identity: 'bob', video: { roomJoin: true, room: 'r' }, now: at(0) });
    const fresh = await refreshToken(old, newKey, { ttl: 600, now: at(10), keys: [key, newKey] });
    expect(decodeToken(fresh).claims.iss).toBe('APInew');
    expect((await verifyToken(fresh, newKey, { now: at(10) })).sub).toBe('bob');
  });

  it('takes already-verified claims as they are (no signature or time check) and does not mutate them', async () => {
    const claims = { iss: 'whoever', sub: 'carol', nbf: 1, exp: 2, jti: 'x', video: { roomJoin: true, room: 'r' } };
    const copy = structuredClone(claims);
    const fresh = await refreshToken(claims, key, { ttl: '5m', now: at(0) });
    expect(claims).toEqual(copy);
    expect(await verifyToken(fresh, key, { now: at(0) })).toEqual({ iss: 'devkey', sub: 'carol', nbf: T0, exp: T0 + 300, video: { roomJoin: true, room: 'r' } });
  });

  it('rejects (never throws synchronously) on bad input', async () => {
    const p = refreshToken('not a token', key, { ttl: '1h' });
    expect(await errorCode(p)).toBe('ERR_TOKEN_MALFORMED');
    expect(await errorCode(refreshToken({ sub: 'x' }, key, { ttl: 'forever' }))).toBe('ERR_TTL_INVALID');
  });

  // livekit/livekit pkg/service/roommanager.go, RoomManager.refreshToken: validFor is
  // tokenDefaultTTL (10 minutes) unless more than that is left on the old token's expiry.
  // (Before, `ttl` was required and the caller's value was the only rule.)
  describe('lifetime: the server rule by default, an explicit ttl wins', () => {
    it('a token with more than 10 minutes left keeps its expiry', async () => {
      const old = await createToken(key, { identity: 'alice', ttl: '6h', now: at(0) });
      const fresh = await refreshToken(old, key, { now: at(3600) });
      expect(decodeToken(fresh).claims).toMatchObject({ nbf: T0 + 3600, exp: T0 + 6 * 3600 });
    });

    it('a token with less than 10 minutes left gets 10 minutes from now', async () => {
      const old = await createToken(key, { identity: 'alice', ttl: '10m', now: at(0) });
      const fresh = await refreshToken(old, key, { now: at(420) });
      expect(decodeToken(fresh).claims).toMatchObject({ nbf: T0 + 420, exp: T0 + 420 + 600 });
    });

    it('an expired token inside the clock tolerance gets 10 minutes; past it, it is refused', async () => {
      const old = await createToken(key, { identity: 'alice', ttl: 60, now: at(0) });
      expect(decodeToken(await refreshToken(old, key, { now: at(65) })).claims['exp']).toBe(T0 + 65 + 600);
      expect(await errorCode(refreshToken(old, key, { now: at(71) }))).toBe('ERR_TOKEN_EXPIRED');
    });

    it('an explicit ttl wins, shorter or longer than the rule', async () => {
      const old = await createToken(key, { identity: 'alice', ttl: '6h', now: at(0) });
      expect(decodeToken(await refreshToken(old, key, { ttl: '5m', now: at(60) })).claims['exp']).toBe(T0 + 60 + 300);
      expect(decodeToken(await refreshToken(old, key, { ttl: '90m', now: at(60) })).claims['exp']).toBe(T0 + 60 + 5400);
    });

    it('claims without exp get 10 minutes; a fractional exp is cut to whole seconds', async () => {
      const none = await refreshToken({ sub: 'x' }, key, { now: at(0) });
      expect(decodeToken(none).claims).toMatchObject({ nbf: T0, exp: T0 + 600 });
      const frac = await refreshToken({ sub: 'x', exp: T0 + 7200.75 }, key, { now: at(0) });
      expect(decodeToken(frac).claims['exp']).toBe(T0 + 7200);
    });
  });

  // Tokens from newer servers carry fields this version does not know; the refresh keeps them
  // (before, the re-mint went through createToken's strict checks and refused such tokens).
  it('keeps claims and nested fields it does not know, and kindDetails', async () => {
    const claims = {
      iss: 'devkey', sub: 'agent-1', nbf: T0, exp: T0 + 3600, kind: 'agent', kindDetails: ['cloud_agent', 'some_future_detail'],
      video: { roomJoin: true, room: 'demo', canTeleport: true },
      roomConfig: { agents: [{ agentName: '', futureKnob: 3 }], futureConfig: { a: [1, 2] } },
      futureClaim: { nested: { deep: 'yes' } }, sip: { admin: true }, aud: 'x', iat: T0, jti: 'j',
    };
    const old = await forgeToken({ key, claims });
    const fresh = await refreshToken(old, newKey, { keys: [key, newKey], now: at(10) });
    expect(await verifyToken(fresh, newKey, { now: at(10) })).toEqual({
      iss: 'APInew', sub: 'agent-1', nbf: T0 + 10, exp: T0 + 3600, kind: 'agent', kindDetails: ['cloud_agent', 'some_future_detail'],
      video: { roomJoin: true, room: 'demo', canTeleport: true },
      roomConfig: { agents: [{ agentName: '', futureKnob: 3 }], futureConfig: { a: [1, 2] } },
      futureClaim: { nested: { deep: 'yes' } },
    });
  });

  // livekit/protocol auth/verifier.go, ParseAPIToken: the participant identity is `sub`, or
  // `jti` when `sub` is empty; the refreshed token carries it as `sub` (SetIdentity). The Go
  // SDK's ClaimGrants (auth/grants.go) also writes it as an `identity` claim.
  it('names the participant as the server does: sub, else jti; an identity claim follows sub', async () => {
    const byJti = await refreshToken(await forgeToken({ key, claims: { sub: undefined, jti: 'legacy-id' }, now: at(0) }), key, { now: at(1) });
    expect(decodeToken(byJti).claims).toMatchObject({ sub: 'legacy-id' });
    expect(decodeToken(byJti).claims).not.toHaveProperty('jti');
    const goMinted = await refreshToken(await forgeToken({ key, claims: { sub: 'bob', identity: 'bob' }, now: at(0) }), key, { now: at(1) });
    expect(decodeToken(goMinted).claims).toMatchObject({ sub: 'bob', identity: 'bob' });
  });

  it('reads null claims as absent and leaves them out', async () => {
    const fresh = await refreshToken({ sub: 'x', name: null, metadata: null, exp: T0 + 60 } as never, key, { now: at(0) });
    expect(decodeToken(fresh).claims).toEqual({ iss: 'devkey', sub: 'x', nbf: T0, exp: T0 + 600 });
  });

  it('takes a fixed clock as `now`, as every now option does', async () => {
    const clock = fixedClock(at(0));
    const old = await createToken(key, { identity: 'alice', ttl: '1h', now: clock });
    const fresh = await refreshToken(old, key, { now: clock.plus('5m') });
    expect(decodeToken(fresh).claims).toMatchObject({ nbf: T0 + 300, exp: T0 + 3600 });
  });

  it('refuses unknown options, unserializable claims, claims of the wrong type and a bad key', async () => {
    expect(await errorCode(refreshToken({ sub: 'x' }, key, { tll: '1h' } as never))).toBe('ERR_INVALID_OPTIONS');
    expect(await errorCode(refreshToken({ sub: 'x', big: 1n }, key))).toBe('ERR_INVALID_OPTIONS');
    expect(await errorCode(refreshToken({ sub: 'x', video: 'all' } as never, key))).toBe('ERR_TOKEN_CLAIMS');
    expect(await errorCode(refreshToken({ sub: 'x' }, { apiKey: '', apiSecret: 's' }))).toBe('ERR_INVALID_OPTIONS');
    expect(await errorCode(refreshToken(42 as never, key))).toBe('ERR_INVALID_OPTIONS');
    expect(await errorCode(refreshToken({ sub: 'x' }, key, { now: 1e300 }))).toBe('ERR_INVALID_OPTIONS');
  });

  it('refuses to mint a token verification would refuse for its size; maxTokenBytes widens both sides', async () => {
    expect(await errorCode(refreshToken({ sub: 'x', futureBlob: 'z'.repeat(9000) }, key))).toBe('ERR_TOKEN_CLAIMS');
    const big = await refreshToken({ sub: 'x', futureBlob: 'z'.repeat(9000) }, key, { maxTokenBytes: 16384, now: at(0) });
    expect(await errorCode(refreshToken(big, key, { now: at(1) }))).toBe('ERR_TOKEN_MALFORMED');
    const again = await refreshToken(big, key, { now: at(1), maxTokenBytes: 16384 });
    expect(decodeToken(again, { maxTokenBytes: 16384 }).claims['futureBlob']).toHaveLength(9000);
    expect(await errorCode(refreshToken({ sub: 'x' }, key, { maxTokenBytes: 0 }))).toBe('ERR_INVALID_OPTIONS');
  });

  // livekit/livekit pkg/service/roommanager.go, refreshToken, mints with ToJWT, which refuses
  // egress credentials unless SetAllowSensitiveCredentials (livekit/protocol auth/accesstoken.go,
  // auth/grants.go RoomConfiguration.CheckCredentials): the server does not refresh such tokens.
  it('refuses egress credentials unless allowSensitiveCredentials, like createToken and the server', async () => {
    const egress = { room: { roomName: 'demo', fileOutputs: [{ filepath: 'x.mp4', s3: { bucket: 'b', secret: 'shh' } }] } };
    const old = await createToken(key, { identity: 'rec', now: at(0), ttl: '1h', roomConfig: { egress }, allowSensitiveCredentials: true });
    const refused = await refreshToken(old, key, { now: at(1) }).catch((e: unknown) => e);
    expect(isLiveKitTokenError(refused) && refused.code).toBe('ERR_TOKEN_CLAIMS');
    expect(String((refused as Error).message)).toContain('roomConfig.egress.room.fileOutputs[0].s3.secret');
    expect(String((refused as Error).message)).not.toContain('shh');
    const fresh = await refreshToken(old, key, { now: at(1), allowSensitiveCredentials: true });
    expect(decodeToken(fresh).claims['roomConfig']).toEqual({ egress });
    expect(await errorCode(refreshToken(old, key, { now: at(1), allowSensitiveCredentials: 'yes' } as never))).toBe('ERR_INVALID_OPTIONS');
  });

  // A verified token can hold names createToken refuses (another minter, or a server with
  // other limits); refreshing must not mint them again under a fresh expiry.
  it.each([
    ['a bidi override in sub', { sub: 'admin\u202egnp.exe' }, 'sub'],
    ['NUL in name', { name: 'Al\u0000ice' }, 'name'],
    ['a 5000-character sub', { sub: 'a'.repeat(5000) }, 'sub must be at most 256 UTF-8 bytes'],
    ['a lone surrogate in sub', { sub: 'alice\ud800' }, 'sub'],
    ['a lone surrogate in the room', { video: { roomJoin: true, room: '\udc00demo' } }, 'video.room'],
    ['a room over 256 bytes', { video: { roomJoin: true, room: 'é'.repeat(129) } }, 'video.room must be at most 256'],
    ['a control character in destinationRoom', { video: { destinationRoom: 'b\u0007' } }, 'video.destinationRoom'],
    ['a jti identity with a line separator', { sub: undefined, jti: 'bob\u2028' }, 'sub'],
  ])('refuses a verified token whose claims break createToken\'s rules: %s', async (_name, claims, field) => {
    const token = await forgeToken({ key, claims: { iss: key.apiKey, sub: 'alice', nbf: T0, exp: T0 + 600, ...claims } });
    const refused = await refreshToken(token, key, { now: at(1) }).catch((e: unknown) => e);
    expect(isLiveKitTokenError(refused) && refused.code).toBe('ERR_TOKEN_CLAIMS');
    expect((refused as Error).message).toContain(field);
  });

  it('keeps kindDetails minted by createToken', async () => {
    const old = await createToken(key, { identity: 'a', kind: 'agent', kindDetails: ['cloud_agent'], now: at(0), ttl: '1h' });
    expect(decodeToken(await refreshToken(old, key, { now: at(5) })).claims).toMatchObject({ kind: 'agent', kindDetails: ['cloud_agent'] });
  });
});
