export { LiveKitTokenError, isLiveKitTokenError, type LiveKitTokenErrorCode } from './errors.js';
export { createToken, type TokenOptions, type JsonValue } from './jwt/create.js';
export { verifyToken, type VerifiedClaims } from './jwt/verify.js';
export type { VerifyOptions } from './jwt/validate.js';
export { decodeToken, type DecodedToken, type DecodeOptions } from './jwt/decode.js';
export type { JwtHeader } from './jwt/parse.js';
export { parseTtl } from './ttl.js';
export type { ApiKey, KeySet } from './keys.js';
export type { LiveKitClaims } from './claims.js';
export type { Clock } from './lib/time.js';
export type * from './grants.js';
export { isExpired, expiresIn, canJoin, canPublish, canSubscribe, canPublishData, type ClockOptions } from './helpers.js';
export { formatDuration, tokenStatus, describeToken, type TokenStatus } from './describe.js';
export { createTokenSync, verifyTokenSync } from './jwt/sync.js';
export {
  participantGrant, viewerGrant, roomAdminGrant, recorderGrant, agentGrant, sipCallerToken, roomManagementToken,
  roomAdminToken, egressToken, ingressToken, sipAdminToken, sipCallToken, agentDispatchQueueToken, SERVER_API_TTL, type SipCallerOptions,
} from './presets.js';
export { verifyWebhook, type WebhookEvent, type WebhookEventName, type WebhookJob } from './webhook.js';
export { refreshToken, type RefreshOptions } from './refresh.js';
export { inspectToken, type TokenInspection, type InspectOptions } from './inspect.js';
export { keySetFromLiveKit } from './livekit-keys.js';
