// Type-level drop-in check: code written against livekit-server-sdk's three classes compiles
// against the compat layer.
import { RoomAgentDispatch, RoomConfiguration, TrackSource } from '@livekit/protocol';
import type * as sdk from 'livekit-server-sdk';
import { describe, expectTypeOf, it } from 'vitest';
import {
  AccessToken,
  TokenVerifier,
  WebhookReceiver,
  type ClaimGrants,
  type VideoGrant,
  type WebhookEvent,
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
    expectTypeOf(new WebhookReceiver('k', 's').receive('{}', 'token')).toEqualTypeOf<Promise<WebhookEvent>>();
    expectTypeOf<WebhookEvent['room']>().toMatchTypeOf<{ name?: string; sid?: string } | undefined>();
  });
});
