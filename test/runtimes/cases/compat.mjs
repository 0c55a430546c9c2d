// Compat layer cases for the runtime matrix: the livekit-server-sdk drop-ins must work in every
// runtime, including those without `process` (Workers, edge). Web APIs only.
import { assert, assertEqual, assertRejectsCode } from '../assert.mjs';

const b64urlJson = (part) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
const parts = (token) => token.split('.').slice(0, 2).map(b64urlJson);

export default function cases(lib) {
  const compat = lib.compat;
  const { AccessToken, TokenVerifier, WebhookReceiver } = compat ?? {};
  const key = ['APIcompat', 'compat-secret-0123456789'];
  const list = [];
  const test = (name, run) => list.push({ name, run });

  test('compat subpath is built', () => {
    assert(typeof AccessToken === 'function' && typeof TokenVerifier === 'function' && typeof WebhookReceiver === 'function', 'three classes');
  });

  test('AccessToken mints what TokenVerifier accepts, TrackSource numbers become names', async () => {
    const at = new AccessToken(...key, { identity: 'alice', name: 'Alice', ttl: '10m', attributes: { a: 'b' } });
    at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: [1, 'microphone', 3] });
    at.addSIPGrant({ call: true });
    at.kind = 'sip';
    const token = await at.toJwt();
    const [header, claims] = parts(token);
    assertEqual(header, { alg: 'HS256', typ: 'JWT' }, 'header');
    assertEqual(claims.exp - claims.nbf, 600, 'ttl');
    const verified = await new TokenVerifier(...key).verify(token);
    assertEqual(
      [verified.sub, verified.name, verified.kind, verified.video, verified.sip, verified.attributes],
      ['alice', 'Alice', 'sip', { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone', 'screen_share'] }, { call: true }, { a: 'b' }],
      'claims',
    );
  });

  test('toJwt() twice gives the same claims; default TTL is 6h', async () => {
    const at = new AccessToken(...key, { identity: 'bob' });
    at.addGrant({ roomJoin: true, room: 'r', canPublishSources: [2] });
    const first = parts(await at.toJwt())[1];
    const second = parts(await at.toJwt())[1];
    assertEqual(second.video, first.video, 'same video grant');
    assertEqual(first.exp - first.nbf, 6 * 3600, 'default ttl');
    assertEqual(at.ttl, '6h', 'ttl accessor');
  });

  test('roomConfig objects with toJSON (protobuf-like) are serialized through it', async () => {
    const at = new AccessToken(...key, { identity: 'carol' });
    at.roomConfig = { toJSON: () => ({ name: 'r', agents: [{ agentName: 'helper', metadata: '' }], tags: {} }), toJson() {} };
    const claims = await new TokenVerifier(...key).verify(await at.toJwt());
    assertEqual(claims.roomConfig, { name: 'r', agents: [{ agentName: 'helper', metadata: '' }], tags: {} }, 'roomConfig');
  });

  test('errors are LiveKitTokenError with codes', async () => {
    const join = new AccessToken(...key);
    join.addGrant({ roomJoin: true, room: 'r' });
    await assertRejectsCode(join.toJwt(), 'ERR_INVALID_OPTIONS', 'roomJoin without identity');
    const token = await new AccessToken(...key, { identity: 'x' }).toJwt();
    await assertRejectsCode(new TokenVerifier(key[0], 'wrong').verify(token), 'ERR_TOKEN_SIGNATURE', 'wrong secret');
    await assertRejectsCode(new TokenVerifier(...key).verify('a.b'), 'ERR_TOKEN_MALFORMED', 'malformed');
  });

  test('missing keys: a clear error naming both variables (no crash where process is absent)', () => {
    const env = globalThis.process?.env ?? {};
    let error;
    try {
      new AccessToken();
    } catch (e) {
      error = e;
    }
    if (error === undefined) {
      // Only possible where both variables are really set.
      assert(!!env.LIVEKIT_API_KEY && !!env.LIVEKIT_API_SECRET, 'constructed without keys');
      return;
    }
    assertEqual(error.code, 'ERR_INVALID_OPTIONS', 'code');
    assert(/LIVEKIT_API_KEY/.test(error.message) && /LIVEKIT_API_SECRET/.test(error.message), 'names both variables');
  });

  test('the SDK fixed-clock vector verifies with TokenVerifier (no typ header)', async () => {
    const v = lib.vectors.jsSdkFixedClockToken;
    const claims = await new TokenVerifier(v.apiKey, v.apiSecret).verify(v.token, Number.MAX_SAFE_INTEGER);
    assertEqual([claims.sub, claims.video, claims.exp], [v.identity, v.video, v.exp], 'claims');
    await assertRejectsCode(new TokenVerifier(v.apiKey, v.apiSecret).verify(v.token), 'ERR_TOKEN_EXPIRED', 'expired now');
  });

  test('WebhookReceiver: vector body accepted, one changed byte rejected', async () => {
    const w = lib.vectors.webhook;
    const at = new AccessToken(w.apiKey, w.apiSecret);
    at.sha256 = w.sha256;
    const token = await at.toJwt();
    const receiver = new WebhookReceiver(w.apiKey, w.apiSecret);
    const event = await receiver.receive(w.body, token);
    assertEqual([event.event, event.room.name], [w.event, w.roomName], 'event');
    await assertRejectsCode(receiver.receive(w.body.replace('"event":', '"event": '), token), 'ERR_WEBHOOK_BODY', 'changed body');
    await assertRejectsCode(receiver.receive(w.body), 'ERR_WEBHOOK_BODY', 'no header');
  });

  return list;
}
