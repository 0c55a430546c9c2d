// The token service's router: which route a request is for, its method, CORS, and the JSON
// body; then the route's step of the pipeline (pipeline.ts), the same one `createTokenMinter`
// runs for a route written by hand.
import { checkJsonHeaders, parseJsonBody } from './body.js';
import { planHandler, type HandlerPlan } from './config.js';
import { corsHeaders, preflight } from './cors.js';
import { errorReply, jsonText, reject } from './http.js';
import { DIRECT, fromRequest, toResponse, type DirectEntry, type Incoming, type Reply } from './incoming.js';
import { mintAgent, mintAnswerJson, mintParticipant, pathOf, refusal, reportOutcome, verifyRequest, type Context, type MintAnswer, type Outcome } from './pipeline.js';
import type { TokenHandler, TokenHandlerOptions } from './types.js';

/**
 * Creates the token service: a fetch-standard `(request: Request) => Promise<Response>` that
 * runs as is in Cloudflare Workers, Deno, Bun, and Node (through {@link toNodeListener}).
 *
 * Routes (under `basePath`, each movable or switched off with `routes`): `GET /health`,
 * `GET /ready`, `POST /token` (the handler's own body, or LiveKit's standard token endpoint
 * body, as `TokenSource.endpoint(url)` sends it), `POST /token/verify`, and `POST /token/agent`
 * when switched on. Errors are JSON `{ error: { code, message } }` with statuses 400, 401, 403,
 * 404, 405, 413, 415, 422, 429, 500 and 503. Invalid options throw `ERR_INVALID_OPTIONS` right
 * here, including a missing `authorize` without `allowAnonymous: true`.
 *
 * Each request is worked through in this order, so that a caller who is turned away costs
 * next to nothing: route, method, content type, size, JSON shape, then `authorize`, then
 * `newRoomName`/`newIdentity`, then the grant policy, then the values (lifetime, characters and
 * lengths of names, agent dispatch), then the rate limits, and only then the signature.
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
 *   cors: { origins: ['https://app.example.com'], credentials: true },
 * });
 * export default { fetch: handler }; // Workers; or Deno.serve(handler), Bun.serve({ fetch: handler })
 * ```
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const plan = planHandler(options);
  const direct: DirectEntry = (incoming) => route(plan, incoming);
  const hooksSeeRequest = plan.authorize !== undefined || plan.grantPolicy !== undefined || plan.hooksSeeRequest;
  const handler: TokenHandler = async (request) => toResponse(await route(plan, fromRequest(request, hooksSeeRequest)));
  // The Node adapter finds this entry and feeds the handler without building Request/Response.
  Object.defineProperty(handler, DIRECT, { value: direct });
  return handler;
}

async function route(plan: HandlerPlan, request: Incoming): Promise<Reply> {
  const method = request.method;
  const path = pathOf(request.url);
  const originHeader = request.header('origin');
  const cors = corsHeaders(plan.cors, originHeader);
  const routePath = path.startsWith(plan.basePath) ? path.slice(plan.basePath.length) : undefined;
  const found = routePath === undefined ? undefined : plan.routes.get(routePath);
  const ctx: Context = { route: found?.name ?? null, method, path };
  if (originHeader !== null) ctx.origin = originHeader;
  try {
    if (found === undefined) reject(404, 'ERR_NOT_FOUND', 'no such route');
    if (method === 'OPTIONS' && plan.cors !== undefined) {
      return preflight(plan.cors, originHeader, found.methods, request.header('access-control-request-method'));
    }
    if (!found.methods.includes(method)) {
      const allow = plan.cors ? [...found.methods, 'OPTIONS'] : found.methods;
      reject(405, 'ERR_METHOD_NOT_ALLOWED', `use ${found.methods.join(' or ')}`, { allow: allow.join(', ') });
    }
    const name = found.name;
    if (name === 'health' || name === 'ready') {
      const outcome = await STATUS_ROUTES[name](plan);
      return jsonText(outcome.status, method === 'HEAD' ? null : JSON.stringify(outcome.body), cors);
    }
    // The body is awaited here, not in a helper, and so is the step: every async layer costs a
    // promise and a turn of the microtask queue on every request.
    checkJsonHeaders(request, plan.maxBodyBytes);
    const fields = parseJsonBody(await request.readBody(plan.maxBodyBytes));
    const outcome = await BODY_ROUTES[name](plan, request, fields, ctx);
    if (plan.onEvent !== undefined) await reportOutcome(plan, ctx, outcome);
    // The mint answer, most of the traffic, is written by hand with its token escaped once.
    return jsonText(outcome.status, name === 'token' ? mintAnswerJson(outcome.body as MintAnswer) : JSON.stringify(outcome.body), cors);
  } catch (e) {
    return errorReply(await refusal(plan, ctx, e), cors);
  }
}

const STATUS_ROUTES: Record<'health' | 'ready', (plan: HandlerPlan) => Promise<Outcome>> = {
  health: async (plan) => ({ status: 200, body: { status: 'healthy', service: plan.serviceName, timestamp: new Date().toISOString() } }),
  ready: async (plan) => {
    try {
      await plan.signer();
      return { status: 200, body: { status: 'ready', service: plan.serviceName, timestamp: new Date().toISOString() } };
    } catch {
      return { status: 503, body: { status: 'not_ready', service: plan.serviceName, timestamp: new Date().toISOString() } };
    }
  },
};

/** The routes that read a JSON body: each gets it parsed. */
const BODY_ROUTES: Record<'token' | 'agent' | 'verify', (plan: HandlerPlan, request: Incoming, fields: Record<string, unknown>, ctx: Context) => Promise<Outcome>> = {
  token: mintParticipant,
  agent: mintAgent,
  verify: verifyRequest,
};
