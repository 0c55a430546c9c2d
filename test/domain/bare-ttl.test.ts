// "The token expired right away" is the most common LiveKit token complaint: a lifetime in
// seconds where hours or minutes were meant. A bare number (or string of digits) from 1 to 59
// given to createToken, createTokenSync or refreshToken is refused with a hint; the same
// lifetime with its unit ('24s') is taken, and parseTtl itself is unchanged.
import { describe, expect, it } from 'vitest';
import { AccessToken } from '../../src/compat/index.js';
import { createToken, createTokenSync, decodeToken, parseTtl, refreshToken, type LiveKitTokenError } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

const KEY = { apiKey: 'APIbare', apiSecret: 'bare-number-secret-0123456789abcdef' };
const NOW = 1_700_000_000_000;

async function refusal(run: () => Promise<unknown> | unknown): Promise<LiveKitTokenError> {
  try {
    await run();
  } catch (e) {
    return e as LiveKitTokenError;
  }
  throw new Error('not refused');
}

describe('a bare number of seconds below 60', () => {
  it.each([24, 1, 59, 59.9, '24', '05'])('createToken, createTokenSync and refreshToken refuse %j with a hint', async (ttl) => {
    const n = Number(ttl);
    const hint = `ttl ${n} would be ${n} seconds: write '${n}s' or '${n}h'`;
    for (const run of [
      () => createToken(KEY, { identity: 'a', ttl, now: NOW }),
      () => createTokenSync(KEY, { identity: 'a', ttl, now: NOW }),
      () => refreshToken({ sub: 'a' }, KEY, { ttl, now: NOW }),
    ]) {
      const e = await refusal(run);
      expect(e.code).toBe('ERR_TTL_INVALID');
      expect(e.message.startsWith(hint)).toBe(true);
    }
  });

  it('takes 60 and more, and any lifetime written with its unit', async () => {
    for (const [ttl, seconds] of [[60, 60], ['60', 60], ['24s', 24], ['1s', 1], ['30 seconds', 30], ['PT24S', 24], [3600, 3600]] as const) {
      const { nbf, exp } = decodeToken(await createToken(KEY, { identity: 'a', ttl, now: NOW })).claims;
      expect(exp! - nbf!).toBe(seconds);
      expect(decodeToken(createTokenSync(KEY, { identity: 'a', ttl, now: NOW })).claims.exp).toBe(exp);
      const fresh = decodeToken(await refreshToken({ sub: 'a' }, KEY, { ttl, now: NOW })).claims;
      expect(fresh.exp! - fresh.nbf!).toBe(seconds);
    }
  });

  it('leaves what parseTtl already refuses to parseTtl\'s own message', async () => {
    expect((await refusal(() => createToken(KEY, { ttl: 0.5, now: NOW }))).message).toMatch(/^ttl is below one second/);
    expect((await refusal(() => createToken(KEY, { ttl: -24, now: NOW }))).message).toMatch(/^ttl is below one second/);
    expect((await refusal(() => createToken(KEY, { ttl: '0', now: NOW }))).message).toMatch(/^ttl is below one second/);
    // Whatever a caller passes, the answer is a LiveKitTokenError.
    for (const ttl of [null, {}, [], true, Symbol('t'), 'x'.repeat(100)]) {
      expect((await refusal(() => createToken(KEY, { ttl: ttl as never, now: NOW }))).code).toBe('ERR_TTL_INVALID');
      expect((thrown(() => createTokenSync(KEY, { ttl: ttl as never, now: NOW })) as LiveKitTokenError).code).toBe('ERR_TTL_INVALID');
    }
  });

  it('parseTtl itself is unchanged: 24 is 24 seconds', () => {
    expect(parseTtl(24)).toBe(24);
    expect(parseTtl('24')).toBe(24);
    expect(thrown(() => parseTtl(0))).toMatchObject({ code: 'ERR_TTL_INVALID' });
  });

  // livekit-server-sdk's AccessToken takes any number of seconds (ttl: 24 is 24 s there).
  it('compat keeps the SDK\'s behaviour', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a', ttl: 24 });
    const { nbf, exp } = decodeToken(await at.toJwt()).claims;
    expect(exp! - nbf!).toBe(24);
  });

  it('refreshToken\'s own default lifetime is never refused', async () => {
    // The old token ends in 30 s: the server's rule gives max(10 min, time left) = 10 min.
    const old = await createToken(KEY, { identity: 'a', ttl: '30s', now: NOW });
    const fresh = decodeToken(await refreshToken(old, KEY, { now: NOW + 1000 })).claims;
    expect(fresh.exp! - fresh.nbf!).toBe(600);
  });
});
