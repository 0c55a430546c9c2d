import { LiveKitTokenError } from '../index.js';
import type { Reply } from './incoming.js';
import type { CorsOptions } from './types.js';

/**
 * The handler's CORS rules for a route of your own framework, from `cors`.
 *
 * @example
 * ```ts
 * import { cors, type CorsRules } from 'livekit-token/handler';
 *
 * const rules: CorsRules = cors({ origins: ['https://app.example.com'] });
 * const allowed = rules.headers(new Request('http://127.0.0.1/token', { headers: { origin: 'https://app.example.com' } }));
 * console.log(allowed['access-control-allow-origin']); // https://app.example.com
 * ```
 */
export interface CorsRules {
  /** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`), or undefined for any other request. */
  preflight(request: Request): Response | undefined;
  /** Headers to add to the route's own answer (always `Vary: Origin`; the allow headers for an allowed origin). */
  headers(request: Request): Record<string, string>;
}

// The methods a framework route may be preflighted for: a token route is a POST, a GET with a
// query is shown in the docs, HEAD comes with GET.
const ROUTE_METHODS = ['GET', 'HEAD', 'POST'];

/**
 * The handler's CORS rules (the `cors` option), for a route written in any framework: answer a
 * preflight, and add the headers to the route's answer. Invalid options throw
 * `ERR_INVALID_OPTIONS`, as `createTokenHandler` does.
 *
 * @example
 * ```ts
 * import { cors } from 'livekit-token/handler';
 *
 * const rules = cors({ origins: ['https://app.example.com'], credentials: true });
 * export async function handle(request: Request): Promise<Response> {
 *   const preflight = rules.preflight(request);
 *   if (preflight) return preflight;
 *   return Response.json({ hello: 'world' }, { headers: rules.headers(request) });
 * }
 * ```
 */
export function cors(options: CorsOptions): CorsRules {
  const plan = planCors(options);
  if (plan === undefined) throw new LiveKitTokenError('ERR_INVALID_OPTIONS', 'cors needs options such as { origins: ["https://app.example.com"] }');
  return {
    preflight(request) {
      const requested = request.headers.get('access-control-request-method');
      if (request.method !== 'OPTIONS' || requested === null) return undefined;
      const reply = preflight(plan, request.headers.get('origin'), ROUTE_METHODS, requested);
      return new Response(null, { status: reply.status, headers: reply.headers });
    },
    headers: (request) => corsHeaders(plan, request.headers.get('origin'))!,
  };
}

/** @internal CORS settings, validated once at construction. */
export interface CorsPlan {
  any: boolean;
  credentials: boolean;
  origins: ReadonlySet<string>;
  allowHeaders: string;
  maxAge: string;
}

/** @internal Validates `cors`; returns undefined when CORS is off. */
export function planCors(cors: CorsOptions | undefined): CorsPlan | undefined {
  if (cors === undefined) return undefined;
  const bad = (what: string) => new LiveKitTokenError('ERR_INVALID_OPTIONS', `cors.${what}`);
  if (typeof cors !== 'object' || cors === null || !Array.isArray(cors.origins)) throw bad('origins must be an array of origins');
  for (const o of cors.origins) {
    // An origin is scheme://host[:port], no path and no trailing slash: browsers send exactly that.
    if (typeof o !== 'string' || (o !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o))) {
      throw bad('origins must hold origins such as "https://app.example.com" (no path, no trailing slash) or "*"');
    }
  }
  const headers = cors.headers ?? ['content-type', 'authorization'];
  if (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string' && /^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(h))) {
    throw bad('headers must be an array of header names');
  }
  if (cors.credentials !== undefined && cors.credentials !== true) throw bad('credentials must be true or left out');
  // Browsers refuse credentials with a wildcard origin; an allow-list must name the origins.
  if (cors.credentials === true && cors.origins.includes('*')) throw bad('credentials cannot go with the origin "*": list the origins that may send cookies');
  const maxAge = cors.maxAge ?? 600;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) throw bad('maxAge must be whole seconds ≥ 0');
  return {
    any: cors.origins.includes('*'),
    credentials: cors.credentials === true,
    origins: new Set(cors.origins.map((o) => o.toLowerCase())),
    allowHeaders: headers.join(', '),
    maxAge: String(maxAge),
  };
}

/**
 * @internal Headers for a normal (non-preflight) response. `Vary: Origin` is always sent when
 * CORS is on, so that a cache never hands one origin's answer to another; an origin that is
 * not allowed gets no `Access-Control-Allow-Origin`, and the browser blocks the response.
 */
export function corsHeaders(plan: CorsPlan | undefined, origin: string | null): Record<string, string> | undefined {
  if (!plan) return undefined;
  if (origin === null || !allowed(plan, origin)) return { vary: 'Origin' };
  const headers: Record<string, string> = {
    vary: 'Origin',
    'access-control-allow-origin': plan.any ? '*' : origin,
    'access-control-expose-headers': 'Retry-After',
  };
  if (plan.credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/** @internal The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflight(plan: CorsPlan, origin: string | null, methods: readonly string[], requested: string | null): Reply {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== null && allowed(plan, origin) && requested !== null && methods.includes(requested.toUpperCase())) {
    headers['access-control-allow-origin'] = plan.any ? '*' : origin;
    headers['access-control-allow-methods'] = methods.join(', ');
    headers['access-control-allow-headers'] = plan.allowHeaders;
    headers['access-control-max-age'] = plan.maxAge;
    if (plan.credentials) headers['access-control-allow-credentials'] = 'true';
  }
  return { status: 204, headers, body: null };
}

function allowed(plan: CorsPlan, origin: string): boolean {
  return plan.any || plan.origins.has(origin.toLowerCase());
}
