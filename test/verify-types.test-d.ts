import { describe, expectTypeOf, it } from 'vitest';
import {
  createToken,
  isExpired,
  refreshToken,
  tokenStatus,
  verifyToken,
  verifyTokenSync,
  type Clock,
  type LiveKitClaims,
  type VerifiedClaims,
  type VerifyOptions,
} from '../src/index.js';
import { fixedClock, forgeToken } from '../src/testing/index.js';

const key = { apiKey: 'k', apiSecret: 's' };
declare const flag: boolean;

describe('verify result type', () => {
  it('iss and exp are present by default (both are checked)', async () => {
    const claims = await verifyToken('t', key);
    expectTypeOf(claims.iss).toEqualTypeOf<string>();
    expectTypeOf(claims.exp).toEqualTypeOf<number>();
    expectTypeOf(claims).toMatchTypeOf<LiveKitClaims>();
    expectTypeOf(claims).toEqualTypeOf<VerifiedClaims>();
    const sync = verifyTokenSync('t', key, { room: 'r' });
    expectTypeOf(sync.exp).toEqualTypeOf<number>();
    expectTypeOf(sync.iss).toEqualTypeOf<string>();
    // requireExpiry: true is the default, said out loud
    expectTypeOf(verifyTokenSync('t', key, { requireExpiry: true }).exp).toEqualTypeOf<number>();
    // the other claims keep their LiveKitClaims types
    expectTypeOf(claims.sub).toEqualTypeOf<string | undefined>();
    expectTypeOf(claims.nbf).toEqualTypeOf<number | undefined>();
  });

  it('with requireExpiry: false, exp may be absent; iss is still present', async () => {
    const claims = await verifyToken('t', key, { requireExpiry: false });
    expectTypeOf(claims.exp).toEqualTypeOf<number | undefined>();
    expectTypeOf(claims.iss).toEqualTypeOf<string>();
    expectTypeOf(claims).toEqualTypeOf<VerifiedClaims<false>>();
    const sync = verifyTokenSync('t', key, { requireExpiry: false, room: 'r' });
    expectTypeOf(sync.exp).toEqualTypeOf<number | undefined>();
  });

  it('options whose requireExpiry may be false give the honest type', async () => {
    expectTypeOf((await verifyToken('t', key, { requireExpiry: flag })).exp).toEqualTypeOf<number | undefined>();
    const options: VerifyOptions = { room: 'r' };
    expectTypeOf(verifyTokenSync('t', key, options).exp).toEqualTypeOf<number | undefined>();
    // inline options, or `satisfies VerifyOptions`, keep exp typed as present
    const inline = { room: 'r' } satisfies VerifyOptions;
    expectTypeOf(verifyTokenSync('t', key, inline).exp).toEqualTypeOf<number>();
  });

  it('typos in options are still caught', () => {
    // @ts-expect-error unknown option
    void verifyToken('t', key, { roomName: 'r' });
    // @ts-expect-error unknown option
    void verifyTokenSync('t', key, { requireExpiry: false, roomName: 'r' });
  });
});

describe('Clock: every now option', () => {
  it('takes a Date, epoch ms, a clock object or a function', async () => {
    const clock = fixedClock();
    expectTypeOf(clock).toMatchTypeOf<Clock>();
    expectTypeOf<{ now: () => number }>().toMatchTypeOf<Clock>();
    expectTypeOf<() => number>().toMatchTypeOf<Clock>();
    expectTypeOf<Date>().toMatchTypeOf<Clock>();
    expectTypeOf<number>().toMatchTypeOf<Clock>();
    void createToken(key, { identity: 'a', now: clock });
    void createToken(key, { identity: 'a', ...clock });
    void verifyToken('t', key, { now: clock });
    void verifyToken('t', key, { now: { now: Date.now } });
    void verifyToken('t', key, clock.plus('5m'));
    void isExpired({}, { now: clock });
    void tokenStatus({}, { now: Date.now });
    void refreshToken('t', key, { now: clock });
    void forgeToken({ now: clock });
    void fixedClock(clock);
  });

  it('refuses what is not a time', () => {
    // @ts-expect-error a string is not a clock (parse it first)
    void verifyToken('t', key, { now: '2025-01-01' });
    // @ts-expect-error a clock's now is epoch ms, not a Date
    void verifyToken('t', key, { now: { now: new Date() } });
    // @ts-expect-error a clock function returns epoch ms
    void verifyToken('t', key, { now: () => new Date() });
  });
});
