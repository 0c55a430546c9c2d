// Type-level drop-in check: code written against livekit-server-sdk's three classes compiles
// against the compat layer.
import type { PlainMessage } from '@bufbuild/protobuf';
import { EgressInfo, ParticipantInfo, ParticipantInfo_Kind, Room, RoomAgentDispatch, RoomConfiguration, TrackSource } from '@livekit/protocol';
import type * as sdk from 'livekit-server-sdk';
import { describe, expectTypeOf, it } from 'vitest';
import {
  AccessToken,
  claimsToJwtPayload,
  TokenVerifier,
  trackSourceToString,
  TrackSource as CompatTrackSource,
  WebhookEvent as CompatWebhookEvent,
  WebhookReceiver,
  type ClaimGrants,
  type VideoGrant,
} from '../../src/compat/index.js';

describe('compat types', () => {
  it('has every public member of the SDK classes', () => {
    expectTypeOf<Exclude<keyof sdk.AccessToken, keyof AccessToken>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof sdk.TokenVerifier, keyof TokenVerifier>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof sdk.WebhookReceiver, keyof WebhookReceiver>>().toEqualTypeOf<never>();
    expectTypeOf<'addAgentGrant'>().toMatchTypeOf<keyof AccessToken>();
  });

  it('accepts the SDK constructor and method arguments', () => {
    expectTypeOf<ConstructorParameters<typeof sdk.AccessToken>>().toMatchTypeOf<ConstructorParameters<typeof AccessToken>>();
    expectTypeOf<Parameters<sdk.AccessToken['addGrant']>[0]>().toMatchTypeOf<VideoGrant>();
    expectTypeOf<Parameters<sdk.TokenVerifier['verify']>>().toMatchTypeOf<Parameters<TokenVerifier['verify']>>();
    expectTypeOf<Parameters<sdk.WebhookReceiver['receive']>>().toMatchTypeOf<Parameters<WebhookReceiver['receive']>>();
  });

  it('takes TrackSource numbers and protobuf RoomConfiguration, as SDK code passes them', () => {
    const at = new AccessToken('key', 'secret', { identity: 'me', ttl: 600 });
    at.addGrant({ roomJoin: true, room: 'r', canPublishSources: [TrackSource.CAMERA, 'microphone'] });
    at.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: 'a' })] });
    at.roomConfig = { name: 'plain', agents: [{ agentName: 'a' }] };
    at.kind = 'agent';
    at.ttl = '10m';
    expectTypeOf(at.toJwt()).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error a grant field the SDK does not have either
    at.addGrant({ roomName: 'oops' });
  });

  it('returns claims and events', () => {
    expectTypeOf(new TokenVerifier('k', 's').verify('t')).toEqualTypeOf<Promise<ClaimGrants>>();
    expectTypeOf(new WebhookReceiver('k', 's').receive('{}', 'token')).toEqualTypeOf<Promise<CompatWebhookEvent>>();
    expectTypeOf<CompatWebhookEvent['room']>().toMatchTypeOf<{ name?: string; sid?: string } | undefined>();
  });

  it("accepts the SDK's claims: TrackSource numbers, protobuf RoomConfiguration, jose payload fields", () => {
    expectTypeOf<sdk.ClaimGrants>().toMatchTypeOf<ClaimGrants>();
    const claims: ClaimGrants = { video: { roomJoin: true, room: 'r', canPublishSources: [TrackSource.CAMERA, CompatTrackSource.MICROPHONE] } };
    expectTypeOf<Parameters<typeof sdk.claimsToJwtPayload>[0]>().toMatchTypeOf<Parameters<typeof claimsToJwtPayload>[0]>();
    expectTypeOf(claimsToJwtPayload(claims).video).toMatchTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf(trackSourceToString(CompatTrackSource.CAMERA)).toEqualTypeOf<'camera' | 'microphone' | 'screen_share' | 'screen_share_audio'>();
  });

  it('types webhook events as the SDK reads them: enums as numbers, 64-bit integers as bigint, oneofs', () => {
    expectTypeOf(new WebhookReceiver('k', 's').receive('{}', 'token')).toEqualTypeOf<Promise<CompatWebhookEvent>>();
    expectTypeOf(CompatWebhookEvent.fromJson({})).toEqualTypeOf<CompatWebhookEvent>();
    expectTypeOf<CompatWebhookEvent['createdAt']>().toEqualTypeOf<bigint>();
    expectTypeOf<sdk.WebhookEventNames>().toMatchTypeOf<CompatWebhookEvent['event']>();
    const event = new CompatWebhookEvent();
    // What LiveKit's docs write keeps compiling: a protobuf enum compared with the field.
    if (event.participant?.kind === ParticipantInfo_Kind.AGENT) expectTypeOf(event.participant.joinedAt).toEqualTypeOf<bigint>();
    if (event.egressInfo?.request.case === 'roomComposite') expectTypeOf(event.egressInfo.request.value.roomName).toEqualTypeOf<string>();
    // Nested messages have the fields of protobuf-es's PlainMessage (enums widened to numbers).
    expectTypeOf<PlainMessage<ParticipantInfo>>().toMatchTypeOf<NonNullable<CompatWebhookEvent['participant']>>();
    expectTypeOf<PlainMessage<Room>>().toMatchTypeOf<NonNullable<CompatWebhookEvent['room']>>();
    expectTypeOf<PlainMessage<EgressInfo>>().toMatchTypeOf<NonNullable<CompatWebhookEvent['egressInfo']>>();
    // The SDK's own test builds one from a partial.
    expectTypeOf(new CompatWebhookEvent({ event: 'room_started', room: { sid: 'RM', name: 'r' } })).toEqualTypeOf<CompatWebhookEvent>();
  });
});
