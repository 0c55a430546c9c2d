import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { WebhookReceiver } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { createToken, isLiveKitTokenError, verifyWebhook, type LiveKitTokenErrorCode, type WebhookEvent } from '../../src/index.js';
import vectors from '../fixtures/vectors.json' with { type: 'json' };

const v = vectors.webhook;
const key = { apiKey: v.apiKey, apiSecret: v.apiSecret };
const sha256 = (body: string | Uint8Array) => createHash('sha256').update(body).digest('base64');

async function code(p: Promise<unknown>): Promise<LiveKitTokenErrorCode | string> {
  try {
    await p;
  } catch (e) {
    return isLiveKitTokenError(e) ? e.code : String(e);
  }
  return 'resolved';
}

describe('verifyWebhook with the published vector', () => {
  it('the vector body hashes to the vector sha256 (independent check with node:crypto)', () => {
    expect(sha256(v.body)).toBe(v.sha256);
  });

  it('passes: returns the parsed, typed body', async () => {
    const token = await createToken(key, { sha256: v.sha256, ttl: '5m' });
    const event: WebhookEvent = await verifyWebhook(v.body, token, key);
    expect(event.event).toBe(v.event);
    expect(event.room?.name).toBe(v.roomName);
    expect(event).toEqual(JSON.parse(v.body));
  });

  it('accepts `Bearer <token>`, a Uint8Array, a Node Buffer and an ArrayBuffer body', async () => {
    const token = await createToken(key, { sha256: v.sha256 });
    const bytes = new TextEncoder().encode(v.body);
    for (const body of [v.body, bytes, Buffer.from(v.body), bytes.buffer]) {
      expect((await verifyWebhook(body, `Bearer ${token}`, key)).event).toBe('room_started');
    }
    // A view into a larger buffer hashes only its own bytes.
    const padded = new TextEncoder().encode(`xx${v.body}yy`).subarray(2, 2 + bytes.length);
    expect((await verifyWebhook(padded, `bearer  ${token}`, key)).event).toBe('room_started');
  });

  it('accepts bytes from another realm (vm context), where instanceof would fail', async () => {
    const token = await createToken(key, { sha256: v.sha256 });
    const foreign = runInNewContext('new Uint8Array(bytes)', { bytes: [...new TextEncoder().encode(v.body)] }) as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect((await verifyWebhook(foreign, token, key)).event).toBe('room_started');
    const foreignBuffer = runInNewContext('new Uint8Array(bytes).buffer', { bytes: [...new TextEncoder().encode(v.body)] }) as ArrayBuffer;
    expect((await verifyWebhook(foreignBuffer, token, key)).event).toBe('room_started');
  });

  it('one changed byte fails with ERR_WEBHOOK_BODY (extra space, flipped character, re-serialized JSON)', async () => {
    const token = await createToken(key, { sha256: v.sha256 });
    expect(await code(verifyWebhook(v.body.replace('"event":', '"event": '), token, key))).toBe('ERR_WEBHOOK_BODY');
    expect(await code(verifyWebhook(v.body.replace('mytestroom', 'mytestrooM'), token, key))).toBe('ERR_WEBHOOK_BODY');
    expect(await code(verifyWebhook(JSON.stringify(JSON.parse(v.body)), token, key))).toBe('ERR_WEBHOOK_BODY');
    const bytes = new TextEncoder().encode(v.body);
    bytes[10]! ^= 1;
    expect(await code(verifyWebhook(bytes, token, key))).toBe('ERR_WEBHOOK_BODY');
  });

  it('a wrong key or an unknown API key fails with the token’s own code', async () => {
    const token = await createToken({ apiKey: v.apiKey, apiSecret: 'not-the-secret' }, { sha256: v.sha256 });
    expect(await code(verifyWebhook(v.body, token, key))).toBe('ERR_TOKEN_SIGNATURE');
    expect(await code(verifyWebhook(v.body, token, { other: 'x' }))).toBe('ERR_TOKEN_UNKNOWN_KEY');
  });

  it('an expired token fails with ERR_TOKEN_EXPIRED; verify options (now, clockTolerance) apply', async () => {
    const now = 1_700_000_000_000;
    const token = await createToken(key, { sha256: v.sha256, ttl: '5m', now });
    expect(await code(verifyWebhook(v.body, token, key))).toBe('ERR_TOKEN_EXPIRED');
    expect(await code(verifyWebhook(v.body, token, key, { now: now + 60_000 }))).toBe('resolved');
    expect(await code(verifyWebhook(v.body, token, key, { now: now + 400_000 }))).toBe('ERR_TOKEN_EXPIRED');
    expect(await code(verifyWebhook(v.body, token, key, { now: now + 400_000, clockTolerance: '2m' }))).toBe('resolved');
  });

  it('a token check failure wins over a body mismatch', async () => {
    const token = await createToken({ apiKey: v.apiKey, apiSecret: 'nope' }, { sha256: v.sha256 });
    expect(await code(verifyWebhook(v.body + ' ', token, key))).toBe('ERR_TOKEN_SIGNATURE');
  });

  it('missing header, token without sha256, parsed body, non-JSON body → ERR_WEBHOOK_BODY', async () => {
    for (const header of [undefined, null, '', '   ']) expect(await code(verifyWebhook(v.body, header, key))).toBe('ERR_WEBHOOK_BODY');
    const plain = await createToken(key, {});
    expect(await code(verifyWebhook(v.body, plain, key))).toBe('ERR_WEBHOOK_BODY');
    const token = await createToken(key, { sha256: v.sha256 });
    expect(await code(verifyWebhook(JSON.parse(v.body), token, key))).toBe('ERR_WEBHOOK_BODY');
    for (const body of ['not json', '[1,2]', '{"no":"event"}', '{"event":5}']) {
      const t = await createToken(key, { sha256: sha256(body) });
      expect(await code(verifyWebhook(body, t, key))).toBe('ERR_WEBHOOK_BODY');
    }
    const badUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    expect(await code(verifyWebhook(badUtf8, await createToken(key, { sha256: sha256(badUtf8) }), key))).toBe('ERR_WEBHOOK_BODY');
  });

  it('never throws synchronously', () => {
    expect(() => verifyWebhook(null as never, null, null as never).catch(() => {})).not.toThrow();
  });

  it('unknown events are still returned', async () => {
    const body = '{"event":"something_new","id":"EV_1","extra":{"a":1}}';
    const event = await verifyWebhook(body, await createToken(key, { sha256: sha256(body) }), key);
    expect(event).toEqual({ event: 'something_new', id: 'EV_1', extra: { a: 1 } });
  });

  it('agrees with livekit-server-sdk’s WebhookReceiver on our tokens', async () => {
    const token = await createToken(key, { sha256: v.sha256 });
    const sdk = await new WebhookReceiver(v.apiKey, v.apiSecret).receive(v.body, token);
    expect(sdk.event).toBe((await verifyWebhook(v.body, token, key)).event);
    await expect(new WebhookReceiver(v.apiKey, v.apiSecret).receive(v.body + ' ', token)).rejects.toThrow();
  });
});
