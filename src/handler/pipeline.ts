// The token service's pipeline: what happens to one mint or verify request once its fields are
// known, whoever received it (the handler's router, or a route written by hand around
// `createTokenMinter`). Each step is ordered so that a caller who is turned away costs next to
// nothing: JSON shape, then `authorize`, then the application's names, then the grant policy,
// then the values, then the rate limits, and only then the signature.
import { createTokenSync, isLiveKitTokenError, verifyToken, type ApiKey, type RoomConfiguration, type TokenOptions, type VideoGrant } from '../index.js';
import { DEFAULT_MAX_TOKEN_BYTES, MAX_NAME_BYTES } from '../lib/limits.js';
import { AGENT_IDENTITY_PREFIX, type HandlerPlan } from './config.js';
import { HttpError, reject } from './http.js';
import type { Incoming } from './incoming.js';
import { applyPolicy, PARTICIPANT_GRANTS } from './policy.js';
import { callerFacts, checkAgentShape, checkCharacters, checkName, checkTokenShape, checkVerifyShape, metadataText, requestedTtl } from './request.js';
import { callerRoomConfig, nativeTokenBody } from './standard.js';
import type { CallerFacts, RateLimitDecision, TokenHandlerEvent } from './types.js';

/** @internal What one request has revealed so far: becomes the audit event, whatever the outcome. */
export type Context = Omit<TokenHandlerEvent, 'type' | 'status' | 'time'>;

/** @internal The result of a step: the JSON to send and the audit event to emit. */
export interface Outcome<T = unknown> {
  status: number;
  body: T;
  event?: TokenHandlerEvent['type'];
}

/**
 * The answer of the token route (and of `createTokenMinter`'s `mint`): the handler's own fields
 * and, beside them, LiveKit's standard `server_url` and `participant_token`.
 *
 * @example
 * ```ts
 * import type { MintAnswer } from 'livekit-token/handler';
 *
 * const res = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"demo"}' });
 * const { token, wsUrl, expiresAt } = (await res.json()) as MintAnswer;
 * console.log(`connect to ${wsUrl} before ${new Date(expiresAt * 1000).toISOString()}`, token.length);
 * ```
 */
export interface MintAnswer {
  token: string;
  wsUrl: string;
  /** Epoch seconds. */
  expiresAt: number;
  identity: string;
  room: string;
  server_url: string;
  participant_token: string;
}

/**
 * The answer of the agent route (and of `createTokenMinter`'s `mintAgent`).
 *
 * @example
 * ```ts
 * import type { AgentMintAnswer } from 'livekit-token/handler';
 *
 * const answer: AgentMintAnswer = { token: 'eyJ…', wsUrl: 'wss://x.livekit.cloud', expiresAt: 1767225600, identity: 'agent:triage', agentName: 'triage', room: 'r', dispatch: false };
 * ```
 */
export interface AgentMintAnswer {
  token: string;
  wsUrl: string;
  expiresAt: number;
  /** `agent:<agentName>`. */
  identity: string;
  agentName: string;
  room: string;
  dispatch: boolean;
}

/**
 * The answer of the verify route (and of `createTokenMinter`'s `verify`).
 *
 * @example
 * ```ts
 * import type { VerifyAnswer } from 'livekit-token/handler';
 *
 * const answer: VerifyAnswer = { valid: false, code: 'ERR_TOKEN_EXPIRED' };
 * ```
 */
export type VerifyAnswer =
  | { valid: true; identity: string | null; name: string | null; room: string | null; expiresAt: number | null; grants: VideoGrant }
  | { valid: false; code: string };

// ---------------------------------------------------------------------------------------------
// POST /token

/** @internal Mints a participant token from the request's fields (either spelling). */
export async function mintParticipant(plan: HandlerPlan, request: Incoming, fields: Record<string, unknown>, ctx: Context): Promise<Outcome<MintAnswer>> {
  // 1. The JSON shape only: nothing costly runs before authorize has answered.
  const body = checkTokenShape(nativeTokenBody(fields));
  if (body.room !== undefined) note(ctx, 'room', body.room);
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
  // 3. The names the application supplies when the body leaves them out.
  const room = body.room ?? (plan.newRoomName ? appValue(ctx, await plan.newRoomName(request.request()), 'room', 'newRoomName') : undefined);
  if (room === undefined) reject(400, 'ERR_MISSING_FIELD', 'room is required');
  let identity = facts.identity ?? body.identity;
  if (identity === undefined && plan.newIdentity) identity = appValue(ctx, await plan.newIdentity(request.request()), 'identity', 'newIdentity');
  if (identity === undefined) reject(400, 'ERR_MISSING_FIELD', 'identity is required');
  note(ctx, 'room', room);
  note(ctx, 'identity', identity);
  // 4. What the token may carry.
  // The policy decides about the room the token is for, also when the application named it.
  const decision = plan.grantPolicy ? plan.grantPolicy(request.request(), body.room === undefined ? { ...body, room } : body) : PARTICIPANT_GRANTS;
  const video = applyPolicy(isPromise(decision) ? await decision : decision, body.grants, room);
  // 5. The values themselves: the caller's are its 422; the application's are its own 500.
  if (body.room === undefined) applicationCheck(ctx, 'newRoomName answered a room that breaks the rules for names', () => checkName(room, 'room'));
  else checkName(room, 'room');
  if (body.identity !== undefined && facts.identity === undefined) checkIdentity(identity);
  else applicationCheck(ctx, `${facts.identity !== undefined ? 'authorize' : 'newIdentity'} answered an identity that breaks the rules for identities`, () => checkIdentity(identity));
  if (body.grants?.room !== undefined && body.grants.room !== room) reject(422, 'ERR_INVALID_FIELD', 'grants.room must equal room');
  const { name, metadata, attributes } = participantFields(ctx, body, facts);
  const roomConfig = callerRoomConfig(body.roomConfig, plan.agents);
  const ttl = requestedTtl(body as unknown as Record<string, unknown>, plan.ttl);
  // 6. How often.
  const waiting = checkLimits(plan, request, identity);
  if (waiting !== undefined) await waiting;
  // 7. The token.
  const options: TokenOptions = { identity, name, metadata, attributes, video };
  if (roomConfig !== undefined) options.roomConfig = roomConfig;
  const key = plan.signer();
  const minted = mint(plan, isPromise(key) ? await key : key, options, ttl, ctx);
  ctx.grants = video;
  const answer: MintAnswer = {
    token: minted.token,
    wsUrl: plan.wsUrl,
    expiresAt: minted.expiresAt,
    identity,
    room,
    server_url: plan.wsUrl,
    participant_token: minted.token,
  };
  return { status: 200, body: answer, event: 'minted' };
}

/**
 * @internal The mint answer as JSON, exactly as `JSON.stringify(answer)` writes it (same fields,
 * same order). The token is most of the reply and is sent under two names; it is three base64url
 * segments joined by dots (JWS compact form), characters JSON never escapes, so it goes in as it
 * is instead of being scanned twice. This more than halves the cost of writing the reply.
 */
export function mintAnswerJson(answer: MintAnswer): string {
  const token = `"${answer.token}"`;
  const wsUrl = JSON.stringify(answer.wsUrl);
  const identity = JSON.stringify(answer.identity);
  const room = JSON.stringify(answer.room);
  return `{"token":${token},"wsUrl":${wsUrl},"expiresAt":${JSON.stringify(answer.expiresAt)},"identity":${identity},"room":${room},"server_url":${wsUrl},"participant_token":${token}}`;
}

/** Name, metadata and attributes: the facts' when given (checked as the application's), else the body's. */
function participantFields(ctx: Context, body: { name?: string | undefined; metadata?: unknown; attributes?: Record<string, string> | undefined }, facts: CallerFacts) {
  let name = body.name ?? undefined;
  let metadata: string | undefined;
  let attributes = body.attributes ?? undefined;
  if (facts.name !== undefined) {
    name = facts.name;
    applicationCheck(ctx, 'authorize answered a name that breaks the rules for names', () => checkCharacters(facts.name!, 'name'));
  } else if (name !== undefined) checkCharacters(name, 'name');
  if (facts.metadata !== undefined) metadata = applicationCheck(ctx, 'authorize answered metadata that cannot be serialized', () => metadataText(facts.metadata));
  else metadata = metadataText(body.metadata);
  if (facts.attributes !== undefined) {
    attributes = facts.attributes;
    if (!Object.values(attributes).every((v) => typeof v === 'string')) applicationError(ctx, 'authorize answered attributes that are not all strings');
  }
  return { name, metadata, attributes };
}

/** The caller's identity: the name rules, and never the prefix of agent tokens. */
function checkIdentity(identity: string): void {
  checkName(identity, 'identity');
  if (identity.startsWith(AGENT_IDENTITY_PREFIX)) {
    reject(422, 'ERR_INVALID_FIELD', `identity must not start with "${AGENT_IDENTITY_PREFIX}": that prefix belongs to agent tokens`);
  }
}

// ---------------------------------------------------------------------------------------------
// POST /token/agent

// An agent joins to take part: publish, subscribe and data, narrowed by the grant policy.
const AGENT_GRANTS: VideoGrant = { canPublish: true, canSubscribe: true, canPublishData: true };

/** @internal Mints an agent token under the identity `agent:<agentName>`, for names in `agents` only. */
export async function mintAgent(plan: HandlerPlan, request: Incoming, fields: Record<string, unknown>, ctx: Context): Promise<Outcome<AgentMintAnswer>> {
  const { body, agentName } = checkAgentShape(fields);
  const { room } = body;
  note(ctx, 'agentName', agentName);
  note(ctx, 'room', room);
  // The identity comes from the agent's name, so facts from authorize are neither compared nor applied.
  if (plan.authorize) callerFacts(await plan.authorize(request.request(), body));
  if (agentName === '' || !plan.agents.has(agentName)) {
    reject(403, 'ERR_GRANT_NOT_ALLOWED', `the agent ${JSON.stringify(agentName.slice(0, 64))} is not one this service mints tokens for`);
  }
  const identity = AGENT_IDENTITY_PREFIX + agentName;
  note(ctx, 'identity', identity);
  const decision = plan.grantPolicy ? await plan.grantPolicy(request.request(), body) : PARTICIPANT_GRANTS;
  const video = applyPolicy(decision, undefined, room, AGENT_GRANTS);
  checkName(room, 'room');
  checkName(agentName, 'agentName');
  const metadata = metadataText(body.metadata);
  const ttl = requestedTtl(body as unknown as Record<string, unknown>, plan.ttl);
  await checkLimits(plan, request, identity);
  const options: TokenOptions = { identity, kind: 'agent', metadata, video };
  const dispatch = body.dispatch === true;
  if (dispatch) {
    // LiveKit dispatches the named agent when the room is created by this token's holder.
    const roomConfig: RoomConfiguration = { agents: [metadata === undefined ? { agentName } : { agentName, metadata }] };
    options.roomConfig = roomConfig;
  }
  const minted = mint(plan, await plan.signer(), options, ttl, ctx);
  ctx.grants = video;
  const answer: AgentMintAnswer = { token: minted.token, wsUrl: plan.wsUrl, expiresAt: minted.expiresAt, identity, agentName, room, dispatch };
  return { status: 200, body: answer, event: 'minted' };
}

// ---------------------------------------------------------------------------------------------
// POST /token/verify

/** @internal Verifies a token against the service's keys: `{ valid: false, code }` for a bad one. */
export async function verifyRequest(plan: HandlerPlan, request: Incoming, fields: Record<string, unknown>, ctx: Context): Promise<Outcome<VerifyAnswer>> {
  const body = checkVerifyShape(fields);
  if (plan.authorize) callerFacts(await plan.authorize(request.request(), body));
  if (plan.verifyRateLimit) await decide(plan, plan.verifyRateLimit(request));
  try {
    const claims = await verifyToken(body.token, plan.keys);
    const room = claims.video?.room;
    if (claims.sub !== undefined) ctx.identity = claims.sub;
    if (room !== undefined) ctx.room = room;
    if (claims.exp !== undefined) ctx.expiresAt = claims.exp;
    ctx.valid = true;
    const answer: VerifyAnswer = {
      valid: true,
      identity: claims.sub ?? null,
      name: claims.name ?? null,
      room: room ?? null,
      expiresAt: claims.exp ?? null,
      grants: claims.video ?? {},
    };
    return { status: 200, body: answer, event: 'verified' };
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    ctx.valid = false;
    ctx.code = e.code;
    return { status: 200, body: { valid: false, code: e.code }, event: 'verified' };
  }
}

// ---------------------------------------------------------------------------------------------
// Shared steps

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

/** A name from `newRoomName`/`newIdentity`: a string, or the application's bug (500). */
function appValue(ctx: Context, value: unknown, field: 'room' | 'identity', hook: string): string {
  if (typeof value !== 'string') applicationError(ctx, `${hook} answered something other than a string`);
  if (field === 'room') note(ctx, 'room', value);
  return value;
}

/** Runs a check on a value the application supplied: a refusal there is its bug, a 500. */
function applicationCheck<T>(ctx: Context, reason: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof HttpError && e.status < 500) applicationError(ctx, reason);
    throw e;
  }
}

/** A 500 with a fixed message for the caller; the audit event says what the application got wrong. */
function applicationError(ctx: Context, reason: string): never {
  ctx.reason = reason;
  reject(500, 'ERR_INTERNAL', 'internal error');
}

/**
 * The mint routes' two buckets: per client address (when one is known), then per identity.
 * Synchronous (undefined) when both limiters answer at once, as the built-in ones do.
 */
function checkLimits(plan: HandlerPlan, request: Incoming, identity: string): Promise<void> | undefined {
  if (plan.addressRateLimit === undefined && plan.rateLimit === undefined) return undefined;
  const address = plan.address(request);
  const perIdentity = () => (plan.rateLimit ? decide(plan, plan.rateLimit(request, identity, address)) : undefined);
  const first = plan.addressRateLimit && address !== undefined ? decide(plan, plan.addressRateLimit(request, address)) : undefined;
  return first === undefined ? perIdentity() : first.then(perIdentity);
}

/** The longest `Retry-After` the service sends: a day. */
const MAX_RETRY_AFTER = 86_400;

/**
 * Turns a rate limiter's answer into a 429 unless it lets the request through; a limiter whose
 * store is down (`unavailable: true`) gives 503, so that clients retry instead of thinking they
 * misbehaved. Background work the answer carries goes to `waitUntil`, its rejection caught.
 */
function decide(plan: HandlerPlan, answer: RateLimitDecision | Promise<RateLimitDecision>): Promise<void> | undefined {
  if (answer === true) return undefined;
  if (isPromise(answer)) return answer.then((decision) => settle(plan, decision));
  settle(plan, answer);
  return undefined;
}

function settle(plan: HandlerPlan, decision: RateLimitDecision): void {
  if (decision === true) return;
  const object = typeof decision === 'object' && decision !== null ? (decision as Record<string, unknown>) : undefined;
  if (object !== undefined) handOver(plan, object['pending']);
  if (object?.['allow'] === true) return;
  const asked = object === undefined ? 60 : Math.ceil(Number(object['retryAfter']));
  // A whole number of seconds from 1 to a day: clients and proxies read nothing else reliably.
  const retryAfter = Number.isNaN(asked) ? 60 : Math.min(MAX_RETRY_AFTER, Math.max(1, asked));
  const headers = { 'retry-after': String(retryAfter) };
  if (object?.['unavailable'] === true) {
    reject(503, 'ERR_RATE_LIMIT_UNAVAILABLE', `the rate limiter is unavailable; retry in ${retryAfter} s`, headers);
  }
  reject(429, 'ERR_RATE_LIMITED', `too many requests; retry in ${retryAfter} s`, headers);
}

function handOver(plan: HandlerPlan, pending: unknown): void {
  if (typeof (pending as { then?: unknown } | null)?.then !== 'function') return;
  const guarded = Promise.resolve(pending).then(
    () => undefined,
    () => undefined,
  );
  if (plan.waitUntil === undefined) return;
  try {
    plan.waitUntil(guarded);
  } catch {
    // The platform's waitUntil failing must not fail the request.
  }
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

// ---------------------------------------------------------------------------------------------
// Outcomes, as the router and the minter report them

/** @internal Reports a step's outcome as its audit event. */
export async function reportOutcome(plan: HandlerPlan, ctx: Context, outcome: Outcome): Promise<void> {
  if (outcome.event && plan.onEvent) await emit(plan, { type: outcome.event, time: Date.now(), status: outcome.status, ...ctx });
}

/**
 * @internal Any error of a request as the refusal the caller gets, reported. Anything that is
 * not a deliberate refusal is a bug or a failing hook: 500 with a fixed message, because the
 * original one could mention anything, even a secret.
 */
export async function refusal(plan: HandlerPlan, ctx: Context, e: unknown): Promise<HttpError> {
  const error = e instanceof HttpError ? e : new HttpError(500, 'ERR_INTERNAL', 'internal error');
  if (plan.onEvent) await emit(plan, { type: 'rejected', time: Date.now(), status: error.status, code: error.code, ...ctx });
  return error;
}

/** @internal The path of an absolute URL without building a URL object (the hot path of every request). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}

async function emit(plan: HandlerPlan, event: TokenHandlerEvent): Promise<void> {
  if (plan.onEvent === undefined) return;
  try {
    await plan.onEvent(event);
  } catch {
    // An audit sink that fails must not turn a good answer into an error.
  }
}
