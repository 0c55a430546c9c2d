import { describe, expect, it } from 'vitest';
import { decodeToken, isLiveKitTokenError, verifyToken, type LiveKitTokenErrorCode, type VerifyOptions } from '../src/index.js';
import { b64url, claims, forge, HS256, KEY, NOW, sign } from './helpers/forge.js';

const keys = { [KEY.apiKey]: KEY.apiSecret };
const at = (seconds: number): VerifyOptions => ({ now: seconds * 1000 });
const good = forge(HS256, claims(), KEY.apiSecret);
const [gh, gp, gs] = good.split('.') as [string, string, string];

function flipLast(s: string): string {
  return s.slice(0, -1) + (s.endsWith('A') ? 'Q' : 'A');
}

type Case = [name: string, token: unknown, code: LiveKitTokenErrorCode, options?: VerifyOptions];
const cases: Case[] = [
  // structure
  ['not a string', 42, 'ERR_TOKEN_MALFORMED'],
  ['empty string', '', 'ERR_TOKEN_MALFORMED'],
  ['two parts', `${gh}.${gp}`, 'ERR_TOKEN_MALFORMED'],
  ['four parts', `${good}.x`, 'ERR_TOKEN_MALFORMED'],
  ['padding in payload', `${gh}.${gp}=.${gs}`, 'ERR_TOKEN_MALFORMED'],
  ['standard base64 chars', `${gh}.${gp.replace(/-/g, '+').replace(/_/g, '/')}+.${gs}`, 'ERR_TOKEN_MALFORMED'],
  ['whitespace', `${gh}.${gp} .${gs}`, 'ERR_TOKEN_MALFORMED'],
  ['non-canonical last char of signature', `${gh}.${gp}.${gs.slice(0, -1)}${String.fromCharCode(gs.charCodeAt(42) + 1)}`, 'ERR_TOKEN_MALFORMED'],
  ['length 1 mod 4 segment', `${gh}.${gp}.${gs}AA`, 'ERR_TOKEN_MALFORMED'],
  ['payload is not JSON', `${gh}.${b64url('not json')}.${gs}`, 'ERR_TOKEN_MALFORMED'],
  ['payload is a JSON array', forge(HS256, '[1,2]', KEY.apiSecret), 'ERR_TOKEN_MALFORMED'],
  ['payload is JSON null', forge(HS256, 'null', KEY.apiSecret), 'ERR_TOKEN_MALFORMED'],
  ['header is a JSON string', forge('"HS256"', claims(), KEY.apiSecret), 'ERR_TOKEN_MALFORMED'],
  ['payload is invalid UTF-8', `${gh}.${b64url(Buffer.from([0x7b, 0xff, 0x7d]))}.${gs}`, 'ERR_TOKEN_MALFORMED'],
  ['oversized token', forge(HS256, claims({ metadata: 'x'.repeat(9000) }), KEY.apiSecret), 'ERR_TOKEN_MALFORMED'],
  // header
  ['alg none', forge({ alg: 'none' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg none, empty signature', `${b64url('{"alg":"none"}')}.${gp}.`, 'ERR_TOKEN_ALGORITHM'],
  ['alg HS384', forge({ alg: 'HS384' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg HS512', forge({ alg: 'HS512' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg RS256', forge({ alg: 'RS256' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg lower case', forge({ alg: 'hs256' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg missing', forge({ typ: 'JWT' }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['alg not a string', forge({ alg: ['HS256'] }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  ['crit present', forge({ ...HS256, crit: ['exp'] }, claims(), KEY.apiSecret), 'ERR_TOKEN_ALGORITHM'],
  // key lookup
  ['unknown iss', forge(HS256, claims({ iss: 'APIother' }), KEY.apiSecret), 'ERR_TOKEN_UNKNOWN_KEY'],
  ['missing iss', forge(HS256, claims({ iss: undefined }), KEY.apiSecret), 'ERR_TOKEN_UNKNOWN_KEY'],
  ['iss is a number', forge(HS256, claims({ iss: 7 }), KEY.apiSecret), 'ERR_TOKEN_UNKNOWN_KEY'],
  ['iss __proto__', forge(HS256, claims({ iss: 'toString' }), KEY.apiSecret), 'ERR_TOKEN_UNKNOWN_KEY'],
  // signature
  ['wrong secret', forge(HS256, claims(), 'other-secret'), 'ERR_TOKEN_SIGNATURE'],
  ['tampered payload', `${gh}.${b64url(JSON.stringify(claims({ sub: 'mallory' })))}.${gs}`, 'ERR_TOKEN_SIGNATURE'],
  ['truncated signature', `${gh}.${gp}.${gs.slice(0, 40)}`, 'ERR_TOKEN_SIGNATURE'],
  ['empty signature', `${gh}.${gp}.`, 'ERR_TOKEN_SIGNATURE'],
  ['signature bit flipped', `${gh}.${gp}.${flipLast(gs.slice(0, -1)) + gs.slice(-1)}`, 'ERR_TOKEN_SIGNATURE'],
  ['bad signature wins over expiry', forge(HS256, claims({ exp: NOW - 9999 }), 'other-secret'), 'ERR_TOKEN_SIGNATURE'],
  // claim types
  ['missing exp', forge(HS256, claims({ exp: undefined }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['garbage exp', forge(HS256, claims({ exp: 'tomorrow' }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['nbf not a number', forge(HS256, claims({ nbf: true }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['sub not a string', forge(HS256, claims({ sub: 1 }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['video not an object', forge(HS256, claims({ video: 'all' }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['video.roomJoin not a boolean', forge(HS256, claims({ video: { roomJoin: 'yes', room: 'demo' } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['canPublishSources not an array', forge(HS256, claims({ video: { room: 'demo', canPublishSources: 'camera' } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['attributes with a number', forge(HS256, claims({ attributes: { a: 1 } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['metadata an object', forge(HS256, claims({ metadata: { a: 1 } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['roomConfig.agents not an array', forge(HS256, claims({ roomConfig: { agents: {} } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  ['sip.admin not a boolean', forge(HS256, claims({ sip: { admin: 1 } }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS'],
  // time
  ['expired beyond tolerance', good, 'ERR_TOKEN_EXPIRED', at(NOW + 600 + 11)],
  ['not yet valid beyond tolerance', good, 'ERR_TOKEN_NOT_YET_VALID', at(NOW - 11)],
  ['expired with zero tolerance', good, 'ERR_TOKEN_EXPIRED', { ...at(NOW + 601), clockTolerance: 0 }],
  ['expired with a TTL-string tolerance', good, 'ERR_TOKEN_EXPIRED', { ...at(NOW + 600 + 61), clockTolerance: '1m' }],
  // room / identity / maxTtl
  ['room mismatch', good, 'ERR_TOKEN_CLAIMS', { ...at(NOW), room: 'other' }],
  ['identity mismatch', good, 'ERR_TOKEN_CLAIMS', { ...at(NOW), identity: 'bob' }],
  ['maxTtl exceeded', good, 'ERR_TOKEN_CLAIMS', { ...at(NOW), maxTtl: '5m' }],
  ['maxTtl without nbf or iat', forge(HS256, claims({ nbf: undefined }), KEY.apiSecret), 'ERR_TOKEN_CLAIMS', { ...at(NOW), maxTtl: 3600 }],
  // options
  ['unknown verify option', good, 'ERR_INVALID_OPTIONS', { ...at(NOW), roomName: 'demo' } as VerifyOptions],
  ['negative clockTolerance', good, 'ERR_INVALID_OPTIONS', { ...at(NOW), clockTolerance: -1 }],
  ['invalid now', good, 'ERR_INVALID_OPTIONS', { now: new Date('nope') }],
];

describe('verifyToken rejects', () => {
  it.each(cases)('%s', async (_name, token, code, options) => {
    const error = await verifyToken(token as string, keys, options ?? at(NOW)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isLiveKitTokenError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code: string }).code).toBe(code);
    const message = (error as Error).message;
    expect(message.length).toBeGreaterThan(0);
    if (typeof token === 'string' && token.length > 0) {
      for (const part of token.split('.')) if (part.length > 8) expect(message).not.toContain(part);
    }
    expect(message).not.toContain(KEY.apiSecret);
  });
});

describe('verifyToken accepts', () => {
  it('within tolerance on both ends', async () => {
    await expect(verifyToken(good, keys, at(NOW + 600 + 10))).resolves.toMatchObject({ sub: 'alice' });
    await expect(verifyToken(good, keys, at(NOW - 10))).resolves.toMatchObject({ sub: 'alice' });
  });

  it('room, identity and maxTtl that match', async () => {
    await expect(verifyToken(good, keys, { ...at(NOW), room: 'demo', identity: 'alice', maxTtl: 600 })).resolves.toBeTruthy();
  });

  it('a token without exp when requireExpiry is false', async () => {
    const t = forge(HS256, claims({ exp: undefined }), KEY.apiSecret);
    await expect(verifyToken(t, keys, { ...at(NOW), requireExpiry: false })).resolves.toMatchObject({ sub: 'alice' });
  });

  it('iat and jti, and unknown claims and grant fields', async () => {
    const t = forge(HS256, claims({ iat: NOW, jti: 'id-1', custom: { x: 1 }, video: { room: 'demo', futureFlag: true } }), KEY.apiSecret);
    const c = await verifyToken(t, keys, at(NOW));
    expect(c).toMatchObject({ iat: NOW, jti: 'id-1', custom: { x: 1 }, video: { futureFlag: true } });
  });

  it('every form of key set, including async resolvers (rotation)', async () => {
    const other = { apiKey: 'APIold', apiSecret: 'old-secret' };
    const sets = [
      KEY,
      [other, KEY],
      { APIold: 'old-secret', [KEY.apiKey]: KEY.apiSecret },
      (k: string) => (k === KEY.apiKey ? KEY.apiSecret : undefined),
      async (k: string) => (k === KEY.apiKey ? KEY.apiSecret : undefined),
    ];
    for (const set of sets) await expect(verifyToken(good, set, at(NOW))).resolves.toMatchObject({ iss: KEY.apiKey });
    await expect(verifyToken(good, async () => undefined, at(NOW))).rejects.toMatchObject({ code: 'ERR_TOKEN_UNKNOWN_KEY' });
    await expect(verifyToken(good, [other], at(NOW))).rejects.toMatchObject({ code: 'ERR_TOKEN_UNKNOWN_KEY' });
  });

  it('returns a fresh object: verifying twice gives equal, distinct results', async () => {
    const a = await verifyToken(good, keys, at(NOW));
    const b = await verifyToken(good, keys, at(NOW));
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it("nested grants, maps and lists are the caller's own too: changing one result changes no later one", async () => {
    const rich = forge(HS256, claims({ attributes: { team: 'red' }, roomConfig: { agents: [{ agentName: 'a' }] }, kindDetails: ['forwarded'] }), KEY.apiSecret);
    const a = await verifyToken(rich, keys, at(NOW));
    a.video!.roomAdmin = true;
    a.attributes!['team'] = 'blue';
    a.roomConfig!.agents![0]!.agentName = 'b';
    a.kindDetails!.push('cloud_agent');
    const b = await verifyToken(rich, keys, at(NOW));
    expect(b.video).toEqual({ roomJoin: true, room: 'demo' });
    expect(b.attributes).toEqual({ team: 'red' });
    expect(b.roomConfig).toEqual({ agents: [{ agentName: 'a' }] });
    expect(b.kindDetails).toEqual(['forwarded']);
  });
});

describe('headers', () => {
  it('reads the usual header and any other spelling of it alike, as a fresh object each time', async () => {
    // The usual header segment is recognised without decoding it; other spellings are decoded.
    const reordered = forge({ typ: 'JWT', alg: 'HS256' }, claims(), KEY.apiSecret);
    const bare = forge({ alg: 'HS256' }, claims(), KEY.apiSecret);
    for (const t of [good, reordered, bare]) await expect(verifyToken(t, keys, at(NOW))).resolves.toMatchObject({ sub: 'alice' });
    expect(JSON.stringify(decodeToken(reordered).header)).toBe('{"typ":"JWT","alg":"HS256"}');
    const first = decodeToken(good).header;
    expect(JSON.stringify(first)).toBe('{"alg":"HS256","typ":"JWT"}');
    first.alg = 'none';
    expect(decodeToken(good).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});

describe('JSON safety', () => {
  it('__proto__ and constructor keys pollute nothing', async () => {
    const raw = `{"iss":"${KEY.apiKey}","sub":"alice","nbf":${NOW},"exp":${NOW + 600},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"video":{"__proto__":{"roomAdmin":true},"room":"demo"}}`;
    const input = `${b64url(JSON.stringify(HS256))}.${b64url(raw)}`;
    const c = await verifyToken(`${input}.${sign(input, KEY.apiSecret)}`, keys, at(NOW));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(c.video?.roomAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(c.video)).toBe(Object.prototype);
    // the escaped spelling of the key is caught too
    const escaped = raw.replace('"__proto__":{"polluted"', '"\\u005f_proto__":{"polluted"');
    const input2 = `${b64url(JSON.stringify(HS256))}.${b64url(escaped)}`;
    const c2 = await verifyToken(`${input2}.${sign(input2, KEY.apiSecret)}`, keys, at(NOW));
    expect((c2 as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(c2)).not.toContain('__proto__');
  });
});

describe('async contract', () => {
  it('never throws synchronously', () => {
    expect(() => verifyToken(undefined as unknown as string, keys).catch(() => {})).not.toThrow();
    expect(() => verifyToken(good, null as unknown as typeof keys).catch(() => {})).not.toThrow();
  });

  it('rejects a key set of the wrong shape with ERR_INVALID_OPTIONS', async () => {
    await expect(verifyToken(good, 'secret' as unknown as typeof keys, at(NOW))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
  });
});
