// The pipeline without the router: the token route's steps for a route written by hand, in any
// framework, with any body shape. `createTokenHandler` routes to the very same steps.
import { LiveKitTokenError, type LiveKitTokenErrorCode } from '../index.js';
import { planHandler, type HandlerPlan } from './config.js';
import { reject } from './http.js';
import { fromRequest } from './incoming.js';
import {
  mintAgent,
  mintParticipant,
  pathOf,
  refusal,
  reportOutcome,
  verifyRequest,
  type AgentMintAnswer,
  type Context,
  type MintAnswer,
  type Outcome,
  type VerifyAnswer,
} from './pipeline.js';
import type { AgentTokenRequestBody, RouteName, TokenHandlerOptions, TokenRequestBody } from './types.js';

/**
 * What `createTokenMinter` gives: the token service's steps, each for a `Request` your framework
 * received and the fields it read from it.
 *
 * @example
 * ```ts
 * import { createTokenMinter, type TokenMinter } from 'livekit-token/handler';
 *
 * const minter: TokenMinter = createTokenMinter({ keys: { apiKey: 'APIabc', apiSecret: 'a-long-random-secret' }, wsUrl: 'wss://my-project.livekit.cloud', allowAnonymous: true });
 * const { token } = await minter.mint(new Request('http://127.0.0.1/'), { room: 'demo', identity: 'alice' });
 * ```
 */
export interface TokenMinter {
  /**
   * Mints a participant token, as `POST /token` does: limits, `authorize`, facts,
   * `newRoomName`/`newIdentity`, grant policy, `agents` for `roomConfig`, TTL bounds, events.
   */
  mint(request: Request, fields: TokenRequestBody): Promise<MintAnswer>;
  /** Mints an agent token (identity `agent:<agentName>`), as `POST /token/agent` does, for names in `agents`. */
  mintAgent(request: Request, fields: AgentTokenRequestBody): Promise<AgentMintAnswer>;
  /** Verifies a token against the keys, as `POST /token/verify` does: `{ valid: false, code }` for a bad token. */
  verify(request: Request, token: string): Promise<VerifyAnswer>;
}

/**
 * A refusal of the token service, as `createTokenMinter` rejects with it: the route's error
 * `code`, the HTTP `status` the route would answer, and the `headers` it would send
 * (`Retry-After`). `isLiveKitTokenError` recognises it.
 *
 * @example
 * ```ts
 * import { isLiveKitTokenError } from 'livekit-token';
 * import { createTokenMinter, TokenServiceError } from 'livekit-token/handler';
 *
 * const minter = createTokenMinter({ keys: { apiKey: 'APIabc', apiSecret: 'a-long-random-secret' }, wsUrl: 'wss://my-project.livekit.cloud', allowAnonymous: true });
 * try {
 *   await minter.mint(new Request('http://127.0.0.1/'), { room: 'demo' });
 * } catch (error) {
 *   if (error instanceof TokenServiceError) console.log(error.status, error.code); // 400 ERR_MISSING_FIELD
 *   else if (!isLiveKitTokenError(error)) throw error;
 * }
 * ```
 */
export class TokenServiceError extends LiveKitTokenError {
  /** The HTTP status the token service answers with. */
  readonly status: number;
  /** Headers the answer carries (`retry-after` for 429 and 503). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    // The service's codes extend the core's; both are plain strings at run time.
    super(code as LiveKitTokenErrorCode, message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * The token service's pipeline without its router, for a route written in any framework: the
 * same options as `createTokenHandler` (`routes`, `cors`, `maxBodyBytes` and `basePath` are the
 * router's and unused here), the same steps and audit events. Each method resolves to the
 * answer the route would send, or rejects with a {@link TokenServiceError} carrying the status.
 * Nothing is read from the request's body: pass the fields your framework parsed.
 *
 * @example
 * ```ts
 * import { createTokenMinter, TokenServiceError } from 'livekit-token/handler';
 *
 * const minter = createTokenMinter({
 *   keys: { apiKey: process.env.LIVEKIT_API_KEY!, apiSecret: process.env.LIVEKIT_API_SECRET! },
 *   wsUrl: process.env.LIVEKIT_URL!,
 *   authorize: (req) => (req.headers.get('authorization') === 'Bearer let-me-in' ? { identity: 'alice' } : false),
 * });
 * export async function POST(request: Request): Promise<Response> {
 *   const { room } = (await request.json()) as { room: string };
 *   try {
 *     const { token, wsUrl } = await minter.mint(request, { room });
 *     return Response.json({ token, url: wsUrl }, { headers: { 'cache-control': 'no-store' } });
 *   } catch (e) {
 *     if (!(e instanceof TokenServiceError)) throw e;
 *     return Response.json({ error: e.code }, { status: e.status, headers: e.headers });
 *   }
 * }
 * ```
 */
export function createTokenMinter(options: TokenHandlerOptions): TokenMinter {
  const plan = planHandler(options);
  return {
    mint: (request, fields) => run(plan, request, 'token', (incoming, ctx) => mintParticipant(plan, incoming, fieldsOf(fields), ctx)),
    mintAgent: (request, fields) => run(plan, request, 'agent', (incoming, ctx) => mintAgent(plan, incoming, fieldsOf(fields), ctx)),
    verify: (request, token) => run(plan, request, 'verify', (incoming, ctx) => verifyRequest(plan, incoming, { token }, ctx)),
  };
}

type Step<T> = (incoming: ReturnType<typeof fromRequest>, ctx: Context) => Promise<Outcome<T>>;

async function run<T>(plan: HandlerPlan, request: Request, route: RouteName, step: Step<T>): Promise<T> {
  if (!(request instanceof Request)) throw new TokenServiceError(500, 'ERR_INTERNAL', 'pass the fetch Request your framework received');
  const ctx: Context = { route, method: request.method, path: pathOf(request.url) };
  const origin = request.headers.get('origin');
  if (origin !== null) ctx.origin = origin;
  try {
    const outcome = await step(fromRequest(request, false), ctx);
    await reportOutcome(plan, ctx, outcome);
    return outcome.body;
  } catch (e) {
    const error = await refusal(plan, ctx, e);
    throw new TokenServiceError(error.status, error.code, error.message, error.headers);
  }
}

/** Fields from the application's framework: an object, or the caller sent something else (400). */
function fieldsOf(fields: unknown): Record<string, unknown> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) reject(400, 'ERR_BAD_REQUEST', 'the fields must be an object');
  return fields as Record<string, unknown>;
}
