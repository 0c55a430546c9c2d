// livekit-token/handler: the token service people write by hand, as one fetch-standard handler.
export { createTokenHandler } from './handler.js';
export { createTokenMinter, TokenServiceError, type TokenMinter } from './minter.js';
export type { AgentMintAnswer, MintAnswer, VerifyAnswer } from './pipeline.js';
export { cors, type CorsRules } from './cors.js';
export { createMemoryRateLimiter, type MemoryRateLimiterOptions } from './rate-limit.js';
export {
  fromRateLimiterFlexible,
  fromUpstashRatelimit,
  fromWorkersRateLimit,
  type RateLimiterFlexibleLike,
  type SharedRateLimitOptions,
  type UpstashRatelimitLike,
  type WorkersRateLimitBinding,
  type WorkersRateLimitOptions,
} from './limiters.js';
export { PARTICIPANT_GRANTS } from './policy.js';
export { handlerOptionsFromEnv, serveOptionsFromEnv, type EnvHandlerOptions, type EnvServeOptions } from './env.js';
export {
  serve,
  toNodeListener,
  type NodeIncomingMessage,
  type NodeListener,
  type NodeServerResponse,
  type RunningServer,
  type ServeOptions,
} from './node.js';
export type { HandlerErrorCode } from './http.js';
export type * from './types.js';
