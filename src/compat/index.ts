/**
 * `livekit-token/compat`: drop-in replacements for livekit-server-sdk v2's `AccessToken`,
 * `TokenVerifier` and `WebhookReceiver`, on the Web Crypto core. Change the import line; keep
 * everything else (RoomServiceClient, EgressClient …) from livekit-server-sdk.
 *
 * @example
 * ```ts
 * // before: import { AccessToken, TokenVerifier, WebhookReceiver } from 'livekit-server-sdk';
 * import { AccessToken, TokenVerifier, WebhookReceiver } from 'livekit-token/compat';
 * ```
 * @module
 */
export { AccessToken } from './access-token.js';
export { TokenVerifier } from './token-verifier.js';
export { WebhookReceiver } from './webhook-receiver.js';
export { WebhookEvent, type JsonReadOptions, type PartialMessage } from './webhook-event.js';
export type * as WebhookMessages from './webhook-messages.js';
export type { JsonWriteOptions } from './webhook-reader.js';
export { TrackSource, claimsToJwtPayload, trackSourceToString, type JwtPayload } from './grants.js';
export type {
  AccessTokenOptions,
  ClaimGrants,
  KindInput,
  RoomConfigInput,
  VideoGrant,
  WebhookEventNames,
} from './types.js';
export type { AgentGrant, InferenceGrant, ObservabilityGrant, SIPGrant } from '../index.js';
