import { LiveKitTokenError } from '../index.js';
import type { Reply } from './incoming.js';
import type { CorsOptions } from './types.js';

/** @internal CORS settings, validated once at construction. */
export interface CorsPlan {
  any: boolean;
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
  const maxAge = cors.maxAge ?? 600;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) throw bad('maxAge must be whole seconds ≥ 0');
  return {
    any: cors.origins.includes('*'),
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
  return {
    vary: 'Origin',
    'access-control-allow-origin': plan.any ? '*' : origin,
    'access-control-expose-headers': 'Retry-After',
  };
}

/** @internal The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflight(plan: CorsPlan, origin: string | null, methods: readonly string[], requested: string | null): Reply {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== null && allowed(plan, origin) && requested !== null && methods.includes(requested.toUpperCase())) {
    headers['access-control-allow-origin'] = plan.any ? '*' : origin;
    headers['access-control-allow-methods'] = methods.join(', ');
    headers['access-control-allow-headers'] = plan.allowHeaders;
    headers['access-control-max-age'] = plan.maxAge;
  }
  return { status: 204, headers, body: null };
}

function allowed(plan: CorsPlan, origin: string): boolean {
  return plan.any || plan.origins.has(origin.toLowerCase());
}
