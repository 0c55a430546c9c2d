// Cases for livekit-token/testing in every runtime: the kit must forge and inspect tokens with
// Web APIs only, and each forged token must fail verification with its intended code.
import { assert, assertEqual, assertRejectsCode } from '../assert.mjs';

export default function cases(lib) {
  const { core, testing } = lib;
  if (!testing) throw new Error('dist/testing/index.js is not built');
  const { devKey, fixedClock, forgeToken, expiredToken, notYetValidToken, wrongKeyToken, tamperedToken, algNoneToken, inspectToken } = testing;
  const clock = fixedClock('2025-03-01T10:00:00Z');

  return [
    {
      name: 'forgeToken() verifies with devKey at a fixed clock',
      run: async () => {
        const claims = await core.verifyToken(await forgeToken(clock), devKey, clock);
        assertEqual([claims.iss, claims.sub, claims.exp - claims.nbf], ['devkey', 'alice', 600], 'default claims');
      },
    },
    {
      name: 'each shortcut fails with its own code',
      run: async () => {
        const expected = [
          [expiredToken, 'ERR_TOKEN_EXPIRED'],
          [notYetValidToken, 'ERR_TOKEN_NOT_YET_VALID'],
          [wrongKeyToken, 'ERR_TOKEN_SIGNATURE'],
          [tamperedToken, 'ERR_TOKEN_SIGNATURE'],
          [algNoneToken, 'ERR_TOKEN_ALGORITHM'],
        ];
        for (const [make, code] of expected) {
          await assertRejectsCode(core.verifyToken(await make(clock), devKey, clock), code, make.name);
        }
      },
    },
    {
      name: 'fixedClock works as the now option of createToken',
      run: async () => {
        const token = await core.createToken(devKey, { ...clock, identity: 'bob', ttl: '10m' });
        await assertRejectsCode(core.verifyToken(token, devKey, clock.plus('11m')), 'ERR_TOKEN_EXPIRED', 'eleven minutes later');
        assertEqual(core.decodeToken(token).claims.nbf, Date.UTC(2025, 2, 1, 10) / 1000, 'nbf');
      },
    },
    {
      name: 'inspectToken explains an expired token',
      run: async () => {
        const info = inspectToken(await expiredToken({ ...clock, ago: '3m' }), clock);
        assertEqual(info.status.text, 'EXPIRED 3 min ago', 'status');
        assertEqual(info.times.exp, '2025-03-01T09:57:00Z', 'exp as ISO date');
        assert(info.summary.startsWith('alice may join room demo'), info.summary);
      },
    },
  ];
}
