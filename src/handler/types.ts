import type { KeySet, VideoGrant } from '../index.js';

/** A value that may be returned directly or through a promise. */
export type Awaitable<T> = T | Promise<T>;

/** The JSON body of `POST /token`, as a client sends it (validated before any hook sees it). */
export interface TokenRequestBody {
  /** Room to join. Required, 1–256 characters. */
  room: string;
  /** Participant identity. Required, 1–256 characters. */
  identity: string;
  /** Display name. */
  name?: string;
  /** Participant metadata: a string, or any JSON value (stringified into the token). */
  metadata?: unknown;
  /** Participant attributes, string values only. */
  attributes?: Record<string, string>;
  /** Lifetime: seconds or a TTL string such as `'15m'`. At most the handler's `maxTtl`. */
  ttl?: number | string;
  /** Lifetime in seconds (the seed services' spelling). Give `ttl` or `ttl_seconds`, not both. */
  ttl_seconds?: number;
  /** Video grants on top of `{ roomJoin: true, room }`, checked by the grant policy. */
  grants?: VideoGrant;
}

/** The JSON body of `POST /token/agent`. `agentName` and `agent_id` are two spellings of one field. */
export interface AgentTokenRequestBody {
  /** Room the agent joins. Required. */
  room: string;
  /** The agent's name; it becomes the token identity. */
  agentName?: string;
  /** The seed services' spelling of `agentName`. */
  agent_id?: string;
  /** Participant metadata of the agent (and of the dispatch, when `dispatch` is true). */
  metadata?: unknown;
  /** Lifetime: seconds or a TTL string. */
  ttl?: number | string;
  /** Lifetime in seconds. */
  ttl_seconds?: number;
  /** When true, the token also carries `roomConfig.agents: [{ agentName, metadata }]`. */
  dispatch?: boolean;
}

/** The JSON body of `POST /token/verify`. */
export interface VerifyRequestBody {
  token: string;
}

/** Any body a hook can receive, depending on the route. */
export type HandlerRequestBody = TokenRequestBody | AgentTokenRequestBody | VerifyRequestBody;

/** Names of the video grant fields. */
export type VideoGrantName = keyof VideoGrant;

/**
 * What a grant policy answers for one request:
 * - `true`: every requested grant is allowed;
 * - `false`: this caller may not have a token for this request at all (403);
 * - a list of grant names: the caller may switch on these fields (set them to `true`, or set
 *   `destinationRoom`); switching on any other field is refused with 403. Fields set to `false`
 *   and `canPublishSources` only narrow a token and are always allowed.
 */
export type GrantPolicyDecision = boolean | readonly VideoGrantName[];

/** Answer of a rate limiter: `true` to go ahead, or when to retry (seconds). `false` means retry in 60 s. */
export type RateLimitDecision = true | false | { retryAfter: number };

/** Decides whether `identity` may mint now. Called once per mint request, after `authorize`. */
export type RateLimiter = (request: Request, identity: string) => Awaitable<RateLimitDecision>;

/** The routes of the token service, as named in audit events. */
export type RouteName = 'health' | 'ready' | 'token' | 'agent' | 'verify';

/**
 * One audit record. Built from an allow-list of fields: it never holds a token, a signature,
 * a secret, metadata or attributes.
 */
export interface TokenHandlerEvent {
  /** `minted` (a token was issued), `verified` (a verify request was answered) or `rejected`. */
  type: 'minted' | 'verified' | 'rejected';
  /** When it happened, epoch milliseconds. */
  time: number;
  /** The route, or `null` for an unknown path. */
  route: RouteName | null;
  method: string;
  /** Request path (without the query string). */
  path: string;
  /** HTTP status of the answer. */
  status: number;
  /** Error code for rejections; for verify, the reason a token was invalid. */
  code?: string;
  /** Who the token is (or would have been) for. */
  identity?: string;
  room?: string;
  /** For agent tokens: the agent name. */
  agentName?: string;
  /** Granted (or, for rejections, requested) video grants. */
  grants?: VideoGrant;
  /** Lifetime of the minted token, seconds. */
  ttl?: number;
  /** Expiry of the minted or verified token, epoch seconds. */
  expiresAt?: number;
  /** For verify: whether the token was valid. */
  valid?: boolean;
  /** The request's `Origin` header, when present. */
  origin?: string;
}

/** CORS settings: which browser origins may call the service. */
export interface CorsOptions {
  /** Allowed origins, such as `'https://app.example.com'`; `'*'` allows every origin. */
  origins: readonly string[];
  /** Request headers a browser may send. Default `['content-type', 'authorization']`. */
  headers?: readonly string[];
  /** How long a browser may cache a preflight answer, seconds. Default 600. */
  maxAge?: number;
}

/** Options of {@link createTokenHandler}. An option passed as `undefined` counts as absent. */
export interface TokenHandlerOptions {
  /** Keys: the first `ApiKey` (or the one named by `signingKey`) signs; all of them verify. */
  keys: KeySet;
  /** API key that signs new tokens. Required when `keys` is a function. */
  signingKey?: string | undefined;
  /** LiveKit server URL returned to clients, e.g. `wss://my-project.livekit.cloud`. */
  wsUrl: string;
  /** Lifetime of a token when the request does not ask for one. Default `'10m'`. */
  defaultTtl?: number | string | undefined;
  /** Longest lifetime a request may ask for; longer requests get 422. Default `'1h'`. */
  maxTtl?: number | string | undefined;
  /**
   * Your authentication: `true` lets the request through, `false` answers 401. Required unless
   * `allowAnonymous` is true. Called for every POST route with the validated body.
   */
  authorize?: ((request: Request, body: HandlerRequestBody) => Awaitable<boolean>) | undefined;
  /** Serve without `authorize`: anybody who can reach the service gets tokens. Development only. */
  allowAnonymous?: boolean | undefined;
  /** Which grants a caller may ask for on `POST /token`. Default: {@link PARTICIPANT_GRANTS}. */
  grantPolicy?: ((request: Request, body: TokenRequestBody) => Awaitable<GrantPolicyDecision>) | undefined;
  /** Browser origins allowed to call the service. Default: no CORS headers at all. */
  cors?: CorsOptions | undefined;
  /** Request body limit in bytes; larger bodies get 413. Default 16 KiB. */
  maxBodyBytes?: number | undefined;
  /** `false` to disable, or your limiter. Default: in memory, 60 mints per identity per minute. */
  rateLimit?: false | RateLimiter | undefined;
  /**
   * Audit hook, awaited when it returns a promise; its errors are swallowed so that logging
   * cannot break the service. Its return value is ignored (so `console.log` or a logger that
   * returns something fits as is).
   */
  onEvent?: ((event: TokenHandlerEvent) => unknown) | undefined;
  /** Prefix of every route, e.g. `'/livekit'`. Default `''`. */
  basePath?: string | undefined;
}

/** The token service: a fetch-standard function. */
export type TokenHandler = (request: Request) => Promise<Response>;
