// Attacks on verifyToken, written with the testing kit: each forged token must be refused with
// the code a server operator would expect, whatever else the token claims.
import { describe, expect, it } from 'vitest';
import { verifyToken, type KeySet, type LiveKitTokenErrorCode } from '../../src/index.js';
import { algNoneToken, devKey, expiredToken, fixedClock, forgeToken, tamperedToken, wrongKeyToken } from '../../src/testing/index.js';

const clock = fixedClock('2025-05-05T05:05:05Z');
// Two tenants share one verifier (key rotation or multi-tenant service).
const alpha = { apiKey: 'APIalpha', apiSecret: 'alpha-secret-aaaaaaaaaaaaaaaaaaaaaaaa' };
const beta = { apiKey: 'APIbeta', apiSecret: 'beta-secret-bbbbbbbbbbbbbbbbbbbbbbbbbb' };
const keys: KeySet = [alpha, beta];

type Attack = [name: string, forge: () => Promise<string>, code: LiveKitTokenErrorCode, options?: { room?: string; identity?: string }];
const attacks: Attack[] = [
  ['alg none', () => algNoneToken({ ...clock, key: alpha }), 'ERR_TOKEN_ALGORITHM'],
  ['alg "None" (case games)', () => algNoneToken({ ...clock, key: alpha, alg: 'None' }), 'ERR_TOKEN_ALGORITHM'],
  ['alg HS384 with a valid HS256 signature', () => forgeToken({ ...clock, key: alpha, header: { alg: 'HS384' } }), 'ERR_TOKEN_ALGORITHM'],
  ['alg RS256', () => forgeToken({ ...clock, key: alpha, header: { alg: 'RS256' } }), 'ERR_TOKEN_ALGORITHM'],
  ['no alg at all', () => forgeToken({ ...clock, key: alpha, header: { alg: undefined } }), 'ERR_TOKEN_ALGORITHM'],
  ['tenant beta signs a token claiming to be tenant alpha', () => forgeToken({ ...clock, key: beta, claims: { iss: alpha.apiKey } }), 'ERR_TOKEN_SIGNATURE'],
  ['a secret guessed from the dev setup', () => forgeToken({ ...clock, key: { apiKey: alpha.apiKey, apiSecret: devKey.apiSecret } }), 'ERR_TOKEN_SIGNATURE'],
  ['wrong secret', () => wrongKeyToken({ ...clock, key: alpha }), 'ERR_TOKEN_SIGNATURE'],
  ['roomAdmin added after signing', () => tamperedToken({ ...clock, key: alpha }), 'ERR_TOKEN_SIGNATURE'],
  ['exp pushed a year out after signing', () => tamperedToken({ ...clock, key: alpha, tamper: (c) => ({ ...c, exp: (c['exp'] as number) + 31_536_000 }) }), 'ERR_TOKEN_SIGNATURE'],
  ['room swapped after signing', () => tamperedToken({ ...clock, key: alpha, tamper: (c) => ({ ...c, video: { roomJoin: true, room: 'board-meeting' } }) }), 'ERR_TOKEN_SIGNATURE'],
  ['a replayed, long-expired token', () => expiredToken({ ...clock, key: alpha, ago: '30d' }), 'ERR_TOKEN_EXPIRED'],
  ['a genuine token for another room', () => forgeToken({ ...clock, key: alpha }), 'ERR_TOKEN_CLAIMS', { room: 'board-meeting' }],
  ['a genuine token for another identity', () => forgeToken({ ...clock, key: alpha }), 'ERR_TOKEN_CLAIMS', { identity: 'bob' }],
  ['an issuer spelled like an Object.prototype member', () => forgeToken({ ...clock, key: alpha, claims: { iss: 'constructor' } }), 'ERR_TOKEN_UNKNOWN_KEY'],
  ['a token without expiry', () => forgeToken({ ...clock, key: alpha, claims: { exp: undefined } }), 'ERR_TOKEN_CLAIMS'],
  ['a video grant that is a string', () => forgeToken({ ...clock, key: alpha, claims: { video: 'roomAdmin' } }), 'ERR_TOKEN_CLAIMS'],
  ['a payload padded past 8 KiB', () => forgeToken({ ...clock, key: alpha, claims: { metadata: 'x'.repeat(9000) } }), 'ERR_TOKEN_MALFORMED'],
];

describe('verifyToken refuses forged tokens', () => {
  it.each(attacks)('%s → %s', async (_name, forge, code, options) => {
    const token = await forge();
    const error = await verifyToken(token, keys, { ...clock, ...options }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'LiveKitTokenError', code });
    // Whatever the failure, the message never echoes the token or its signature.
    const message = (error as Error).message;
    for (const part of token.split('.')) if (part.length > 8) expect(message).not.toContain(part);
  });

  it('while the untampered originals verify, so each attack fails for its own reason', async () => {
    await expect(verifyToken(await forgeToken({ ...clock, key: alpha }), keys, clock)).resolves.toMatchObject({ iss: 'APIalpha' });
    await expect(verifyToken(await forgeToken({ ...clock, key: beta }), keys, clock)).resolves.toMatchObject({ iss: 'APIbeta' });
  });
});
