import type {
  LiveKitClaims,
  WebhookEventName,
  ParticipantKind,
  RoomConfiguration,
  TrackSource,
  VideoGrant as CoreVideoGrant,
} from '../index.js';

/**
 * The SDK's video grant: `canPublishSources` also takes protobuf `TrackSource` numbers
 * (1 camera, 2 microphone, 3 screen_share, 4 screen_share_audio), as SDK code passes them.
 *
 * @example
 * ```ts
 * import type { VideoGrant } from 'livekit-token/compat';
 *
 * // SDK code that passes protobuf TrackSource numbers keeps compiling: 1 camera, 2 microphone.
 * const grant: VideoGrant = { roomJoin: true, room: 'podcast', canPublish: true, canPublishSources: [1, 2] };
 * at.addGrant(grant);
 * ```
 */
export type VideoGrant = Omit<CoreVideoGrant, 'canPublishSources'> & {
  canPublishSources?: ReadonlyArray<TrackSource | number> | undefined;
};

/**
 * A room configuration: a plain object with LiveKit's camelCase JSON fields, or a protobuf
 * `RoomConfiguration` from `@livekit/protocol`. Messages are recognized by their public
 * `toJson` method (their `toJSON`, which `JSON.stringify` calls, is `protected` in the typings).
 *
 * @example
 * ```ts
 * import type { RoomConfigInput } from 'livekit-token/compat';
 *
 * // A plain object works; so does a `RoomConfiguration` message from @livekit/protocol.
 * const roomConfig: RoomConfigInput = { emptyTimeout: 300, maxParticipants: 8, agents: [{ agentName: 'notetaker' }] };
 * at.roomConfig = roomConfig;
 * ```
 */
export type RoomConfigInput =
  | RoomConfiguration
  | {
      /** The protobuf message's JSON form; the token carries what its `toJSON()` returns. */
      toJson(...args: never[]): unknown;
    };

/**
 * A participant kind; typed loosely like the SDK's setter, checked when the token is minted.
 *
 * @example
 * ```ts
 * import type { KindInput } from 'livekit-token/compat';
 *
 * // Any string is accepted here, as in the SDK; an unknown kind is refused by `toJwt()`.
 * const kind: KindInput = request.headers.get('x-participant-kind') ?? 'standard';
 * at.kind = kind;
 * ```
 */
export type KindInput = ParticipantKind | (string & {});

/**
 * Options of `new AccessToken(apiKey, apiSecret, options)`, as in livekit-server-sdk.
 *
 * @example
 * ```ts
 * import { AccessToken, type AccessTokenOptions } from 'livekit-token/compat';
 *
 * const options: AccessTokenOptions = { identity: 'alice', name: 'Alice', ttl: '15m', attributes: { team: 'blue' } };
 * const at = new AccessToken(apiKey, apiSecret, options);
 * at.addGrant({ roomJoin: true, room: 'standup' });
 * const jwt = await at.toJwt();
 * ```
 */
export interface AccessTokenOptions {
  /** Lifetime: seconds, or a span such as `'10m'`, `'2 days'`. Default `'6h'`. */
  ttl?: number | string | undefined;
  /** Display name. */
  name?: string | undefined;
  /** Participant identity; required for `roomJoin` tokens. */
  identity?: string | undefined;
  /** Participant metadata. */
  metadata?: string | undefined;
  /** Participant attributes. */
  attributes?: Record<string, string> | undefined;
  /**
   * Let `roomConfig.egress` carry storage credentials or stream outputs (refused by default, as
   * LiveKit's Go SDK does with `SetAllowSensitiveCredentials`): every holder of the token can
   * read them. Not in the JS SDK, which does not check.
   */
  allowSensitiveCredentials?: boolean | undefined;
  /** Refuse to mint a token larger than this many bytes. Default 8192, what verification accepts. */
  maxTokenBytes?: number | undefined;
}

/**
 * The claims of a token, as the SDK types them (the mapped types keep the claims' index
 * signature, which `Omit` would lose): the core's `LiveKitClaims`, with the SDK's video
 * grant (`canPublishSources` also as `TrackSource` numbers), `kind` as any string and a protobuf
 * `RoomConfiguration` as `roomConfig`. `TokenVerifier.verify` returns the claims as the token has them, `null`
 * values included, as the SDK does.
 *
 * @example
 * ```ts
 * import type { ClaimGrants } from 'livekit-token/compat';
 *
 * const grants: ClaimGrants = await verifier.verify(token);
 * console.log(`${grants.sub} may join ${grants.video?.room ?? 'no room'}`);
 * ```
 */
export type ClaimGrants = { [K in keyof LiveKitClaims as K extends 'video' | 'kind' | 'roomConfig' ? never : K]: LiveKitClaims[K] } & {
  video?: VideoGrant | undefined;
  kind?: KindInput | undefined;
  /** Typed loosely where the SDK's protobuf `RoomEgress` has no index signature to match the core's. */
  roomConfig?: ({ [K in keyof RoomConfiguration as K extends 'egress' ? never : K]: RoomConfiguration[K] } & { egress?: object | undefined }) | undefined;
};

/**
 * Webhook event names, as the SDK calls the type; other names are passed through as strings.
 *
 * @example
 * ```ts
 * import type { WebhookEventNames } from 'livekit-token/compat';
 *
 * const audited = new Set<WebhookEventNames>(['participant_joined', 'participant_left']);
 * const event = await receiver.receive(rawBody, authorization);
 * if (audited.has(event.event)) console.log(event.event, event.participant?.identity);
 * ```
 */
export type WebhookEventNames = WebhookEventName | (string & {});
