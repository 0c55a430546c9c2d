import type { KeySet, RoomConfiguration, VideoGrant } from '../index.js';

/**
 * A value that may be returned directly or through a promise.
 *
 * @example
 * ```ts
 * import type { Awaitable } from 'livekit-token/handler';
 *
 * // Answer from a cache at once, or after a lookup.
 * const members = new Map<string, boolean>();
 * function isMember(identity: string): Awaitable<boolean> {
 *   return members.get(identity) ?? fetch(`https://api.example.com/members/${encodeURIComponent(identity)}`).then((r) => r.ok);
 * }
 * ```
 */
export type Awaitable<T> = T | Promise<T>;

/**
 * The JSON body of `POST /token` in the handler's own camelCase names: what hooks receive (a body
 * in LiveKit's standard snake_case names, `room_name`, `participant_identity`…, is renamed to
 * these first). Validated before any hook sees it.
 *
 * @example
 * ```ts
 * import type { TokenRequestBody } from 'livekit-token/handler';
 *
 * // In the browser: ask the token service for a listen-only token.
 * const body: TokenRequestBody = { room: 'town-hall', identity: 'alice', ttl: '15m', grants: { canPublish: false } };
 * const res = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
 * const { token: jwt, wsUrl } = (await res.json()) as { token: string; wsUrl: string };
 * ```
 */
export interface TokenRequestBody {
  /**
   * Room to join, 1–256 bytes of UTF-8, no control or bidi characters. Required unless
   * `newRoomName` names the room, so a hook may see a body without it.
   */
  room?: string | undefined;
  /**
   * Participant identity, 1–256 bytes of UTF-8, no control or bidi characters, not starting with
   * `agent:` (the prefix of agent tokens). Required unless `authorize` or `newIdentity` supplies
   * it; when `authorize` does, a different identity here is refused with 403.
   */
  identity?: string | undefined;
  /** Display name. */
  name?: string | undefined;
  /** Participant metadata: a string, or any JSON value (stringified into the token). */
  metadata?: unknown;
  /** Participant attributes, string values only. */
  attributes?: Record<string, string> | undefined;
  /** Lifetime: seconds or a TTL string such as `'15m'`. From the handler's `minTtl` to its `maxTtl`. */
  ttl?: number | string | undefined;
  /** Lifetime in whole seconds (another common spelling). Give `ttl` or `ttl_seconds`, not both. */
  ttl_seconds?: number | undefined;
  /** Video grants on top of `{ roomJoin: true, room }`, checked by the grant policy. */
  grants?: VideoGrant | undefined;
  /**
   * Room settings from the caller: only agent dispatch (`agents: [{ agentName, metadata,
   * deployment, attributes }]`) of names listed in the handler's `agents`; anything else is
   * refused with 403 `ERR_GRANT_NOT_ALLOWED`.
   */
  roomConfig?: RoomConfiguration | undefined;
}

/**
 * The JSON body of `POST /token/agent`. `agentName` and `agent_id` are two spellings of one field.
 *
 * @example
 * ```ts
 * import type { AgentTokenRequestBody } from 'livekit-token/handler';
 *
 * // A token for the agent `triage`, dispatched into the room with the ticket as metadata.
 * const body: AgentTokenRequestBody = { room: 'support-42', agentName: 'triage', dispatch: true, metadata: { ticket: 42 } };
 * await fetch('/token/agent', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
 * ```
 */
export interface AgentTokenRequestBody {
  /** Room the agent joins. Required. */
  room: string;
  /** The agent's name; it becomes the token identity. */
  agentName?: string;
  /** Another spelling of `agentName`. */
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

/**
 * The JSON body of `POST /token/verify`.
 *
 * @example
 * ```ts
 * import type { VerifyRequestBody } from 'livekit-token/handler';
 *
 * const body: VerifyRequestBody = { token };
 * const res = await fetch('/token/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
 * const { valid } = (await res.json()) as { valid: boolean };
 * ```
 */
export interface VerifyRequestBody {
  token: string;
}

/**
 * Any body a hook can receive, depending on the route.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type HandlerRequestBody } from 'livekit-token/handler';
 *
 * // One `authorize` hook for every route: only the verify body has no `room`.
 * const roomOf = (body: HandlerRequestBody): string | undefined => ('room' in body ? body.room : undefined);
 * const handler = createTokenHandler({
 *   keys: key,
 *   wsUrl: env.LIVEKIT_URL,
 *   authorize: (req, body) => req.headers.get('x-allowed-room') === roomOf(body),
 * });
 * ```
 */
export type HandlerRequestBody = TokenRequestBody | AgentTokenRequestBody | VerifyRequestBody;

/**
 * Names of the video grant fields.
 *
 * @example
 * ```ts
 * import { createTokenHandler, PARTICIPANT_GRANTS, type VideoGrantName } from 'livekit-token/handler';
 *
 * const hostGrants: VideoGrantName[] = [...PARTICIPANT_GRANTS, 'roomAdmin', 'roomRecord'];
 * const handler = createTokenHandler({
 *   keys: key,
 *   wsUrl: env.LIVEKIT_URL,
 *   authorize: (req) => req.headers.has('x-role'),
 *   grantPolicy: (req) => (req.headers.get('x-role') === 'host' ? hostGrants : PARTICIPANT_GRANTS),
 * });
 * ```
 */
export type VideoGrantName = keyof VideoGrant;

/**
 * What a grant policy answers for one request:
 * - `true`: every requested grant is allowed;
 * - `false`: this caller may not have a token for this request at all (403);
 * - a list of grant names: the grants the token may carry. The caller may switch on these
 *   fields (set them to `true`, or set `destinationRoom`); switching on any other field is
 *   refused with 403. Grants LiveKit switches on by default (`canPublish`, `canSubscribe`,
 *   `canPublishData`) that the list leaves out are written as `false`, so
 *   `['roomJoin', 'canSubscribe']` really is listen-only. `roomJoin` and `room` come from the
 *   route and never need listing. Fields set to `false` and `canPublishSources` only narrow a
 *   token and are always allowed.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type GrantPolicyDecision, type MintRequestBody } from 'livekit-token/handler';
 *
 * function grantPolicy(req: Request, body: MintRequestBody): GrantPolicyDecision {
 *   // The room is the one the token is for (newRoomName's when the body names none).
 *   if (body.room?.startsWith('staff-') === true && req.headers.get('x-role') !== 'staff') return false; // 403
 *   return req.headers.get('x-role') === 'staff' ? true : ['roomJoin', 'canSubscribe'];
 * }
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, authorize: (req) => req.headers.has('x-role'), grantPolicy });
 * ```
 */
export type GrantPolicyDecision = boolean | readonly VideoGrantName[];

/**
 * Answer of a rate limiter: `true` (or `{ allow: true }`) to go ahead, or when to retry
 * (seconds): 429 with `Retry-After`, a whole number from 1 to 86400. `false` means retry in 60 s.
 * `pending` is work the limiter still does in the background (such as `@upstash/ratelimit`'s
 * analytics): it goes to the handler's `waitUntil`, and its rejection is always caught. A limiter whose store cannot be reached answers
 * `{ retryAfter, unavailable: true }`: 503 `ERR_RATE_LIMIT_UNAVAILABLE` with `Retry-After`, so
 * that an outage never lets every request through, and never looks like the caller's fault.
 *
 * @example
 * ```ts
 * import type { RateLimitDecision } from 'livekit-token/handler';
 *
 * // Five mints per identity, then wait half a minute.
 * const used = new Map<string, number>();
 * function decide(identity: string): RateLimitDecision {
 *   const count = (used.get(identity) ?? 0) + 1;
 *   used.set(identity, count);
 *   return count <= 5 ? true : { retryAfter: 30 };
 * }
 * ```
 */
export type RateLimitDecision =
  | true
  | false
  | { retryAfter: number; unavailable?: boolean | undefined; pending?: Promise<unknown> | undefined }
  | { allow: true; pending?: Promise<unknown> | undefined };

/**
 * The body of a route that mints: `POST /token` or `POST /token/agent` (which has `agentName`
 * or `agent_id` instead of `identity`).
 *
 * @example
 * ```ts
 * import type { MintRequestBody } from 'livekit-token/handler';
 *
 * const isAgentRequest = (body: MintRequestBody): boolean => 'agentName' in body || 'agent_id' in body;
 * ```
 */
export type MintRequestBody = TokenRequestBody | AgentTokenRequestBody;

/**
 * What `authorize` knows about the caller from its own session, carried by the token on
 * `POST /token`: `identity` replaces the body's (a body naming another identity gets 403
 * `ERR_IDENTITY_MISMATCH`), and `name`, `metadata` and `attributes`, when given, replace the
 * body's. On `POST /token/agent` the identity is the agent's name, so facts are not used there.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type CallerFacts } from 'livekit-token/handler';
 *
 * // Your session lookup; the token is bound to the logged-in user, whatever the body says.
 * declare function sessionUser(req: Request): Promise<{ id: string; displayName: string } | null>;
 * const handler = createTokenHandler({
 *   keys: key,
 *   wsUrl: env.LIVEKIT_URL,
 *   authorize: async (req): Promise<CallerFacts | false> => {
 *     const user = await sessionUser(req);
 *     return user ? { identity: user.id, name: user.displayName } : false;
 *   },
 * });
 * ```
 */
export interface CallerFacts {
  /** The caller's identity; the token's `sub`. */
  identity?: string | undefined;
  /** Display name. */
  name?: string | undefined;
  /** Participant metadata: a string, or any JSON value (stringified into the token). */
  metadata?: unknown;
  /** Participant attributes, string values only. */
  attributes?: Record<string, string> | undefined;
}

/**
 * What `authorize` answers: `false` (401), `true` (go ahead, the body says who the token is
 * for), or the caller's {@link CallerFacts}.
 *
 * @example
 * ```ts
 * import type { AuthorizeResult } from 'livekit-token/handler';
 *
 * const answer: AuthorizeResult = { identity: 'user-42', name: 'Ada' };
 * ```
 */
export type AuthorizeResult = boolean | CallerFacts;

/**
 * Decides whether a request may go ahead now. As `rateLimit`, it is called once per mint request
 * after `authorize` and the checks of the body, with the token's identity (the authorized one
 * when `authorize` gave facts, `agent:<name>` on `/token/agent`) and the client's address
 * (`undefined` when none is known). As `addressRateLimit`, it is called with the client's
 * address, only when one is known. As `verifyRateLimit`, it is called with the client's address,
 * or `''` when none is known.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type RateLimiter } from 'livekit-token/handler';
 *
 * // A limiter shared by every instance, backed by your own service.
 * const rateLimit: RateLimiter = async (_request, identity) => {
 *   const res = await fetch(`https://limits.example.com/mint/${encodeURIComponent(identity)}`, { method: 'POST' });
 *   return res.ok ? true : { retryAfter: Number(res.headers.get('retry-after') ?? 60) };
 * };
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, authorize: (req) => req.headers.has('authorization'), rateLimit });
 * ```
 */
export type RateLimiter = (request: Request, key: string, address?: string | undefined) => Awaitable<RateLimitDecision>;

/**
 * The routes of the token service, as named in audit events.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type RouteName } from 'livekit-token/handler';
 *
 * const requests: Record<RouteName, number> = { health: 0, ready: 0, token: 0, agent: 0, verify: 0 };
 * const handler = createTokenHandler({
 *   keys: key,
 *   wsUrl: env.LIVEKIT_URL,
 *   allowAnonymous: true, // development only
 *   onEvent: (event) => {
 *     if (event.route !== null) requests[event.route] += 1;
 *   },
 * });
 * ```
 */
export type RouteName = 'health' | 'ready' | 'token' | 'agent' | 'verify';

/**
 * One audit record. Built from an allow-list of fields: it never holds a token, a signature,
 * a secret, metadata or attributes.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type TokenHandlerEvent } from 'livekit-token/handler';
 *
 * function audit(event: TokenHandlerEvent): void {
 *   if (event.type === 'rejected') console.warn(`${event.status} ${event.code ?? ''} ${event.method} ${event.path} for ${event.identity ?? '?'}`);
 *   else if (event.type === 'minted') console.info(`${event.identity} → ${event.room} for ${event.ttl} s`);
 * }
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, allowAnonymous: true, onEvent: audit });
 * ```
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
  /**
   * For a 500 caused by the application's own hooks (facts or a `newIdentity` answer that break
   * the rules): what was wrong, in a fixed sentence that never holds the values.
   */
  reason?: string;
  /** For verify: whether the token was valid. */
  valid?: boolean;
  /** The request's `Origin` header, when present. */
  origin?: string;
}

/**
 * CORS settings: which browser origins may call the service.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type CorsOptions } from 'livekit-token/handler';
 *
 * const cors: CorsOptions = { origins: ['https://app.example.com', 'http://localhost:5173'], maxAge: 3600 };
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, authorize: (req) => req.headers.has('authorization'), cors });
 * ```
 */
export interface CorsOptions {
  /** Allowed origins, such as `'https://app.example.com'`; `'*'` allows every origin. */
  origins: readonly string[];
  /** Request headers a browser may send. Default `['content-type', 'authorization']`. */
  headers?: readonly string[];
  /** How long a browser may cache a preflight answer, seconds. Default 600. */
  maxAge?: number;
  /**
   * Let browsers send cookies (`fetch(url, { credentials: 'include' })`, as LiveKit's
   * `TokenSource.endpoint(url, { credentials: 'include' })` does): answers carry
   * `Access-Control-Allow-Credentials: true`. Never together with the origin `'*'`.
   */
  credentials?: true | undefined;
}

/**
 * Options of {@link createTokenHandler}. An option passed as `undefined` counts as absent.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type TokenHandlerOptions } from 'livekit-token/handler';
 *
 * const options: TokenHandlerOptions = {
 *   keys: { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET },
 *   wsUrl: env.LIVEKIT_URL,
 *   maxTtl: '30m',
 *   basePath: '/livekit',
 *   authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
 * };
 * const handler = createTokenHandler(options);
 * ```
 */
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
   * Shortest lifetime a request may ask for; shorter requests get 422 `ERR_TTL_TOO_SHORT`, so
   * that a client sending `{"ttl": 24}` meaning hours learns that a number is seconds.
   * Default `'1m'`.
   */
  minTtl?: number | string | undefined;
  /**
   * Your authentication, called for every POST route once the body's JSON shape is checked and
   * before anything else is: `false` answers 401; `true` lets the request through; the caller's
   * {@link CallerFacts} (from your session) let it through and bind the token to them.
   * Required unless `allowAnonymous` is true.
   */
  authorize?: ((request: Request, body: HandlerRequestBody) => Awaitable<AuthorizeResult>) | undefined;
  /** Serve without `authorize`: anybody who can reach the service gets tokens. Development only. */
  allowAnonymous?: boolean | undefined;
  /**
   * Which grants a token may carry, on `POST /token` and `POST /token/agent` (see
   * {@link GrantPolicyDecision}). Called after `authorize` and `newRoomName`: on `POST /token`
   * the body it receives holds the room the token is for, `newRoomName`'s when the body named
   * none. Default: {@link PARTICIPANT_GRANTS}.
   */
  grantPolicy?: ((request: Request, body: MintRequestBody) => Awaitable<GrantPolicyDecision>) | undefined;
  /**
   * Where each route lives, under `basePath`: a path such as `'/get-token'`, `true` for its
   * default path, or `false` to switch it off (404 for every method). Defaults: `token`
   * `/token`, `verify` `/token/verify`, `health` `/health`, `ready` `/ready`; `agent`
   * (`/token/agent`) is **off**, because it mints under names that are not the caller's own:
   * switching it on needs the names it may mint in `agents`.
   *
   * @example
   * ```ts
   * import { createTokenHandler } from 'livekit-token/handler';
   *
   * const handler = createTokenHandler({
   *   keys: { apiKey: 'APIabc', apiSecret: 'a-long-random-secret' },
   *   wsUrl: 'wss://my-project.livekit.cloud',
   *   authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
   *   routes: { token: '/get-token', verify: false, agent: true },
   *   agents: ['support-bot'],
   * });
   * ```
   */
  routes?: RoutesOption | undefined;
  /**
   * Agent names a caller may ask for: on `/token/agent`, and in a body's `roomConfig.agents`
   * (`room_config.agents`), which asks LiveKit to dispatch them. `''` stands for the default
   * agent (a dispatch without a name). Default: none.
   */
  agents?: readonly string[] | undefined;
  /**
   * Names the room when the body does not (LiveKit's client SDKs often send none), called after
   * `authorize`. Without it, a body without a room gets 400 `ERR_MISSING_FIELD`.
   */
  newRoomName?: ((request: Request) => Awaitable<string>) | undefined;
  /**
   * Names the participant when neither the body nor `authorize`'s facts do, called after
   * `authorize`. Without it, such a request gets 400 `ERR_MISSING_FIELD`. An answer that breaks
   * the identity rules (or starts with `agent:`) is the application's bug: 500.
   */
  newIdentity?: ((request: Request) => Awaitable<string>) | undefined;
  /** The `service` field of `/health` and `/ready`. Default `'livekit-token'`. */
  serviceName?: string | undefined;
  /** Browser origins allowed to call the service. Default: no CORS headers at all. */
  cors?: CorsOptions | undefined;
  /** Request body limit in bytes; larger bodies get 413. Default 16 KiB. */
  maxBodyBytes?: number | undefined;
  /**
   * The per-identity bucket of the mint routes: `false` to switch it off, or your limiter
   * (called with the token's identity and the client's address, `undefined` when none is known).
   * Default: in memory, 60 mints a minute per identity. It never replaces `addressRateLimit`: the
   * two buckets compose. In memory means per process: with several instances, plug in a limiter
   * they share.
   */
  rateLimit?: false | RateLimiter | undefined;
  /**
   * The per-address bucket of the mint routes: `false` to switch it off, or your limiter
   * (called with the client's address, only when one is known, so any {@link RateLimiter} fits).
   * Default: in memory, 600 requests a minute per client address (see `clientAddress`).
   */
  addressRateLimit?: false | RateLimiter | undefined;
  /**
   * Receives the background work of a limiter's answer (`pending`, e.g. `@upstash/ratelimit`'s
   * analytics), as Workers' `ctx.waitUntil` does, already guarded so that its rejection is
   * caught. Default: none (the promise runs on, its rejection caught).
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /**
   * Limits `POST /token/verify`: `false` to disable, or your limiter (called with the client
   * address, or `''` when none is known). Default: in memory, 600 a minute per client address;
   * off where no address is known, so that one caller cannot drain a bucket shared by all.
   */
  verifyRateLimit?: false | RateLimiter | undefined;
  /**
   * The caller's address, for the rate limits: e.g. the `CF-Connecting-IP` header on
   * Cloudflare, or the last `X-Forwarded-For` hop that your own proxy added. Return `undefined`
   * when unknown: the transport's own address (the Node socket) is used then. Default: the
   * socket's address in the Node adapter (`toNodeListener`, `serve`); none elsewhere. Behind a
   * proxy, the socket is the proxy: set this.
   */
  clientAddress?: ((request: Request) => string | null | undefined) | undefined;
  /**
   * Audit hook, awaited when it returns a promise; its errors are swallowed so that logging
   * cannot break the service. Its return value is ignored (so `console.log` or a logger that
   * returns something fits as is).
   */
  onEvent?: ((event: TokenHandlerEvent) => unknown) | undefined;
  /** Prefix of every route, e.g. `'/livekit'`. Default `''`. */
  basePath?: string | undefined;
}

/**
 * The `routes` option: per route, a path under `basePath`, `true` (its default path) or `false`.
 *
 * @example
 * ```ts
 * import type { RoutesOption } from 'livekit-token/handler';
 *
 * // Only the token route, where an older front end expects it.
 * const routes: RoutesOption = { token: '/get-token', verify: false, health: true, ready: true };
 * ```
 */
export interface RoutesOption {
  token?: boolean | string | undefined;
  agent?: boolean | string | undefined;
  verify?: boolean | string | undefined;
  health?: boolean | string | undefined;
  ready?: boolean | string | undefined;
}

/**
 * The token service: a fetch-standard function.
 *
 * @example
 * ```ts
 * import { createTokenHandler, type TokenHandler } from 'livekit-token/handler';
 *
 * const tokens: TokenHandler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, basePath: '/livekit', allowAnonymous: true });
 * // Mount it in an existing fetch-style app.
 * async function app(request: Request): Promise<Response> {
 *   return new URL(request.url).pathname.startsWith('/livekit/') ? tokens(request) : new Response('not found', { status: 404 });
 * }
 * ```
 */
export type TokenHandler = (request: Request) => Promise<Response>;
