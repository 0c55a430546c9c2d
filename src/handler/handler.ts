import { createTokenSync, isLiveKitTokenError, verifyToken, type ApiKey, type TokenOptions, type VideoGrant } from '../index.js';
import { readJsonBody } from './body.js';
import { planHandler, type HandlerPlan } from './config.js';
import { corsHeaders, preflight } from './cors.js';
import { errorReply, HttpError, json, reject } from './http.js';
import { DIRECT, fromRequest, toResponse, type DirectEntry, type Incoming, type Reply } from './incoming.js';
import { DEFAULT_MAX_TOKEN_BYTES, MAX_NAME_BYTES } from '../lib/limits.js';
import { applyPolicy, PARTICIPANT_GRANTS } from './policy.js';
import { callerFacts, checkAgentShape, checkCharacters, checkName, checkTokenShape, checkVerifyShape, metadataText, requestedTtl } from './request.js';
import type { CallerFacts, RateLimitDecision, RouteName, TokenHandler, TokenHandlerEvent, TokenHandlerOptions } from './types.js';

interface Route {
  name: RouteName;
  methods: readonly string[];
}

const ROUTES = new Map<string, Route>([
  ['/health', { name: 'health', methods: ['GET', 'HEAD'] }],
  ['/ready', { name: 'ready', methods: ['GET', 'HEAD'] }],
  ['/token', { name: 'token', methods: ['POST'] }],
  ['/token/agent', { name: 'agent', methods: ['POST'] }],
  ['/token/verify', { name: 'verify', methods: ['POST'] }],
]);

/** What one request has revealed so far: becomes the audit event, whatever the outcome. */
type Context = Omit<TokenHandlerEvent, 'type' | 'status' | 'time'>;

/** The result of a route: the JSON to send and the audit event to emit (if any). */
interface Outcome {
  status: number;
  body: unknown;
  event?: TokenHandlerEvent['type'];
}

/**
 * Creates the token service: a fetch-standard `(request: Request) => Promise<Response>` that
 * runs as is in Cloudflare Workers, Deno, Bun, and Node (through {@link toNodeListener}).
 *
 * Routes (under `basePath`): `GET /health`, `GET /ready`, `POST /token`, `POST /token/agent`,
 * `POST /token/verify`. Errors are JSON `{ error: { code, message } }` with statuses 400, 401,
 * 403, 404, 405, 413, 415, 422, 429 and 503. Invalid options throw `ERR_INVALID_OPTIONS` right
 * here, including a missing `authorize` without `allowAnonymous: true`.
 *
 * Each request is worked through in this order, so that a caller who is turned away costs
 * next to nothing: route, method, content type, size, JSON shape, then `authorize`, then the
 * grant policy, then the values (lifetime, characters and lengths of names), then the rate
 * limit, and only then the signature.
 *
 * @example
 * ```ts
 * import { createTokenHandler } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({
 *   keys: { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET },
 *   wsUrl: env.LIVEKIT_URL,
 *   // Your auth: ask the app's session endpoint who the caller is, and bind the token to it.
 *   // A body naming another identity then gets 403; no session gets 401.
 *   authorize: async (req) => {
 *     const res = await fetch('https://app.example.com/api/me', { headers: { cookie: req.headers.get('cookie') ?? '' } });
 *     if (!res.ok) return false;
 *     const me = (await res.json()) as { id: string; name: string };
 *     return { identity: me.id, name: me.name };
 *   },
 *   cors: { origins: ['https://app.example.com'] },
 * });
 * export default { fetch: handler }; // Workers; or Deno.serve(handler), Bun.serve({ fetch: handler })
 * ```
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const plan = planHandler(options);
  const direct: DirectEntry = (incoming) => handle(plan, incoming);
  const hooksSeeRequest = plan.authorize !== undefined || plan.grantPolicy !== undefined || plan.hooksSeeRequest;
  const handler: TokenHandler = async (request) => toResponse(await handle(plan, fromRequest(request, hooksSeeRequest)));
  // The Node adapter finds this entry and feeds the handler without building Request/Response.
  Object.defineProperty(handler, DIRECT, { value: direct });
  return handler;
}

async function handle(plan: HandlerPlan, request: Incoming): Promise<Reply> {
  const method = request.method;
  const path = pathOf(request.url);
  const originHeader = request.header('origin');
  const cors = corsHeaders(plan.cors, originHeader);
  const routePath = path.startsWith(plan.basePath) ? path.slice(plan.basePath.length) : undefined;
  const found = routePath === undefined ? undefined : ROUTES.get(routePath);
  // A route switched off by the `routes` option does not exist, for every method.
  const route = found !== undefined && plan.disabled.has(found.name) ? undefined : found;
  const ctx: Context = { route: route?.name ?? null, method, path };
  if (originHeader !== null) ctx.origin = originHeader;
  try {
    if (route === undefined) reject(404, 'ERR_NOT_FOUND', 'no such route');
    if (method === 'OPTIONS' && plan.cors !== undefined) {
      return preflight(plan.cors, originHeader, route.methods, request.header('access-control-request-method'));
    }
    if (!route.methods.includes(method)) {
      const allow = plan.cors ? [...route.methods, 'OPTIONS'] : route.methods;
      reject(405, 'ERR_METHOD_NOT_ALLOWED', `use ${route.methods.join(' or ')}`, { allow: allow.join(', ') });
    }
    const outcome = await ROUTE_HANDLERS[route.name](plan, request, ctx);
    if (outcome.event && plan.onEvent) await emit(plan, { type: outcome.event, time: Date.now(), status: outcome.status, ...ctx });
    return json(outcome.status, outcome.body, cors, method === 'HEAD');
  } catch (e) {
    // Anything that is not a deliberate refusal is a bug or a failing hook: answer 500 with a
    // fixed message, because the original one could mention anything, even a secret.
    const error = e instanceof HttpError ? e : new HttpError(500, 'ERR_INTERNAL', 'internal error');
    if (plan.onEvent) await emit(plan, { type: 'rejected', time: Date.now(), status: error.status, code: error.code, ...ctx });
    return errorReply(error, cors);
  }
}

const ROUTE_HANDLERS: Record<RouteName, (plan: HandlerPlan, request: Incoming, ctx: Context) => Promise<Outcome>> = {
  health: async () => ({ status: 200, body: { status: 'healthy', service: 'livekit-token', timestamp: new Date().toISOString() } }),
  ready: async (plan) => {
    try {
      await plan.signer();
      return { status: 200, body: { status: 'ready', service: 'livekit-token', timestamp: new Date().toISOString() } };
    } catch {
      return { status: 503, body: { status: 'not_ready', service: 'livekit-token', timestamp: new Date().toISOString() } };
    }
  },
  token: mintParticipant,
  agent: mintAgent,
  verify: verify,
};

async function mintParticipant(plan: HandlerPlan, request: Incoming, ctx: Context): Promise<Outcome> {
  // 1. The JSON shape only: nothing costly runs before authorize has answered.
  const body = checkTokenShape(await readJsonBody(request, plan.maxBodyBytes));
  const room = body.room;
  note(ctx, 'room', room);
  if (body.identity !== undefined) note(ctx, 'identity', body.identity);
  if (body.grants !== undefined) ctx.grants = { ...body.grants };
  // 2. Who is asking. The hooks below are awaited only when they answer with a promise: every
  // await costs a turn of the event loop, and the defaults all answer synchronously.
  let facts: CallerFacts = {};
  if (plan.authorize) {
    const answer = plan.authorize(request.request(), body);
    facts = callerFacts(isPromise(answer) ? await answer : answer);
  }
  if (facts.identity !== undefined && body.identity !== undefined && body.identity !== facts.identity) {
    reject(403, 'ERR_IDENTITY_MISMATCH', 'identity differs from the identity of the authorized caller; leave it out or send the same');
  }
  const identity = facts.identity ?? body.identity;
  if (identity === undefined) reject(400, 'ERR_MISSING_FIELD', 'identity is required');
  note(ctx, 'identity', identity);
  // 3. What the token may carry.
  const decision = plan.grantPolicy ? plan.grantPolicy(request.request(), body) : PARTICIPANT_GRANTS;
  const video = applyPolicy(isPromise(decision) ? await decision : decision, body.grants, room);
  // 4. The values themselves.
  checkName(room, 'room');
  checkName(identity, 'identity');
  if (body.grants?.room !== undefined && body.grants.room !== room) reject(422, 'ERR_INVALID_FIELD', 'grants.room must equal room');
  const name = facts.name !== undefined ? facts.name : (body.name ?? undefined);
  if (name !== undefined) checkCharacters(name, 'name');
  const metadata = metadataText(facts.metadata !== undefined ? facts.metadata : body.metadata);
  const attributes = facts.attributes !== undefined ? facts.attributes : (body.attributes ?? undefined);
  const ttl = requestedTtl(body as unknown as Record<string, unknown>, plan.ttl);
  // 5. How often.
  if (plan.rateLimit) {
    const limit = plan.rateLimit(request, identity);
    if (limit !== true) limited(isPromise(limit) ? await limit : limit);
  }
  // 6. The token.
  const key = plan.signer();
  const minted = mint(plan, isPromise(key) ? await key : key, { identity, name, metadata, attributes, video }, ttl, ctx);
  ctx.grants = video;
  return { status: 200, body: { token: minted.token, wsUrl: plan.wsUrl, expiresAt: minted.expiresAt, identity, room }, event: 'minted' };
}

async function mintAgent(plan: HandlerPlan, request: Incoming, ctx: Context): Promise<Outcome> {
  const { body, agentName } = checkAgentShape(await readJsonBody(request, plan.maxBodyBytes));
  const { room } = body;
  note(ctx, 'identity', agentName);
  note(ctx, 'agentName', agentName);
  note(ctx, 'room', room);
  // The identity is the agent's name, so facts from authorize are neither compared nor applied.
  if (plan.authorize) callerFacts(await plan.authorize(request.request(), body));
  const decision = plan.grantPolicy ? await plan.grantPolicy(request.request(), body) : PARTICIPANT_GRANTS;
  const video = applyPolicy(decision, undefined, room, AGENT_GRANTS);
  checkName(room, 'room');
  checkName(agentName, 'agentName');
  const metadata = metadataText(body.metadata);
  const ttl = requestedTtl(body as unknown as Record<string, unknown>, plan.ttl);
  if (plan.rateLimit) limited(await plan.rateLimit(request, agentName));
  const options: TokenOptions = { identity: agentName, kind: 'agent', metadata, video };
  if (body.dispatch === true) {
    // LiveKit dispatches the named agent when the room is created by this token's holder.
    options.roomConfig = { agents: [metadata === undefined ? { agentName } : { agentName, metadata }] };
  }
  const minted = mint(plan, await plan.signer(), options, ttl, ctx);
  ctx.grants = video;
  return {
    status: 200,
    body: { token: minted.token, wsUrl: plan.wsUrl, expiresAt: minted.expiresAt, identity: agentName, room, dispatch: body.dispatch === true },
    event: 'minted',
  };
}

async function verify(plan: HandlerPlan, request: Incoming, ctx: Context): Promise<Outcome> {
  const body = checkVerifyShape(await readJsonBody(request, plan.maxBodyBytes));
  if (plan.authorize) callerFacts(await plan.authorize(request.request(), body));
  if (plan.verifyRateLimit) {
    const limit = plan.verifyRateLimit(request);
    if (limit !== true) limited(isPromise(limit) ? await limit : limit);
  }
  try {
    const claims = await verifyToken(body.token, plan.keys);
    const room = claims.video?.room;
    if (claims.sub !== undefined) ctx.identity = claims.sub;
    if (room !== undefined) ctx.room = room;
    if (claims.exp !== undefined) ctx.expiresAt = claims.exp;
    ctx.valid = true;
    const result = {
      valid: true,
      identity: claims.sub ?? null,
      name: claims.name ?? null,
      room: room ?? null,
      expiresAt: claims.exp ?? null,
      grants: claims.video ?? {},
    };
    return { status: 200, body: result, event: 'verified' };
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    ctx.valid = false;
    ctx.code = e.code;
    return { status: 200, body: { valid: false, code: e.code }, event: 'verified' };
  }
}

// An agent joins to take part: publish, subscribe and data, narrowed by the grant policy.
const AGENT_GRANTS: VideoGrant = { canPublish: true, canSubscribe: true, canPublishData: true };

/**
 * Records a name for the audit event. Before the values are checked, a name only goes in when
 * it is short (an O(1) test), so that a hostile body cannot flood the audit log.
 */
function note(ctx: Context, field: 'identity' | 'room' | 'agentName', value: string): void {
  if (value.length <= MAX_NAME_BYTES) ctx[field] = value;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Turns a rate limiter's answer into a 429 unless it is `true`; a limiter whose store is down
 * (`unavailable: true`) gives 503, so that clients retry instead of thinking they misbehaved.
 */
function limited(decision: RateLimitDecision): void {
  if (decision === true) return;
  const answer = typeof decision === 'object' && decision !== null ? decision : undefined;
  const seconds = answer ? Math.ceil(Number(answer.retryAfter)) : 60;
  const retryAfter = Number.isFinite(seconds) && seconds >= 1 ? seconds : 1;
  const headers = { 'retry-after': String(retryAfter) };
  if (answer !== undefined && (answer as { unavailable?: unknown }).unavailable === true) {
    reject(503, 'ERR_RATE_LIMIT_UNAVAILABLE', `the rate limiter is unavailable; retry in ${retryAfter} s`, headers);
  }
  reject(429, 'ERR_RATE_LIMITED', `too many requests; retry in ${retryAfter} s`, headers);
}

function mint(plan: HandlerPlan, key: ApiKey, options: TokenOptions, ttl: number, ctx: Context): { token: string; expiresAt: number } {
  const now = Date.now();
  let token: string;
  try {
    // The sync engine gives byte-identical tokens and skips Web Crypto's per-call cost, which
    // dominates a mint on Node, Bun and Deno (see docs/performance.md).
    options.ttl = ttl < 60 ? `${ttl}s` : ttl; // seconds already: said as seconds, so a lowered minTtl is not refused as a slip
    options.now = now;
    // The core would refuse an oversized token with a generic code; a wider bound here lets the
    // service's own check below answer with ERR_TOKEN_TOO_LARGE and a clearer message.
    options.maxTokenBytes = Math.max(plan.maxBodyBytes, DEFAULT_MAX_TOKEN_BYTES) * 4;
    token = createTokenSync(key, options);
  } catch (e) {
    // Values the core refuses (attributes that are not strings, unknown grants…): 422 with
    // the core's code. Its messages name the field, never a secret.
    if (isLiveKitTokenError(e)) reject(422, e.code, e.message);
    throw e;
  }
  // Never hand out a token that this service's own /token/verify (and many proxies) would
  // refuse. Tokens are ASCII: length is bytes.
  if (token.length > DEFAULT_MAX_TOKEN_BYTES) {
    reject(
      422,
      'ERR_TOKEN_TOO_LARGE',
      `the token would be ${token.length} bytes, over the limit of ${DEFAULT_MAX_TOKEN_BYTES}: tokens travel in the connection URL. Keep name, metadata and attributes small and put large data in room metadata`,
    );
  }
  const expiresAt = Math.floor(now / 1000) + ttl;
  ctx.ttl = ttl;
  ctx.expiresAt = expiresAt;
  return { token, expiresAt };
}

async function emit(plan: HandlerPlan, event: TokenHandlerEvent): Promise<void> {
  if (plan.onEvent === undefined) return;
  try {
    await plan.onEvent(event);
  } catch {
    // An audit sink that fails must not turn a good answer into an error.
  }
}

/** The path of an absolute URL without building a URL object (the hot path of every request). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}
