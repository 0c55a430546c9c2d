// Domain layer cases for the runtime matrix: webhook vector, preset round trips, helpers and
// human status texts at fixed clocks, refresh. Web APIs only; every clock is fixed.
import { assert, assertEqual, assertRejectsCode } from '../assert.mjs';

const NOW = 1_700_000_000_000; // ms
const NOW_S = NOW / 1000;

export default function cases(lib) {
  const core = lib.core;
  const w = lib.vectors.webhook;
  const wkey = { apiKey: w.apiKey, apiSecret: w.apiSecret };
  const key = { apiKey: 'APIdomain', apiSecret: 'domain-secret' };
  const list = [];
  const test = (name, run) => list.push({ name, run });

  test('webhook vector: body hashes to the vector sha256 and verifies', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(w.body)));
    assertEqual(btoa(String.fromCharCode(...digest)), w.sha256, 'vector sha256');
    const token = await core.createToken(wkey, { sha256: w.sha256, now: NOW, ttl: '5m' });
    const event = await core.verifyWebhook(w.body, `Bearer ${token}`, wkey, { now: NOW });
    assertEqual([event.event, event.room.name], [w.event, w.roomName], 'event');
    const bytes = await core.verifyWebhook(new TextEncoder().encode(w.body), token, wkey, { now: NOW });
    assertEqual(bytes.event, w.event, 'Uint8Array body');
  });

  test('webhook vector: one extra byte, wrong key, expired, missing header fail with their codes', async () => {
    const token = await core.createToken(wkey, { sha256: w.sha256, now: NOW, ttl: '5m' });
    await assertRejectsCode(core.verifyWebhook(w.body.replace('"event":', '"event": '), token, wkey, { now: NOW }), 'ERR_WEBHOOK_BODY', 'one byte');
    await assertRejectsCode(core.verifyWebhook(w.body, token, { apiKey: w.apiKey, apiSecret: 'wrong' }, { now: NOW }), 'ERR_TOKEN_SIGNATURE', 'wrong key');
    await assertRejectsCode(core.verifyWebhook(w.body, token, wkey, { now: NOW + 3_600_000 }), 'ERR_TOKEN_EXPIRED', 'expired');
    await assertRejectsCode(core.verifyWebhook(w.body, null, wkey), 'ERR_WEBHOOK_BODY', 'no header');
  });

  test('SIP caller preset round trip: mint, verify, helpers', async () => {
    const options = core.sipCallerToken({ room: 'call-1', phoneNumber: '+15551234567', agentName: 'receptionist' });
    const claims = await core.verifyToken(await core.createToken(key, { ...options, now: NOW }), key, { now: NOW, room: 'call-1' });
    assertEqual([claims.kind, claims.sub, claims.roomConfig], ['sip', 'sip_+15551234567', { agents: [{ agentName: 'receptionist' }] }], 'claims');
    assert(core.canJoin(claims, 'call-1') && core.canPublish(claims, 'microphone'), 'can join and speak');
    assert(!core.canPublish(claims, 'camera'), 'no camera');
  });

  test('grant and server-API presets round trip with least privilege', async () => {
    const viewer = await core.verifyToken(await core.createToken(key, { identity: 'v', video: core.viewerGrant('demo'), now: NOW }), key, { now: NOW });
    assert(core.canJoin(viewer, 'demo') && core.canSubscribe(viewer), 'viewer joins and subscribes');
    assert(!core.canPublish(viewer) && !core.canPublishData(viewer), 'viewer cannot publish');
    const admin = await core.verifyToken(await core.createToken(key, { ...core.roomManagementToken(), now: NOW }), key, { now: NOW });
    assertEqual([admin.video, admin.exp - admin.nbf], [{ roomCreate: true, roomList: true }, 600], 'room management');
  });

  test('tokenStatus and describeToken texts at fixed clocks', () => {
    const claims = { sub: 'alice', nbf: NOW_S, exp: NOW_S + 21600, video: { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] } };
    assertEqual(core.tokenStatus(claims, { now: NOW + 30_000 }), { state: 'valid', seconds: 21570, text: 'valid for 5 h 59 min' }, 'valid');
    assertEqual(core.tokenStatus(claims, { now: NOW + 21780_000 }).text, 'EXPIRED 3 min ago', 'expired');
    assertEqual(core.tokenStatus(claims, { now: NOW - 120_000 }).text, 'not valid for another 2 min', 'not yet');
    assertEqual(core.describeToken(claims, { now: NOW + 30_000 }), 'alice may join room demo, publish camera+microphone, subscribe, expires in 5 h 59 min', 'describe');
    assertEqual(core.formatDuration(183600), '2 d 3 h', 'formatDuration');
  });

  test('refreshToken keeps identity and grants, drops sip, renews times', async () => {
    const old = await core.createToken(key, { identity: 'bob', video: core.participantGrant('r'), sip: { admin: true }, now: NOW, ttl: '10m' });
    const fresh = await core.refreshToken(old, key, { ttl: '1h', now: NOW + 60_000 });
    const claims = await core.verifyToken(fresh, key, { now: NOW + 60_000 });
    assertEqual([claims.sub, claims.sip, claims.exp - claims.nbf, claims.video], ['bob', undefined, 3600, core.participantGrant('r')], 'refreshed');
  });

  return list;
}
