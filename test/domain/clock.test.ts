// `now`, everywhere: a Date, epoch ms, or a clock object whose `now` is epoch ms or a function
// returning them; anything outside the range of a Date is ERR_INVALID_OPTIONS.
import { describe, expect, it } from 'vitest';
import {
  createToken, createTokenSync, decodeToken, expiresIn, isExpired, isLiveKitTokenError, refreshToken, tokenStatus,
  verifyToken, verifyTokenSync, type Clock,
} from '../../src/index.js';
import { expiredToken, fixedClock, forgeToken, inspectToken } from '../../src/testing/index.js';

const key = { apiKey: 'devkey', apiSecret: 'secret' };
const T0 = 1_700_000_000;
const MS = T0 * 1000;

// Every accepted form of the same instant.
const forms: [string, Clock][] = [
  ['epoch ms', MS],
  ['Date', new Date(MS)],
  ['fixedClock as it is', fixedClock(MS)],
  ['clock object with a number', { now: MS }],
  ['clock object with a function', { now: () => MS }],
  ['a function', () => MS],
  ['a clock whose now() reads its own state', { at: MS, now(this: { at: number }) { return this.at; } } as Clock],
];

function code(f: () => unknown): string {
  try { f(); } catch (e) { return isLiveKitTokenError(e) ? e.code : `not a LiveKitTokenError: ${String(e)}`; }
  return 'returned';
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return isLiveKitTokenError(e) ? e.code : `not a LiveKitTokenError: ${String(e)}`; }
  return 'resolved';
}

describe('now accepts a Date, epoch ms and clock objects everywhere', () => {
  it.each(forms)('%s', async (_, now) => {
    const token = await createToken(key, { identity: 'alice', ttl: 600, now });
    expect(decodeToken(token).claims).toMatchObject({ nbf: T0, exp: T0 + 600 });
    expect(createTokenSync(key, { identity: 'alice', ttl: 600, now })).toBe(token);
    expect((await verifyToken(token, key, { now })).sub).toBe('alice');
    expect(verifyTokenSync(token, key, { now }).sub).toBe('alice');
    const claims = decodeToken(token).claims;
    expect(isExpired(claims, { now })).toBe(false);
    expect(expiresIn(claims, { now })).toBe(600);
    expect(tokenStatus(claims, { now }).state).toBe('valid');
    expect(decodeToken(await refreshToken(token, key, { now })).claims).toMatchObject({ nbf: T0, exp: T0 + 600 });
    expect(decodeToken(await forgeToken({ now })).claims).toMatchObject({ nbf: T0 });
    expect(inspectToken(token, { now }).status.state).toBe('valid');
    expect(decodeToken(await expiredToken({ now, ago: 60 })).claims['exp']).toBe(T0 - 60);
    expect(fixedClock(now).now).toBe(MS);
  });

  it('spreading a fixed clock into the options keeps working', async () => {
    const clock = fixedClock(MS);
    const token = await createToken(key, { ...clock, identity: 'alice', ttl: 600 });
    expect(decodeToken(token).claims['nbf']).toBe(T0);
    await expect(verifyToken(token, key, clock.plus('9m'))).resolves.toMatchObject({ sub: 'alice' });
    await expect(verifyToken(token, key, { ...clock.plus('11m') })).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
  });

  it('a function clock is read on every call (time moves)', async () => {
    let ms = MS;
    const clock = { now: () => ms };
    const token = await createToken(key, { identity: 'alice', ttl: 60, now: clock });
    ms += 30_000;
    expect(verifyTokenSync(token, key, { now: clock }).sub).toBe('alice');
    ms += 60_000;
    expect(code(() => verifyTokenSync(token, key, { now: clock }))).toBe('ERR_TOKEN_EXPIRED');
  });

  it('the edges of a Date are accepted where the operation makes sense', () => {
    expect(isExpired({ exp: T0 }, { now: 8.64e15 })).toBe(true);
    expect(isExpired({ exp: T0 }, { now: new Date(-8.64e15) })).toBe(false);
  });
});

// Outside the range of a Date (|ms| > 8.64e15, NaN, ±Infinity), or not a time at all.
const bad: [string, unknown][] = [
  ['beyond the largest Date', 8.64e15 + 1],
  ['before the smallest Date', -8.64e15 - 1],
  ['1e300', 1e300],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['an invalid Date', new Date(NaN)],
  ['a string', '2025-01-01'],
  ['null', null],
  ['a BigInt', 10n],
  ['a clock whose now is out of range', { now: 1e300 }],
  ['a clock whose now is a Date', { now: new Date(MS) }],
  ['a clock whose now() returns NaN', { now: () => NaN }],
  ['a clock whose now() returns a string', { now: () => '1700000000000' }],
  ['a clock whose now() throws', { now: () => { throw new Error('broken clock'); } }],
  ['a clock whose now getter throws', { get now() { throw new RangeError('boom'); } }],
  ['an object without now', {}],
];

describe('a now that is not a time a Date can hold is ERR_INVALID_OPTIONS', () => {
  it.each(bad)('%s', async (_, value) => {
    const now = value as Clock;
    const token = await createToken(key, { identity: 'alice', ttl: 600, now: MS });
    const claims = decodeToken(token).claims;
    expect(await codeOf(createToken(key, { identity: 'alice', now }))).toBe('ERR_INVALID_OPTIONS');
    expect(code(() => createTokenSync(key, { identity: 'alice', now }))).toBe('ERR_INVALID_OPTIONS');
    expect(await codeOf(verifyToken(token, key, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(code(() => verifyTokenSync(token, key, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(code(() => isExpired(claims, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(code(() => expiresIn(claims, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(code(() => tokenStatus(claims, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(await codeOf(refreshToken(token, key, { now }))).toBe('ERR_INVALID_OPTIONS');
    expect(await codeOf(forgeToken({ now }))).toBe('ERR_INVALID_OPTIONS');
  });

  it('the message names the option and does not echo the value', async () => {
    const err = await createToken(key, { identity: 'alice', now: { now: () => { throw new Error('secret-ish detail'); } } }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/now/);
    expect(String((err as Error).message)).not.toContain('secret-ish');
  });
});
