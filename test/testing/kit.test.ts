import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, verifyToken, type LiveKitTokenErrorCode } from '../../src/index.js';
import {
  algNoneToken,
  devKey,
  expiredToken,
  fixedClock,
  forgeToken,
  inspectToken,
  notYetValidToken,
  tamperedToken,
  wrongKeyToken,
} from '../../src/testing/index.js';

const clock = fixedClock('2025-03-01T10:00:00Z');
const KEY = { apiKey: 'APIkit', apiSecret: 'kit-secret-0123456789abcdef0123456789' };

async function codeOf(token: Promise<string> | string, keys: Parameters<typeof verifyToken>[1] = devKey, now = clock): Promise<LiveKitTokenErrorCode | 'ok'> {
  try {
    await verifyToken(await token, keys, now);
    return 'ok';
  } catch (e) {
    return (e as { code: LiveKitTokenErrorCode }).code;
  }
}

describe('forgeToken', () => {
  it('by default forges a valid devKey token for alice in room demo, lasting 10 minutes', async () => {
    const token = await forgeToken(clock);
    const claims = await verifyToken(token, devKey, clock);
    expect(claims).toEqual({ iss: 'devkey', sub: 'alice', nbf: clock.toSeconds(), exp: clock.toSeconds() + 600, video: { roomJoin: true, room: 'demo' } });
  });

  it('signs exactly like HMAC-SHA256 of node:crypto and keeps the header key order', async () => {
    const token = await forgeToken({ ...clock, key: KEY, claims: { name: 'Ünïcode ✓' } });
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(s).toBe(createHmac('sha256', KEY.apiSecret).update(`${h}.${p}`).digest('base64url'));
    expect(Buffer.from(h, 'base64url').toString()).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(decodeToken(token).claims.name).toBe('Ünïcode ✓');
    expect(decodeToken(token).claims.iss).toBe('APIkit');
  });

  it('an undefined claim removes the default; the ttl option sets exp', async () => {
    const noExp = decodeToken(await forgeToken({ ...clock, claims: { exp: undefined, video: undefined } })).claims;
    expect(noExp).toEqual({ iss: 'devkey', sub: 'alice', nbf: clock.toSeconds() });
    const hour = decodeToken(await forgeToken({ ...clock, ttl: '1h' })).claims;
    expect(hour.exp! - hour.nbf!).toBe(3600);
  });

  it('raw header and payload text and a verbatim signature', async () => {
    const token = await forgeToken({ header: '{"alg":"HS256"', claims: 'not json', signature: 'AAAA' });
    const [h, p, s] = token.split('.');
    expect(Buffer.from(h!, 'base64url').toString()).toBe('{"alg":"HS256"');
    expect(Buffer.from(p!, 'base64url').toString()).toBe('not json');
    expect(s).toBe('AAAA');
  });

  it('rejects asynchronously, never synchronously, on a bad ttl', async () => {
    const pending = forgeToken({ ttl: 'forever' });
    await expect(pending).rejects.toMatchObject({ code: 'ERR_TTL_INVALID' });
  });
});

describe('each forged token gets the expected code from verifyToken', () => {
  const cases: [string, () => Promise<string>, LiveKitTokenErrorCode | 'ok'][] = [
    ['forgeToken()', () => forgeToken(clock), 'ok'],
    ['expiredToken()', () => expiredToken(clock), 'ERR_TOKEN_EXPIRED'],
    ['notYetValidToken()', () => notYetValidToken(clock), 'ERR_TOKEN_NOT_YET_VALID'],
    ['wrongKeyToken()', () => wrongKeyToken(clock), 'ERR_TOKEN_SIGNATURE'],
    ['tamperedToken()', () => tamperedToken(clock), 'ERR_TOKEN_SIGNATURE'],
    ['algNoneToken()', () => algNoneToken(clock), 'ERR_TOKEN_ALGORITHM'],
    ['algNoneToken({ alg: HS512 })', () => algNoneToken({ ...clock, alg: 'HS512' }), 'ERR_TOKEN_ALGORITHM'],
    ['a crit header', () => forgeToken({ ...clock, header: { crit: ['exp'] } }), 'ERR_TOKEN_ALGORITHM'],
    ['no exp', () => forgeToken({ ...clock, claims: { exp: undefined } }), 'ERR_TOKEN_CLAIMS'],
    ['exp as a string', () => forgeToken({ ...clock, claims: { exp: '2030-01-01' } }), 'ERR_TOKEN_CLAIMS'],
    ['unknown issuer', () => forgeToken({ ...clock, claims: { iss: 'APIstranger' } }), 'ERR_TOKEN_UNKNOWN_KEY'],
    ['no issuer', () => forgeToken({ ...clock, claims: { iss: undefined } }), 'ERR_TOKEN_UNKNOWN_KEY'],
    ['payload not JSON', () => forgeToken({ claims: '{' }), 'ERR_TOKEN_MALFORMED'],
    ['empty signature', () => forgeToken({ ...clock, signature: '' }), 'ERR_TOKEN_SIGNATURE'],
    ['expired and tampered: signature wins', () => tamperedToken({ ...clock.minus('1d') }), 'ERR_TOKEN_SIGNATURE'],
  ];
  it.each(cases)('%s → %s', async (_name, make, code) => {
    expect(await codeOf(make())).toBe(code);
  });

  it('the shortcuts honour a custom key: fine under that key, still broken in the intended way', async () => {
    expect(await codeOf(forgeToken({ ...clock, key: KEY }), KEY)).toBe('ok');
    expect(await codeOf(expiredToken({ ...clock, key: KEY }), KEY)).toBe('ERR_TOKEN_EXPIRED');
    expect(await codeOf(wrongKeyToken({ ...clock, key: KEY }), KEY)).toBe('ERR_TOKEN_SIGNATURE');
    expect(await codeOf(tamperedToken({ ...clock, key: KEY }), KEY)).toBe('ERR_TOKEN_SIGNATURE');
  });
});

describe('shortcut details', () => {
  it('expiredToken: exp lies `ago` before now; a wide enough tolerance accepts it', async () => {
    const token = await expiredToken({ ...clock, ago: '3m' });
    expect(decodeToken(token).claims.exp).toBe(clock.toSeconds() - 180);
    await expect(verifyToken(token, devKey, { ...clock, clockTolerance: '4m' })).resolves.toMatchObject({ sub: 'alice' });
  });

  it('notYetValidToken: nbf lies `startsIn` after now, and it verifies once that time comes', async () => {
    const token = await notYetValidToken({ ...clock, startsIn: '2m' });
    expect(decodeToken(token).claims.nbf).toBe(clock.toSeconds() + 120);
    await expect(verifyToken(token, devKey, clock.plus('2m'))).resolves.toMatchObject({ sub: 'alice' });
  });

  it('tamperedToken escalates to roomAdmin by default, or applies a custom tamper', async () => {
    expect(decodeToken(await tamperedToken(clock)).claims.video).toEqual({ roomJoin: true, room: 'demo', roomAdmin: true });
    const token = await tamperedToken({ ...clock, tamper: (c) => ({ ...c, sub: 'mallory' }) });
    expect(decodeToken(token).claims.sub).toBe('mallory');
    // The signature is the genuine one for alice: re-signing the original payload reproduces it.
    const original = await forgeToken(clock);
    expect(token.split('.')[2]).toBe(original.split('.')[2]);
  });

  it('misuse fails with a LiveKitTokenError, never a TypeError', async () => {
    // Raw payload text cannot be tampered with as an object.
    await expect(tamperedToken({ ...clock, claims: '{"sub":"a"}' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    await expect(forgeToken({ ...clock, claims: circular })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    await expect(forgeToken({ ...clock, claims: { big: 1n } as never })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
  });

  it('algNoneToken has an empty signature and alg none', async () => {
    const token = await algNoneToken(clock);
    expect(token.endsWith('.')).toBe(true);
    expect(decodeToken(token).header).toEqual({ alg: 'none', typ: 'JWT' });
  });

  it('devKey is LiveKit’s dev pair and cannot be changed', () => {
    expect(devKey).toEqual({ apiKey: 'devkey', apiSecret: 'secret' });
    expect(Object.isFrozen(devKey)).toBe(true);
  });
});

describe('fixedClock', () => {
  it('is a valid now option on its own or spread, for createToken and verifyToken', async () => {
    const token = await createToken(devKey, { ...clock, identity: 'bob', ttl: '10m' });
    expect(decodeToken(token).claims.nbf).toBe(Date.parse('2025-03-01T10:00:00Z') / 1000);
    await expect(verifyToken(token, devKey, clock.plus('10m'))).resolves.toMatchObject({ sub: 'bob' });
    await expect(verifyToken(token, devKey, { ...clock.plus('11m') })).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
  });

  it('accepts Date, epoch ms and ISO strings; plus/minus return new clocks', () => {
    const a = fixedClock(new Date('2025-03-01T10:00:00Z'));
    expect(fixedClock(a.now).now).toBe(clock.now);
    expect(a.now).toBe(clock.now);
    expect(a.plus('1h').toDate().toISOString()).toBe('2025-03-01T11:00:00.000Z');
    expect(a.minus(30).now).toBe(clock.now - 30_000);
    expect(a.now).toBe(clock.now);
    expect(Object.keys(a)).toEqual(['now']);
    expect(fixedClock().toDate().toISOString()).toBe('2025-01-01T12:00:00.000Z');
    // A LiveKitTokenError, like every failure of the library (it used to be a plain TypeError).
    expect(() => fixedClock('yesterday')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    expect(() => fixedClock(9e15)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
  });
});

describe('inspectToken', () => {
  it('explains a valid token: ISO times, status, lifetime and summary', async () => {
    const token = await createToken(devKey, { ...clock, identity: 'alice', ttl: '6h', video: { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] } });
    const info = inspectToken(token, clock.plus(30));
    expect(info.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(info.claims.sub).toBe('alice');
    expect(info.times).toEqual({ nbf: '2025-03-01T10:00:00Z', exp: '2025-03-01T16:00:00Z' });
    expect(info.lifetime).toBe(21600);
    expect(info.status).toEqual({ state: 'valid', seconds: 21570, text: 'valid for 5 h 59 min' });
    expect(info.summary).toBe('alice may join room demo, publish camera+microphone, subscribe, expires in 5 h 59 min');
  });

  it('explains an expired and a not-yet-valid token', async () => {
    expect(inspectToken(await expiredToken({ ...clock, ago: '3m' }), clock).status.text).toBe('EXPIRED 3 min ago');
    expect(inspectToken(await notYetValidToken({ ...clock, startsIn: '2m' }), clock).status.text).toBe('not valid for another 2 min');
  });

  it('does not check the signature, but rejects what is not a JWT', async () => {
    expect(inspectToken(await wrongKeyToken(clock), clock).status.state).toBe('valid');
    expect(() => inspectToken('nope')).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_MALFORMED' }));
  });

  it('leaves out times that are not numbers', async () => {
    const info = inspectToken(await forgeToken({ ...clock, claims: { exp: 'soon', iat: clock.toSeconds() } }), clock);
    expect(info.times).toEqual({ nbf: '2025-03-01T10:00:00Z', iat: '2025-03-01T10:00:00Z' });
    expect(info.lifetime).toBeUndefined();
    expect(info.status.state).toBe('no-expiry');
  });
});
