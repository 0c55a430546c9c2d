// Hostile inputs to the core: every failure is a LiveKitTokenError with a code, never a raw
// TypeError/RangeError, and createToken never mints what verifyToken would refuse.
import { describe, expect, it } from 'vitest';
import {
  canJoin, canPublish, canPublishData, canSubscribe, createToken, createTokenSync, decodeToken, describeToken, expiresIn, isExpired,
  tokenStatus, verifyToken, verifyTokenSync,
  type LiveKitClaims, type TokenOptions, type VerifyOptions,
} from '../src/index.js';
import { AccessToken } from '../src/compat/index.js';
import { claims, forge, HS256, KEY, NOW } from './helpers/forge.js';

const keys = { [KEY.apiKey]: KEY.apiSecret };
const now = NOW * 1000;
const at = (seconds: number): VerifyOptions => ({ now: seconds * 1000 });

/** Runs createToken and createTokenSync; both must fail the same way. */
async function mintError(options: TokenOptions): Promise<{ code: string; message: string }> {
  const error = await createToken(KEY, { now, ...options }).catch((e: unknown) => e);
  let sync: unknown;
  try {
    createTokenSync(KEY, { now, ...options });
  } catch (e) {
    sync = e;
  }
  expect(error).toMatchObject({ name: 'LiveKitTokenError' });
  expect(sync).toMatchObject({ name: 'LiveKitTokenError', code: (error as { code: string }).code });
  return error as { code: string; message: string };
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}
const circular = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { a: 1 };
  o['self'] = o;
  return o;
};

describe('JSON values JSON.stringify cannot write', () => {
  const values: [string, unknown][] = [
    ['circular', circular()],
    ['BigInt', { n: 10n }],
    ['a bare BigInt', 10n],
    ['nested 100 000 levels (deeper than the engine stack)', nested(100_000)],
    ['a symbol', Symbol('x')],
  ];

  it.each(values)('metadata %s → ERR_INVALID_OPTIONS naming metadata', async (_what, metadata) => {
    const error = await mintError({ identity: 'a', metadata: metadata as never });
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message).toMatch(/^metadata /);
  });

  it.each(values.slice(0, 4))('roomConfig.egress %s → ERR_INVALID_OPTIONS naming roomConfig.egress', async (_what, egress) => {
    const error = await mintError({ identity: 'a', roomConfig: { egress: { room: egress } as never } });
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message).toContain('roomConfig.egress');
  });

  it('compat AccessToken: a roomConfig JSON cannot write → ERR_INVALID_OPTIONS naming roomConfig', async () => {
    for (const roomConfig of [circular(), { n: 1n }, nested(100_000)]) {
      const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a' });
      at.roomConfig = roomConfig as never;
      const error = await at.toJwt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
      expect((error as Error).message).toContain('roomConfig');
    }
  });

  it('metadata nested moderately deep still mints (JSON can hold it)', async () => {
    const token = await createToken(KEY, { now, identity: 'a', metadata: nested(200) as never, maxTokenBytes: 1 << 16 });
    expect(decodeToken(token, { maxTokenBytes: 1 << 16 }).claims.metadata).toMatch(/^\{"v":\{"v":/);
  });
});

describe('times a Date cannot hold', () => {
  const absurd: [string, Record<string, unknown>][] = [
    ['exp beyond 8.64e12 s', { exp: 1e300 }],
    ['exp just beyond', { exp: 8.64e12 + 1 }],
    ['negative exp', { exp: -1 }],
    ['nbf beyond', { nbf: 9e12 }],
    ['negative nbf', { nbf: -5 }],
    ['iat beyond', { iat: 1e20 }],
  ];

  it.each(absurd)('%s: verify (async and sync) → ERR_TOKEN_CLAIMS', async (_what, extra) => {
    const token = forge(HS256, claims(extra), KEY.apiSecret);
    await expect(verifyToken(token, keys, at(NOW))).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
    expect(() => verifyTokenSync(token, keys, at(NOW))).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS' }));
  });

  it.each(absurd.filter(([, c]) => 'exp' in c || 'nbf' in c))('%s: decodeToken returns it as it is, the helpers refuse it', (_what, extra) => {
    const token = forge(HS256, claims(extra), KEY.apiSecret);
    const decoded = decodeToken(token).claims;
    for (const [k, v] of Object.entries(extra)) expect(decoded[k]).toBe(v);
    const helpers: [string, (c: LiveKitClaims) => unknown][] = [
      ['tokenStatus', (c) => tokenStatus(c, { now })],
      ['describeToken', (c) => describeToken(c, { now })],
    ];
    if ('exp' in extra) helpers.push(['isExpired', (c) => isExpired(c, { now })], ['expiresIn', (c) => expiresIn(c, { now })]);
    for (const [name, run] of helpers) {
      expect(() => run(decoded), name).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS' }));
    }
  });

  it('the largest valid NumericDate still verifies, as a token that is not yet expired', async () => {
    const token = forge(HS256, claims({ exp: 8.64e12 }), KEY.apiSecret);
    await expect(verifyToken(token, keys, at(NOW))).resolves.toMatchObject({ exp: 8.64e12 });
    expect(tokenStatus(decodeToken(token).claims, { now }).state).toBe('valid');
  });

  it('createToken refuses now + ttl beyond what a Date holds, instead of minting an unverifiable token', async () => {
    const error = await mintError({ identity: 'a', now: 8.64e15 - 1000, ttl: '1h' });
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message).toContain('ttl');
  });
});

describe('maxTtl measures exp − start, start = nbf, else the earlier of iat and now', () => {
  const year = 365 * 86400;
  it('a token without nbf whose iat sits just before a far exp does not pass maxTtl (it used to)', async () => {
    const exp = NOW + year;
    const token = forge(HS256, claims({ nbf: undefined, exp, iat: exp - 60 }), KEY.apiSecret);
    await expect(verifyToken(token, keys, { ...at(NOW), maxTtl: '1h' })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
    expect(() => verifyTokenSync(token, keys, { ...at(NOW), maxTtl: '1h' })).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS' }));
  });

  it('an iat in the past is the start; an iat within the clock tolerance counts from now', async () => {
    const past = forge(HS256, claims({ nbf: undefined, iat: NOW - 100, exp: NOW + 500 }), KEY.apiSecret);
    await expect(verifyToken(past, keys, { ...at(NOW), maxTtl: 600 })).resolves.toBeTruthy();
    await expect(verifyToken(past, keys, { ...at(NOW), maxTtl: 599 })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
    const soon = forge(HS256, claims({ nbf: undefined, iat: NOW + 5, exp: NOW + 600 }), KEY.apiSecret);
    await expect(verifyToken(soon, keys, { ...at(NOW), maxTtl: 600 })).resolves.toBeTruthy();
    await expect(verifyToken(soon, keys, { ...at(NOW), maxTtl: 599 })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
  });

  it('an iat later than now + tolerance fails maxTtl, even with nbf', async () => {
    const token = forge(HS256, claims({ iat: NOW + 3600 }), KEY.apiSecret);
    const error = await verifyToken(token, keys, { ...at(NOW), maxTtl: '1d' }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
    expect((error as Error).message).toContain('iat');
    // Without maxTtl, iat is not a rule of its own (LiveKit's server ignores it).
    await expect(verifyToken(token, keys, at(NOW))).resolves.toBeTruthy();
  });

  it('nbf wins over iat', async () => {
    const token = forge(HS256, claims({ nbf: NOW, iat: NOW - 5000, exp: NOW + 600 }), KEY.apiSecret);
    await expect(verifyToken(token, keys, { ...at(NOW), maxTtl: 600 })).resolves.toBeTruthy();
  });
});

describe('identity, room and name: characters and UTF-8 bytes', () => {
  // What LiveKit shows and logs as it is: C0, DEL, C1, U+2028/2029 and bidi controls; and lone
  // UTF-16 surrogates, which the server (Go strings are UTF-8; encoding/json writes U+FFFD for
  // them) reads as U+FFFD, so 'al\ud800ice' and 'al\udc00ice' would be one identity there.
  const forbidden = ['\u0000', '\u001b[2J', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u2066', '\u200e', '\u200f', '\u061c', '\ud800', '\udfff', '\ud83d\ud83d'];

  it.each(forbidden.map((c) => [JSON.stringify(c), c]))('%s is refused in identity, name, video.room and video.destinationRoom', async (_shown, c) => {
    const cases: [TokenOptions, string][] = [
      [{ identity: `al${c}ice` }, 'identity'],
      [{ identity: 'a', name: `Al${c}ice` }, 'name'],
      [{ identity: 'a', video: { roomJoin: true, room: `de${c}mo` } }, 'video.room'],
      [{ identity: 'a', video: { roomAdmin: true, room: 'a', destinationRoom: `b${c}` } }, 'video.destinationRoom'],
    ];
    for (const [options, field] of cases) {
      const error = await mintError(options);
      expect(error.code).toBe('ERR_INVALID_OPTIONS');
      expect(error.message.startsWith(field + ' ')).toBe(true);
      expect(error.message).not.toContain(c);
    }
  });

  it('letters from any script, emoji and ordinary spaces pass', async () => {
    await expect(createToken(KEY, { now, identity: 'Zoë 李 😀 مرحبا', name: 'Zoë, the admin', video: { roomJoin: true, room: 'salle-été' } })).resolves.toBeTypeOf('string');
    // Surrogate pairs at the edges and side by side are whole characters.
    await expect(createToken(KEY, { now, identity: '😀', name: '😀😀x😀', video: { roomJoin: true, room: '𝄞' } })).resolves.toBeTypeOf('string');
  });

  // The LiveKit server counts identity and room in bytes (Go `len`): livekit/livekit
  // pkg/config/config.go `LimitConfig.CheckParticipantIdentityLength` / `CheckRoomNameLength`,
  // called from pkg/service/rtcservice.go when a participant connects; 256 is the default of
  // `limit.max_participant_identity_length` and `limit.max_room_name_length`.
  it.each([
    ['identity', (s: string): TokenOptions => ({ identity: s })],
    ['video.room', (s: string): TokenOptions => ({ identity: 'a', video: { roomJoin: true, room: s } })],
    ['video.destinationRoom', (s: string): TokenOptions => ({ video: { destinationRoom: s } })],
  ] as const)('%s: at most 256 UTF-8 bytes', async (field, options) => {
    // 'é' is 2 bytes, '€' 3 and '😀' 4.
    for (const ok of ['x'.repeat(256), 'é'.repeat(128), '€'.repeat(85) + 'x', '😀'.repeat(64)]) {
      await expect(createToken(KEY, { now, ...options(ok) })).resolves.toBeTypeOf('string');
    }
    for (const tooLong of ['x'.repeat(257), 'é'.repeat(129), '€'.repeat(86), '😀'.repeat(65)]) {
      const error = await mintError(options(tooLong));
      expect(error.message).toContain(`${field} must be at most 256 UTF-8 bytes`);
    }
  });

  it('verification does not apply these rules (the server does not either)', async () => {
    const token = forge(HS256, claims({ sub: 'al\u202eice', name: '\u0007', video: { roomJoin: true, room: 'r'.repeat(300) } }), KEY.apiSecret);
    await expect(verifyToken(token, keys, at(NOW))).resolves.toMatchObject({ sub: 'al\u202eice' });
  });
});

describe('maxTokenBytes', () => {
  const big: TokenOptions = { identity: 'a', metadata: 'x'.repeat(9000) };

  it('createToken refuses a token over the default 8192 bytes, giving its size and pointing at room metadata', async () => {
    const error = await mintError(big);
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message).toMatch(/the token would be \d+ bytes, over maxTokenBytes \(8192\)/);
    expect(error.message).toContain('room metadata');
  });

  it('a wide explicit bound mints; verify and decode refuse it by default and accept it with the same bound', async () => {
    const token = await createToken(KEY, { now, ...big, maxTokenBytes: 64 * 1024 });
    expect(createTokenSync(KEY, { now, ...big, maxTokenBytes: 64 * 1024 })).toBe(token);
    await expect(verifyToken(token, keys, at(NOW))).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
    expect(() => decodeToken(token)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_MALFORMED' }));
    await expect(verifyToken(token, keys, { ...at(NOW), maxTokenBytes: 64 * 1024 })).resolves.toMatchObject({ sub: 'a' });
    expect(verifyTokenSync(token, keys, { ...at(NOW), maxTokenBytes: 64 * 1024 }).sub).toBe('a');
    expect(decodeToken(token, { maxTokenBytes: 64 * 1024 }).claims.sub).toBe('a');
  });

  it('create and verify draw the line at the same byte', async () => {
    const options: TokenOptions = { now, identity: 'a', metadata: 'm'.repeat(500) };
    const size = (await createToken(KEY, options)).length;
    await expect(createToken(KEY, { ...options, maxTokenBytes: size })).resolves.toHaveLength(size);
    await expect(createToken(KEY, { ...options, maxTokenBytes: size - 1 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    const token = await createToken(KEY, options);
    await expect(verifyToken(token, keys, { ...at(NOW), maxTokenBytes: size })).resolves.toBeTruthy();
    await expect(verifyToken(token, keys, { ...at(NOW), maxTokenBytes: size - 1 })).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
  });

  it('counts bytes, not characters, on verify', async () => {
    const token = forge(HS256, claims(), KEY.apiSecret) + '€';
    await expect(verifyToken(token, keys, { ...at(NOW), maxTokenBytes: token.length + 1 })).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED', message: expect.stringContaining('maxTokenBytes') });
    // Three bytes a character, the most UTF-8 spends on one UTF-16 unit: at the line exactly.
    const wide = '€'.repeat(100);
    expect(() => decodeToken(wide, { maxTokenBytes: 299 })).toThrow(expect.objectContaining({ message: expect.stringContaining('maxTokenBytes') }));
    expect(() => decodeToken(wide, { maxTokenBytes: 300 })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('maxTokenBytes') }));
  });

  it.each([0, -1, 1.5, '8192', Number.NaN, Infinity, null])('maxTokenBytes %s is ERR_INVALID_OPTIONS everywhere', async (bad) => {
    const error = await mintError({ identity: 'a', maxTokenBytes: bad as never });
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message).toContain('maxTokenBytes');
    const token = forge(HS256, claims(), KEY.apiSecret);
    await expect(verifyToken(token, keys, { maxTokenBytes: bad as never })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    expect(() => decodeToken(token, { maxTokenBytes: bad as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
  });
});

describe('describeToken on unverified claims of any shape', () => {
  it('words what it can and never throws a TypeError', () => {
    const odd = {
      sub: 'a', exp: 2e9,
      video: { roomJoin: true, room: 'r', roomAdmin: true, canPublishSources: ['camera', Symbol('x'), Object.create(null)] },
      roomConfig: { agents: [{ agentName: Symbol('n') }, null, { agentName: 'receptionist' }, {}] },
    } as unknown as LiveKitClaims;
    expect(describeToken(odd, { now: 1.9e12 })).toBe(
      'a may join room r, publish camera+?+?, subscribe, administer room r, dispatch agent (unnamed)+(unnamed)+receptionist+(unnamed), expires in 1157 d 9 h',
    );
    const symbolRoom = { video: { roomAdmin: true, room: Symbol('r') }, exp: 2e9 } as unknown as LiveKitClaims;
    expect(describeToken(symbolRoom, { now: 1.9e12 })).toContain('administer all rooms');
  });
});

describe('helpers given values of the wrong type', () => {
  it.each([null, undefined, 'token', 42, []])('claims %j → ERR_INVALID_OPTIONS from every helper', (claims) => {
    for (const helper of [isExpired, expiresIn, tokenStatus, describeToken, canJoin, canPublish, canSubscribe, canPublishData]) {
      expect(() => (helper as (c: unknown) => unknown)(claims), helper.name).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    }
  });

  it('a clockTolerance that is not a number or string → ERR_INVALID_OPTIONS', () => {
    for (const clockTolerance of [Symbol('t'), 10n, {}, null]) {
      expect(() => isExpired({ exp: 1 }, { clockTolerance: clockTolerance as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    }
  });
});
