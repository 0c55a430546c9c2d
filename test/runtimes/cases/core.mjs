// Core cases for the runtime matrix: create, verify, decode, every error code of the core, and
// the published vectors. Web APIs only. Every clock is fixed so the results cannot depend on when
// or where the matrix runs.
import { assert, assertEqual, assertRejectsCode } from '../assert.mjs';

const KEY = { apiKey: 'APIcore', apiSecret: 'core-secret-never-printed' };
const NOW = 1_700_000_000_000; // ms
const NOW_S = NOW / 1000;

// --- tiny JWT forging kit, so error paths are reached with real signatures -------------------
const enc = new TextEncoder();
const b64url = (bytes) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const jsonPart = (value) => b64url(enc.encode(JSON.stringify(value)));

async function hmac(secret, input, hash = 'SHA-256') {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(input)));
}

/** Signs any header and claims with HS256 (or `hash`), whatever they say. */
async function forge(header, claims, secret = KEY.apiSecret, hash = 'SHA-256') {
  const input = `${jsonPart(header)}.${jsonPart(claims)}`;
  return `${input}.${b64url(await hmac(secret, input, hash))}`;
}

const HS256 = { alg: 'HS256', typ: 'JWT' };
const valid = (extra = {}) => ({ iss: KEY.apiKey, sub: 'alice', nbf: NOW_S, exp: NOW_S + 600, video: { roomJoin: true, room: 'demo' }, ...extra });

function decodePart(part) {
  const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
}

/** Rejects with `code`, and the message leaks neither the secret nor the token's signature. */
async function rejectsCleanly(promise, code, what, secrets = []) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  await assertRejectsCode(() => { if (error) throw error; }, code, what);
  for (const s of [KEY.apiSecret, ...secrets]) assert(!String(error.message).includes(s), `${what}: message leaks a secret or signature`);
}

export default function cases(lib) {
  const { core, vectors } = lib;
  assert(core, 'the core entry (dist/index.js) must be built');
  const { createToken, verifyToken, decodeToken, parseTtl, LiveKitTokenError, isLiveKitTokenError } = core;
  const list = [];
  const test = (name, run) => list.push({ name, run });

  // --- create --------------------------------------------------------------------------------
  test('createToken writes the pinned header and exactly the claims asked for', async () => {
    const token = await createToken(KEY, { identity: 'alice', name: 'Alice', ttl: '10m', now: NOW, video: { roomJoin: true, room: 'demo' } });
    const parts = token.split('.');
    assertEqual(parts.length, 3, 'three parts');
    for (const p of parts) assert(/^[A-Za-z0-9_-]+$/.test(p), 'unpadded base64url');
    assertEqual(parts[0], 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'header {"alg":"HS256","typ":"JWT"}');
    assertEqual(decodePart(parts[1]), { iss: 'APIcore', sub: 'alice', nbf: NOW_S, exp: NOW_S + 600, name: 'Alice', video: { roomJoin: true, room: 'demo' } }, 'claims');
    assertEqual(parts[2], b64url(await hmac(KEY.apiSecret, `${parts[0]}.${parts[1]}`)), 'signature is HMAC-SHA256 over header.payload');
  });

  test('createToken defaults to a 6 h lifetime, floors nbf, accepts a Date and stringifies object metadata', async () => {
    const { claims } = decodeToken(await createToken(KEY, { identity: 'bob', now: new Date(NOW + 999), metadata: { seat: 3 } }));
    assertEqual([claims.nbf, claims.exp - claims.nbf, claims.metadata], [NOW_S, 6 * 3600, '{"seat":3}'], 'nbf, ttl, metadata');
  });

  test('createToken never mutates its inputs and treats undefined options as absent', async () => {
    const options = { identity: 'carol', ttl: 60, now: NOW, name: undefined, video: { roomJoin: true, room: 'r', canPublishSources: ['camera'] }, attributes: { a: '1' } };
    const snapshot = JSON.stringify(options);
    const { claims } = decodeToken(await createToken(KEY, options));
    assertEqual(JSON.stringify(options), snapshot, 'options unchanged');
    assert(!('name' in claims), 'undefined name is absent');
    assertEqual(claims.attributes, { a: '1' }, 'attributes');
  });

  test('createToken output matches livekit-server-sdk claim for claim (vector jsSdkFixedClockToken)', async () => {
    const v = vectors.jsSdkFixedClockToken;
    const mine = await createToken({ apiKey: v.apiKey, apiSecret: v.apiSecret }, { identity: v.identity, name: v.name, video: v.video, ttl: v.exp - v.nbf, now: v.nbf * 1000 });
    const theirs = decodeToken(v.token).claims;
    const sorted = (o) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));
    assertEqual(sorted(decodeToken(mine).claims), sorted(theirs), 'same claims as the official SDK');
  });

  // --- verify --------------------------------------------------------------------------------
  test('verifyToken accepts every KeySet form', async () => {
    const token = await createToken(KEY, { identity: 'alice', now: NOW, ttl: 600, video: { roomJoin: true, room: 'demo' } });
    const forms = [KEY, [{ apiKey: 'old', apiSecret: 'x' }, KEY], { other: 'x', [KEY.apiKey]: KEY.apiSecret }, (k) => (k === KEY.apiKey ? KEY.apiSecret : undefined), async (k) => (k === KEY.apiKey ? KEY.apiSecret : undefined)];
    for (const keys of forms) {
      const claims = await verifyToken(token, keys, { now: NOW + 1000, room: 'demo', identity: 'alice' });
      assertEqual([claims.sub, claims.video.room], ['alice', 'demo'], 'claims');
    }
  });

  test('verifyToken honours the 10 s default clock tolerance and a wider one', async () => {
    const token = await forge(HS256, valid());
    await verifyToken(token, KEY, { now: (NOW_S + 609) * 1000 });
    await verifyToken(token, KEY, { now: (NOW_S - 9) * 1000 });
    await verifyToken(token, KEY, { now: (NOW_S + 650) * 1000, clockTolerance: 60 });
    await rejectsCleanly(verifyToken(token, KEY, { now: (NOW_S + 611) * 1000 }), 'ERR_TOKEN_EXPIRED', 'past exp + 10 s');
  });

  test('the official SDK token verifies (header without typ) at its fixed clock', async () => {
    const v = vectors.jsSdkFixedClockToken;
    const claims = await verifyToken(v.token, { [v.apiKey]: v.apiSecret }, { now: (v.nbf + 60) * 1000, room: 'my-room', identity: 'alice' });
    assertEqual([claims.name, claims.exp], [v.name, v.exp], 'claims');
    assertEqual(decodeToken(v.token).header, { alg: 'HS256' }, 'header');
  });

  test('the LiveKit protocol vector: valid signature, legacy claims kept, expired today, wrong secret rejected', async () => {
    const v = vectors.protocolVerifierToken;
    const keys = { [v.apiKey]: v.apiSecret };
    const claims = await verifyToken(v.token, keys, { now: 1608927000 * 1000 });
    assertEqual([claims.room_join, claims.room_sid, claims.nbf, claims.exp], [true, 'myid', v.nbf, v.exp], 'legacy claims');
    await rejectsCleanly(verifyToken(v.token, keys), 'ERR_TOKEN_EXPIRED', 'current clock', [v.apiSecret]);
    await rejectsCleanly(verifyToken(v.token, { [v.apiKey]: 'not-the-secret' }, { now: 1608927000 * 1000 }), 'ERR_TOKEN_SIGNATURE', 'wrong secret', [v.token.split('.')[2]]);
  });

  test('the webhook vector: Web Crypto SHA-256 of the raw body equals the signed sha256 claim', async () => {
    const v = vectors.webhook;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(v.body)));
    assertEqual(btoa(String.fromCharCode(...digest)), v.sha256, 'sha256');
    const token = await createToken({ apiKey: v.apiKey, apiSecret: v.apiSecret }, { sha256: v.sha256, now: NOW });
    assertEqual((await verifyToken(token, { [v.apiKey]: v.apiSecret }, { now: NOW })).sha256, v.sha256, 'sha256 claim round-trips');
  });

  if (typeof core.verifyWebhook === 'function') {
    test('verifyWebhook: the vector body passes, one extra space is ERR_WEBHOOK_BODY', async () => {
      const v = vectors.webhook;
      const key = { apiKey: v.apiKey, apiSecret: v.apiSecret };
      const token = await createToken(key, { sha256: v.sha256, now: Date.now(), ttl: 600 });
      const event = await core.verifyWebhook(v.body, token, key);
      assertEqual([event.event, event.room && event.room.name], [v.event, v.roomName], 'event');
      await rejectsCleanly(core.verifyWebhook(v.body.replace(' ', '  '), token, key), 'ERR_WEBHOOK_BODY', 'altered body');
    });
  }

  // --- decode --------------------------------------------------------------------------------
  test('decodeToken reads header and claims without checking signature or time', async () => {
    const token = await forge(HS256, valid({ exp: 1 }), 'some-other-secret');
    const { header, claims } = decodeToken(token);
    assertEqual(header, HS256, 'header');
    assertEqual([claims.sub, claims.exp], ['alice', 1], 'claims');
  });

  // --- every error code ------------------------------------------------------------------------
  test('ERR_TOKEN_MALFORMED: structure, strict base64url, JSON object, 8 KiB bound (verify and decode)', async () => {
    const good = await forge(HS256, valid());
    const [h, p, s] = good.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const nonCanonical = s.slice(0, -1) + alphabet[alphabet.indexOf(s.at(-1)) | 1]; // unused low bits set
    const bad = [`${h}.${p}`, `${h}.${p}.${s}.x`, `${h}=.${p}.${s}`, `${h}.${p}.${s.slice(0, -1)}+`, `${h}.${p}.${nonCanonical}`, ` ${good}`, `${h}.${jsonPart([1, 2])}.${s}`, `${h}.${b64url(enc.encode('{nope'))}.${s}`, `${h}.${jsonPart({ pad: 'x'.repeat(9000) })}.${s}`];
    for (const token of bad) {
      await rejectsCleanly(verifyToken(token, KEY, { now: NOW }), 'ERR_TOKEN_MALFORMED', `verify ${token.slice(0, 12)}…`);
      await rejectsCleanly(Promise.resolve().then(() => decodeToken(token)), 'ERR_TOKEN_MALFORMED', `decode ${token.slice(0, 12)}…`);
    }
    await rejectsCleanly(verifyToken(42, KEY), 'ERR_TOKEN_MALFORMED', 'not a string');
  });

  test('ERR_TOKEN_ALGORITHM: alg none, HS512, RS256 and crit are refused', async () => {
    const none = `${jsonPart({ alg: 'none', typ: 'JWT' })}.${jsonPart(valid())}.`;
    await rejectsCleanly(verifyToken(none + 'AAAA', KEY, { now: NOW }), 'ERR_TOKEN_ALGORITHM', 'alg none');
    await rejectsCleanly(verifyToken(await forge({ alg: 'HS512', typ: 'JWT' }, valid(), KEY.apiSecret, 'SHA-512'), KEY, { now: NOW }), 'ERR_TOKEN_ALGORITHM', 'HS512');
    await rejectsCleanly(verifyToken(await forge({ alg: 'RS256' }, valid()), KEY, { now: NOW }), 'ERR_TOKEN_ALGORITHM', 'RS256');
    await rejectsCleanly(verifyToken(await forge({ ...HS256, crit: ['exp'] }, valid()), KEY, { now: NOW }), 'ERR_TOKEN_ALGORITHM', 'crit');
  });

  test('ERR_TOKEN_UNKNOWN_KEY: no iss, unknown iss, prototype keys', async () => {
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ iss: undefined })), KEY, { now: NOW }), 'ERR_TOKEN_UNKNOWN_KEY', 'no iss');
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ iss: 'APIelse' })), KEY, { now: NOW }), 'ERR_TOKEN_UNKNOWN_KEY', 'unknown iss');
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ iss: 'toString' })), { [KEY.apiKey]: KEY.apiSecret }, { now: NOW }), 'ERR_TOKEN_UNKNOWN_KEY', 'iss toString');
  });

  test('ERR_TOKEN_SIGNATURE: wrong secret, tampered payload, and it wins over expiry', async () => {
    const token = await forge(HS256, valid());
    const [h, , s] = token.split('.');
    await rejectsCleanly(verifyToken(token, { [KEY.apiKey]: 'wrong' }, { now: NOW }), 'ERR_TOKEN_SIGNATURE', 'wrong secret', [s]);
    await rejectsCleanly(verifyToken(`${h}.${jsonPart(valid({ sub: 'mallory' }))}.${s}`, KEY, { now: NOW }), 'ERR_TOKEN_SIGNATURE', 'tampered', [s]);
    const expired = await forge(HS256, valid({ exp: NOW_S - 3600 }), 'wrong');
    await rejectsCleanly(verifyToken(expired, KEY, { now: NOW }), 'ERR_TOKEN_SIGNATURE', 'bad signature on an expired token');
  });

  test('ERR_TOKEN_EXPIRED and ERR_TOKEN_NOT_YET_VALID', async () => {
    const token = await forge(HS256, valid());
    await rejectsCleanly(verifyToken(token, KEY, { now: (NOW_S + 3600) * 1000 }), 'ERR_TOKEN_EXPIRED', 'expired');
    await rejectsCleanly(verifyToken(token, KEY, { now: new Date((NOW_S - 3600) * 1000) }), 'ERR_TOKEN_NOT_YET_VALID', 'not yet valid');
  });

  test('ERR_TOKEN_CLAIMS: missing exp, wrong claim type, room, identity, maxTtl', async () => {
    const opts = { now: NOW };
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ exp: undefined })), KEY, opts), 'ERR_TOKEN_CLAIMS', 'no exp');
    await verifyToken(await forge(HS256, valid({ exp: undefined })), KEY, { ...opts, requireExpiry: false });
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ exp: String(NOW_S + 600) })), KEY, opts), 'ERR_TOKEN_CLAIMS', 'exp as string');
    await rejectsCleanly(verifyToken(await forge(HS256, valid({ video: { roomJoin: 'yes' } })), KEY, opts), 'ERR_TOKEN_CLAIMS', 'roomJoin as string');
    const token = await forge(HS256, valid());
    await rejectsCleanly(verifyToken(token, KEY, { ...opts, room: 'other' }), 'ERR_TOKEN_CLAIMS', 'room');
    await rejectsCleanly(verifyToken(token, KEY, { ...opts, identity: 'bob' }), 'ERR_TOKEN_CLAIMS', 'identity');
    await rejectsCleanly(verifyToken(token, KEY, { ...opts, maxTtl: '5m' }), 'ERR_TOKEN_CLAIMS', 'maxTtl');
    await verifyToken(token, KEY, { ...opts, maxTtl: '10m', room: 'demo', identity: 'alice' });
  });

  test('ERR_INVALID_OPTIONS: rejected promises, never synchronous throws, the field is named', async () => {
    const bad = [
      [KEY, { identity: 'a', video: { roomName: 'demo' } }, 'roomName'],
      [KEY, { video: { roomJoin: true, room: 'demo' } }, 'identity'],
      [KEY, { identity: 'a', video: { roomJoin: true } }, 'room'],
      [KEY, { identity: 'a', kind: 'robot' }, 'kind'],
      [KEY, { identity: 'a', video: { canPublishSources: ['webcam'] } }, 'canPublishSources'],
      [KEY, { identity: 'a', attributes: { n: 1 } }, 'attributes'],
      [KEY, { identity: 'x'.repeat(257) }, 'identity'],
      [{ apiKey: '', apiSecret: 's' }, {}, 'apiKey'],
      [{ apiKey: 'k', apiSecret: '' }, {}, 'apiSecret'],
    ];
    for (const [key, options, field] of bad) {
      let promise;
      try {
        promise = createToken(key, options);
      } catch {
        throw new Error(`createToken threw synchronously for ${field}`);
      }
      let error;
      await promise.catch((e) => { error = e; });
      assert(error && error.code === 'ERR_INVALID_OPTIONS', `${field}: got ${error && error.code}`);
      assert(error.message.includes(field), `${field}: message names the field (${error.message})`);
    }
    let syncThrow = false;
    let p;
    try { p = verifyToken('a.b.c', KEY, { unknown: 1 }); } catch { syncThrow = true; }
    assert(!syncThrow, 'verifyToken never throws synchronously');
    await rejectsCleanly(p, 'ERR_INVALID_OPTIONS', 'unknown verify option');
  });

  test('ERR_TTL_INVALID and the TTL grammar', async () => {
    // Compound spans ('1h30m') are accepted: `lk token create --valid-for` takes Go durations.
    const ok = [[90, 90], ['90s', 90], ['10m', 600], ['1.5h', 5400], ['2 days', 172800], ['1w', 604800], ['PT1H30M', 5400], ['P1D', 86400], ['45', 45], [2.9, 2], ['1h30m', 5400]];
    for (const [input, seconds] of ok) assertEqual(parseTtl(input), seconds, `parseTtl(${JSON.stringify(input)})`);
    for (const input of [-1, 0, NaN, Infinity, '', '1 fortnight', '30m1h', '0.2s', '1'.repeat(65)]) {
      await rejectsCleanly(Promise.resolve().then(() => parseTtl(input)), 'ERR_TTL_INVALID', `parseTtl(${String(input)})`);
    }
    await rejectsCleanly(createToken(KEY, { identity: 'a', ttl: '-5m' }), 'ERR_TTL_INVALID', 'createToken ttl');
  });

  test('LiveKitTokenError is an Error with name and code, and isLiveKitTokenError recognises it', async () => {
    let error;
    await verifyToken('x', KEY).catch((e) => { error = e; });
    assert(error instanceof LiveKitTokenError && error instanceof Error, 'instanceof');
    assertEqual([error.name, error.code], ['LiveKitTokenError', 'ERR_TOKEN_MALFORMED'], 'name and code');
    assert(isLiveKitTokenError(error) && isLiveKitTokenError(error, 'ERR_TOKEN_MALFORMED'), 'guard');
    assert(!isLiveKitTokenError(error, 'ERR_TOKEN_EXPIRED') && !isLiveKitTokenError(new Error('x')), 'guard negatives');
  });

  return list;
}
