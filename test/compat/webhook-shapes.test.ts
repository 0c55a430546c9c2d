// Differential test: compat's WebhookReceiver and WebhookEvent against livekit-server-sdk's, on
// signed webhook bodies built from @livekit/protocol's field descriptors. What the SDK returns is
// `WebhookEvent.fromJson(body, { ignoreUnknownFields: true })` (its WebhookReceiver.ts), and the
// objects must be equal field for field: zero values, enum numbers, bigint, `{ case, value }`.
import { readFileSync } from 'node:fs';
import { EgressStatus, ParticipantInfo_Kind, TrackSource } from '@livekit/protocol';
import * as sdk from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { generate } from '../../scripts/gen-webhook-shapes.mjs';
import * as compat from '../../src/compat/index.js';
import { allOf, newCoverage, sample, type Spelling } from './webhook-samples.js';

const KEY = 'APIwebhookshapes';
const SECRET = 'webhook-shapes-secret-0123456789abcdef';
const ours = new compat.WebhookReceiver(KEY, SECRET);
const theirs = new sdk.WebhookReceiver(KEY, SECRET);

async function signed(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  const at = new compat.AccessToken(KEY, SECRET);
  at.sha256 = btoa(String.fromCharCode(...digest));
  return at.toJwt();
}

/** Both receivers on one signed body: the SDK's result, and ours, which must equal it. */
async function receiveBoth(body: string): Promise<sdk.WebhookEvent> {
  const token = await signed(body);
  const expected = await theirs.receive(body, token);
  const actual = await ours.receive(body, token);
  expect(actual).toBeInstanceOf(compat.WebhookEvent);
  expect(actual).toEqual(expected);
  sameJson(actual, expected);
  return expected;
}

/**
 * Written back as protobuf JSON, by the event and by each nested message, the text is the SDK's.
 * Where the SDK's writer throws (a oneof case selected by a null member), ours leaves the oneof out.
 */
function sameJson(actual: compat.WebhookEvent, expected: sdk.WebhookEvent): void {
  let text: string;
  try {
    text = JSON.stringify(expected);
  } catch {
    expect(JSON.stringify(actual)).toMatch(/^\{/);
    return;
  }
  expect(JSON.stringify(actual)).toBe(text);
  expect(JSON.stringify(actual.toJson())).toBe(JSON.stringify(expected.toJson()));
  for (const field of ['room', 'participant', 'egressInfo', 'ingressInfo', 'track', 'job'] as const) {
    expect(JSON.stringify(actual[field]), field).toBe(JSON.stringify(expected[field]));
  }
}

/** The SDK's fromJson and ours: equal results, or both fail (ours with ERR_WEBHOOK_BODY). */
function fromJsonBoth(json: unknown, options?: { ignoreUnknownFields: boolean }): void {
  let expected: unknown;
  try {
    expected = sdk.WebhookEvent.fromJson(json as never, options);
  } catch {
    expect(() => compat.WebhookEvent.fromJson(json, options)).toThrow(expect.objectContaining({ code: 'ERR_WEBHOOK_BODY' }));
    return;
  }
  const actual = compat.WebhookEvent.fromJson(json, options);
  expect(actual).toEqual(expected);
  sameJson(actual, expected as sdk.WebhookEvent);
}

describe('the generated table', () => {
  it('is what scripts/gen-webhook-shapes.mjs writes from the installed @livekit/protocol', () => {
    const files = generate();
    expect(Object.keys(files).map((path) => path.split('/').pop())).toEqual(['webhook-shapes.ts', 'webhook-messages.ts']);
    for (const [path, text] of Object.entries(files)) expect(readFileSync(path, 'utf8'), path).toBe(text);
  });

  it('reaches 58 message types, 49 enum fields and 33 64-bit fields from WebhookEvent', () => {
    const all = allOf();
    expect([all.messages.size, all.enums.size, all.int64s.size]).toEqual([58, 49, 33]);
  });
});

describe('signed webhooks: compat receives what the SDK receives', () => {
  it('every enum, 64-bit and oneof field, in every spelling the SDK reads', async () => {
    const all = allOf();
    const seen = newCoverage();
    let bodies = 0;
    // Each body picks the next case of every oneof it meets; stop once every case was met.
    while (seen.oneofCases.size < all.oneofCases.size && bodies < 100) {
      const spelling: Spelling = { enumNumbers: bodies % 2 === 1, int64Numbers: bodies % 3 === 1, protoNames: bodies % 4 >= 2 };
      await receiveBoth(JSON.stringify(sample(spelling, seen)));
      bodies++;
    }
    expect(seen.oneofCases).toEqual(all.oneofCases);
    expect(seen.enums).toEqual(all.enums);
    expect(seen.int64s).toEqual(all.int64s);
    expect(seen.messages).toEqual(all.messages);
  });

  it('reads the fields code copied from LiveKit docs compares', async () => {
    const body = JSON.stringify({
      event: 'participant_joined',
      createdAt: '1700000000',
      participant: { identity: 'agent-1', kind: 'AGENT', state: 'ACTIVE', joinedAt: '1700000000', tracks: [{ source: 'MICROPHONE' }] },
      egressInfo: { status: 'EGRESS_ACTIVE', roomComposite: { roomName: 'r', file: { filepath: 'out.mp4' } } },
    });
    const event = await receiveBoth(body);
    const mine = await ours.receive(body, await signed(body));
    expect(mine.participant?.kind).toBe(ParticipantInfo_Kind.AGENT);
    expect(mine.participant?.tracks[0]?.source).toBe(TrackSource.MICROPHONE);
    expect(mine.egressInfo?.status).toBe(EgressStatus.EGRESS_ACTIVE);
    expect(mine.createdAt).toBe(1_700_000_000n);
    expect(mine.egressInfo?.request.case).toBe('roomComposite');
    expect(mine.room).toBeUndefined();
    expect(mine.participant?.name).toBe('');
    expect(event.participant?.kind).toBe(mine.participant?.kind);
  });

  it('drops unknown fields and reads an unknown enum name as the zero value', async () => {
    const body = JSON.stringify({ event: 'participant_left', extra: 1, participant: { identity: 'p', kind: 'ROBOT', futureField: { a: 1 }, kindDetails: ['CLOUD_AGENT', 'NEW_DETAIL', 'FORWARDED'] } });
    const event = await receiveBoth(body);
    expect(event.participant?.kind).toBe(0);
    expect(event.participant?.kindDetails).toEqual([0, 1]);
    expect('extra' in event).toBe(false);
  });

  it('refuses, as the SDK does, a value of the wrong type', async () => {
    for (const body of ['{"event":"room_started","room":{"name":5}}', '{"event":"room_started","createdAt":"1.5"}', '{"event":"x","participant":{"tracks":[null]}}']) {
      const token = await signed(body);
      await expect(theirs.receive(body, token)).rejects.toThrow();
      await expect(ours.receive(body, token)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
    }
  });
});

describe('signed webhooks: the deliberate difference', () => {
  // LiveKit names every event it sends; a signed body without a name is not a LiveKit webhook.
  it('refuses a signed body without an event name, which the SDK reads as event ""', async () => {
    const body = '{"room":{"name":"r"}}';
    const token = await signed(body);
    expect((await theirs.receive(body, token)).event).toBe('');
    await expect(ours.receive(body, token)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY' });
    // Unverified (skipAuth), the body is read as the SDK reads it.
    expect(await ours.receive(body, undefined, true)).toEqual(await theirs.receive(body, undefined, true));
  });
});

describe('WebhookEvent: fromJson, fromJsonString and the constructor, against the SDK', () => {
  const cases: [string, unknown][] = [
    ['empty', {}],
    ['nulls clear fields', { event: null, createdAt: null, numDropped: null, roomEndReason: null, room: null, participant: { kind: null, tracks: null, attributes: null } }],
    ['optional fields: null is undefined', { ingressInfo: { enableTranscoding: null, enabled: true } }],
    ['int64 spellings', { createdAt: ' 42 ', room: { creationTime: '', creationTimeMs: '0x10' }, participant: { joinedAt: '-0', joinedAtMs: 9007199254740993 } }],
    ['int64 out of range', { createdAt: '9223372036854775808' }],
    ['int64 smallest', { createdAt: '-9223372036854775808' }],
    ['int64 exponent', { createdAt: '1e3' }],
    ['int64 fraction', { createdAt: 1.5 }],
    ['int64 long leading zeros', { createdAt: `${'0'.repeat(10_000)}7` }],
    ['int64 sign only', { createdAt: '-' }],
    ['int64 zeros then a bad character', { createdAt: `${'0'.repeat(10_000)}x` }],
    ['int64 hex', { createdAt: '0X7fffffffffffffff' }],
    ['int64 binary with a bad digit', { createdAt: '0b102' }],
    ['int64 negative hex', { createdAt: '-0x10' }],
    ['int32 from strings', { numDropped: '12', room: { emptyTimeout: '1e2', maxParticipants: '0x10' } }],
    ['int32 with blanks', { numDropped: ' 12' }],
    ['uint32 negative', { room: { emptyTimeout: -1 } }],
    ['int32 too large', { numDropped: 2 ** 31 }],
    ['double spellings', { egressInfo: { egress: { advanced: { keyFrameInterval: 'NaN' } } } }],
    ['double infinity', { egressInfo: { egress: { advanced: { keyFrameInterval: '-Infinity' } } } }],
    ['double from a string', { egressInfo: { egress: { advanced: { keyFrameInterval: '2.5' } } } }],
    ['bool as a string', { room: { activeRecording: 'true' } }],
    ['string as a number', { event: 5 }],
    ['lone surrogate', { event: '\ud800x' }],
    ['surrogate pair', { event: 'ok 😀' }],
    ['enum numbers outside the enum', { participant: { kind: 99, state: -3 } }],
    ['enum fraction', { participant: { kind: 1.5 } }],
    ['unknown enum name in a list', { participant: { kindDetails: ['NOPE', 'SIMULATION'] } }],
    ['null in a list', { participant: { kindDetails: [null] } }],
    ['list of the wrong type', { room: { enabledCodecs: {} } }],
    ['map values', { participant: { attributes: { a: 'b', c: 'd' } } }],
    ['map null value', { participant: { attributes: { a: null } } }],
    ['map number value', { participant: { attributes: { a: 1 } } }],
    ['two members of one oneof', { egressInfo: { web: {}, track: {} } }],
    ['oneof member by proto name', { egressInfo: { room_composite: { room_name: 'r' } } }],
    ['oneof message null', { egressInfo: { web: null } }],
    ['oneof scalar null', { egressInfo: { egress: { videoTrackId: null } } }],
    ['oneof enum null', { egressInfo: { egress: { preset: null } } }],
    ['oneof enum unknown', { egressInfo: { egress: { preset: 'H264_8K' } } }],
    ['the same message under both names merges', { room: { name: 'a' }, egress_info: { room_name: 'x' }, egressInfo: { roomId: 'y' } }],
    ['the same scalar under both names: last wins', { num_dropped: 1, numDropped: 2 }],
    ['a list under both names appends', { participant: { kind_details: ['FORWARDED'], kindDetails: ['SIMULATION'] } }],
    ['nested message of the wrong type', { room: 'x' }],
    ['array body', []],
    ['null body', null],
    ['string body', 'room_started'],
  ];

  it.each(cases)('%s, with ignoreUnknownFields', (_name, json) => fromJsonBoth(json, { ignoreUnknownFields: true }));
  it.each(cases)('%s, without options', (_name, json) => fromJsonBoth(json));

  it('without ignoreUnknownFields, an unknown field or enum name fails, as in the SDK', () => {
    for (const json of [{ extra: 1 }, { participant: { kind: 'ROBOT' } }, { participant: { kindDetails: ['NOPE'] } }]) {
      expect(() => sdk.WebhookEvent.fromJson(json as never)).toThrow();
      expect(() => compat.WebhookEvent.fromJson(json)).toThrow(expect.objectContaining({ code: 'ERR_WEBHOOK_BODY' }));
    }
  });

  // Hostile sizes: each pattern and loop is linear, so a megabyte of digits is refused at once
  // (a backtracking pattern would take hours here).
  it('refuses a megabyte of digits in linear time', () => {
    for (const createdAt of [`${'0'.repeat(1_000_000)}x`, `${'1'.repeat(1_000_000)}x`, '9'.repeat(1_000_000)]) {
      expect(() => compat.WebhookEvent.fromJson({ createdAt })).toThrow(expect.objectContaining({ code: 'ERR_WEBHOOK_BODY' }));
    }
    expect(compat.WebhookEvent.fromJson({ createdAt: `${'0'.repeat(1_000_000)}7` }).createdAt).toBe(7n);
  });

  it('names the field in errors, never the value', () => {
    expect(() => compat.WebhookEvent.fromJson({ egressInfo: { roomComposite: { fileOutputs: [{ s3: { secret: 42 } }] } } })).toThrow(
      'webhook event field egressInfo.roomComposite.fileOutputs[0].s3.secret must be a string',
    );
    const secret = 'sk_live_value_that_must_not_leak';
    expect(() => compat.WebhookEvent.fromJson({ participant: { kind: secret } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });

  it('fromJsonString reads text, and refuses text that is not JSON with ERR_WEBHOOK_BODY', () => {
    const text = '{"event":"track_published","track":{"source":"CAMERA","type":"VIDEO"}}';
    expect(compat.WebhookEvent.fromJsonString(text, { ignoreUnknownFields: true })).toEqual(sdk.WebhookEvent.fromJsonString(text, { ignoreUnknownFields: true }));
    expect(() => compat.WebhookEvent.fromJsonString('{')).toThrow(expect.objectContaining({ code: 'ERR_WEBHOOK_BODY' }));
  });

  // One deliberate difference: the SDK's subclass redeclares `event` with a field initializer,
  // which runs after the protobuf constructor and resets the given name to ''. Ours keeps it.
  it('new WebhookEvent(partial) fills zero values and nested partials, ignoring unknown keys', () => {
    const partials = [
      undefined,
      { event: 'room_started', room: { sid: 'RM_x', name: 'r' }, extra: 'extra', type: 'room_started' },
      { participant: { identity: 'p', kind: 4, joinedAt: 5n, tracks: [{ sid: 'TR' }], attributes: { a: 'b' } } },
      { egressInfo: { request: { case: 'web', value: { url: 'https://example.com' } }, result: { case: 'file', value: { filename: 'f' } } } },
      { egressInfo: { request: { case: undefined } }, room: null },
    ];
    for (const partial of partials) {
      const mine = new compat.WebhookEvent(partial as compat.PartialMessage<compat.WebhookEvent>);
      expect(mine).toBeInstanceOf(compat.WebhookEvent);
      const expected = new sdk.WebhookEvent(partial as never);
      expect(expected.event).toBe('');
      expect(mine).toEqual({ ...expected, event: partial?.event ?? '' });
    }
    expect(new compat.WebhookEvent({ event: 'room_started' }).event).toBe('room_started');
  });
});
