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
 */
export type VideoGrant = Omit<CoreVideoGrant, 'canPublishSources'> & {
  canPublishSources?: ReadonlyArray<TrackSource | number> | undefined;
};

/**
 * A room configuration: a plain object with LiveKit's camelCase JSON fields, or a protobuf
 * `RoomConfiguration` from `@livekit/protocol`. Messages are recognized by their public
 * `toJson` method (their `toJSON`, which `JSON.stringify` calls, is `protected` in the typings).
 */
export type RoomConfigInput =
  | RoomConfiguration
  | {
      /** The protobuf message's JSON form; the token carries what its `toJSON()` returns. */
      toJson(...args: never[]): unknown;
    };

/** A participant kind; typed loosely like the SDK's setter, checked when the token is minted. */
export type KindInput = ParticipantKind | (string & {});

/** Options of `new AccessToken(apiKey, apiSecret, options)`, as in livekit-server-sdk. */
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
}

/** The claims a verified token carries (the core's `LiveKitClaims`). */
export type ClaimGrants = LiveKitClaims;

/** Webhook event names, as the SDK calls the type; other names are passed through as strings. */
export type WebhookEventNames = WebhookEventName | (string & {});
