import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, isLiveKitTokenError, refreshToken, verifyToken, type TokenOptions } from '../../src/index.js';

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
});
