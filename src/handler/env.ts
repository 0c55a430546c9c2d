import { isLiveKitTokenError, keySetFromLiveKit, LiveKitTokenError, type ApiKey } from '../index.js';
import { isPadded, paddedMessage } from '../lib/secret-text.js';
import { isServerUrl } from '../lib/server-url.js';
import { createMemoryRateLimiter } from './rate-limit.js';
import type { CorsOptions, RateLimiter } from './types.js';

/**
 * The handler options that come from the environment (everything but the hooks).
 *
 * @example
 * ```ts
 * import { createTokenHandler, handlerOptionsFromEnv, type EnvHandlerOptions } from 'livekit-token/handler';
 *
 * const fromEnv: EnvHandlerOptions = handlerOptionsFromEnv(process.env);
 * console.log(`tokens for ${fromEnv.wsUrl}`);
 * const handler = createTokenHandler({ ...fromEnv, authorize: (req) => req.headers.has('authorization') });
 * ```
 */
export interface EnvHandlerOptions {
  /** `LIVEKIT_API_KEY` and `LIVEKIT_API_SECRET`, or every key of `LIVEKIT_KEYS` in its order. */
  keys: ApiKey | ApiKey[];
  /** With `LIVEKIT_KEYS`: the key `LIVEKIT_API_KEY` names, which signs (else the first key). */
  signingKey?: string;
  wsUrl: string;
  defaultTtl?: number;
  maxTtl?: number;
  minTtl?: number;
  cors?: CorsOptions;
  /** From `RATE_LIMIT_MAX_REQUESTS` / `RATE_LIMIT_WINDOW_MS`: the per-address bucket, in memory. */
  addressRateLimit?: RateLimiter;
}

/** Environment variables, as `process.env` or `Deno.env.toObject()` give them. @inline */
type Env = Readonly<Record<string, string | undefined>>;

function invalid(message: string): never {
  throw new LiveKitTokenError('ERR_INVALID_OPTIONS', message);
}

/** A variable that is set and not empty, exactly as it is: padded with whitespace is refused. */
function exact(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || isPadded(value)) invalid(typeof value === 'string' ? paddedMessage(name) : `${name} must be a string`);
  return value;
}

function required(env: Env, name: string, hint: string): string {
  return exact(env, name) ?? invalid(`${name} is not set: ${hint}`);
}

/**
 * The keys: `LIVEKIT_KEYS` (LiveKit's own "key: secret" lines, the first signing unless
 * `LIVEKIT_API_KEY` names another), or `LIVEKIT_API_KEY` with `LIVEKIT_API_SECRET`.
 */
function keysFromEnv(env: Env): Pick<EnvHandlerOptions, 'keys' | 'signingKey'> {
  // YAML text: its blanks and line breaks are syntax; keySetFromLiveKit holds each key and
  // secret to the rule.
  const text = env['LIVEKIT_KEYS'] || undefined;
  if (text === undefined) {
    const apiKey = required(env, 'LIVEKIT_API_KEY', 'set it to your LiveKit API key (or set LIVEKIT_KEYS)');
    return { keys: { apiKey, apiSecret: required(env, 'LIVEKIT_API_SECRET', 'set it to the secret of LIVEKIT_API_KEY') } };
  }
  if (exact(env, 'LIVEKIT_API_SECRET') !== undefined) invalid('LIVEKIT_KEYS and LIVEKIT_API_SECRET are both set: keep one of them');
  let keys: ApiKey[];
  try {
    keys = keySetFromLiveKit(text);
  } catch (e) {
    throw isLiveKitTokenError(e) ? new LiveKitTokenError(e.code, `LIVEKIT_KEYS: ${e.message}`) : e;
  }
  const signingKey = exact(env, 'LIVEKIT_API_KEY');
  if (signingKey === undefined) return { keys };
  if (!keys.some((k) => k.apiKey === signingKey)) invalid('LIVEKIT_API_KEY names a key that LIVEKIT_KEYS does not hold');
  return { keys, signingKey };
}

function seconds(env: Env, name: string): number | undefined {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    invalid(`${name} must be a whole number of seconds ≥ 1 (got ${JSON.stringify(value.slice(0, 32))})`);
  }
  return Number(value);
}

/**
 * Reads the token service's configuration from an environment object, with the variable names
 * hand-written token services commonly use: `LIVEKIT_API_KEY`, `LIVEKIT_API_SECRET`,
 * `LIVEKIT_WS_URL` (or `LIVEKIT_URL`, LiveKit's own name, read when `LIVEKIT_WS_URL` is unset;
 * one of them is required), `DEFAULT_TOKEN_TTL_SECONDS`, `MAX_TOKEN_TTL_SECONDS`,
 * `MIN_TOKEN_TTL_SECONDS` (whole seconds), `CORS_ORIGINS` (comma-separated, `*` allowed),
 * `RATE_LIMIT_MAX_REQUESTS` and `RATE_LIMIT_WINDOW_MS` (the per-address limit: requests per
 * window of milliseconds, default 600 per 60 000; either one alone keeps the other's default).
 * Several keys can come as `LIVEKIT_KEYS`, in the LiveKit server's own format ("key: secret"
 * lines, see `keySetFromLiveKit`): the first signs unless `LIVEKIT_API_KEY` names another, and
 * `LIVEKIT_API_SECRET` must then be unset. Keys, secrets and the URL are used exactly as set:
 * nothing is trimmed, and one that starts or ends with whitespace is refused.
 * Pure: pass `process.env`, `Deno.env.toObject()` or a Workers `env`.
 * Throws `ERR_INVALID_OPTIONS` naming the variable at fault (never echoing the secret).
 * `authorize` is not configuration: add it (or `allowAnonymous`) yourself.
 *
 * @example
 * ```ts
 * import { createTokenHandler, handlerOptionsFromEnv } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({
 *   ...handlerOptionsFromEnv(process.env),
 *   authorize: (req) => req.headers.get('authorization') === `Bearer ${process.env['SERVICE_TOKEN']}`,
 * });
 * ```
 */
export function handlerOptionsFromEnv(env: Env): EnvHandlerOptions {
  if (typeof env !== 'object' || env === null) invalid('env must be an object of environment variables');
  const keys = keysFromEnv(env);
  // Exact bytes, as the keys: LIVEKIT_WS_URL when set (not empty), else LIVEKIT_URL.
  const urlName = env['LIVEKIT_WS_URL'] ? 'LIVEKIT_WS_URL' : env['LIVEKIT_URL'] ? 'LIVEKIT_URL' : undefined;
  if (urlName === undefined) invalid('LIVEKIT_WS_URL is not set (nor LIVEKIT_URL): set it to your server URL, e.g. wss://my-project.livekit.cloud');
  const wsUrl = required(env, urlName, 'set it to your server URL');
  if (!isServerUrl(wsUrl)) invalid(`${urlName} must be a ws://, wss://, http:// or https:// URL`);
  const options: EnvHandlerOptions = { ...keys, wsUrl };
  const defaultTtl = seconds(env, 'DEFAULT_TOKEN_TTL_SECONDS');
  const maxTtl = seconds(env, 'MAX_TOKEN_TTL_SECONDS');
  const minTtl = seconds(env, 'MIN_TOKEN_TTL_SECONDS');
  if (defaultTtl !== undefined) options.defaultTtl = defaultTtl;
  if (maxTtl !== undefined) options.maxTtl = maxTtl;
  if (minTtl !== undefined) options.minTtl = minTtl;
  // Checked here too (the handler would say defaultTtl/maxTtl) so that the message names the variables.
  const effectiveDefault = defaultTtl ?? 600;
  const effectiveMax = maxTtl ?? 3600;
  if (effectiveDefault > effectiveMax) {
    invalid(`DEFAULT_TOKEN_TTL_SECONDS (${effectiveDefault}) is longer than MAX_TOKEN_TTL_SECONDS (${effectiveMax})`);
  }
  const effectiveMin = minTtl ?? 60;
  if (effectiveMin > effectiveDefault) {
    invalid(`MIN_TOKEN_TTL_SECONDS (${effectiveMin}) is longer than DEFAULT_TOKEN_TTL_SECONDS (${effectiveDefault})`);
  }
  const cors = env['CORS_ORIGINS']?.trim();
  if (cors) {
    const origins = cors.split(',').map((o) => o.trim()).filter((o) => o !== '');
    for (const origin of origins) {
      if (origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin)) {
        invalid(`CORS_ORIGINS holds ${JSON.stringify(origin.slice(0, 64))}, which is not an origin such as https://app.example.com (no path, no trailing slash) or *`);
      }
    }
    options.cors = { origins };
  }
  const addressRateLimit = addressLimitFromEnv(env);
  if (addressRateLimit !== undefined) options.addressRateLimit = addressRateLimit;
  return options;
}

/** The per-address bucket from `RATE_LIMIT_MAX_REQUESTS` / `RATE_LIMIT_WINDOW_MS`, when either is set. */
function addressLimitFromEnv(env: Env): RateLimiter | undefined {
  const count = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (!/^\d{1,15}$/.test(value) || Number(value) < 1) invalid(`${name} must be a whole number ≥ 1 (got ${JSON.stringify(value.slice(0, 32))})`);
    return Number(value);
  };
  const limit = count('RATE_LIMIT_MAX_REQUESTS');
  const windowMs = count('RATE_LIMIT_WINDOW_MS');
  if (limit === undefined && windowMs === undefined) return undefined;
  return createMemoryRateLimiter({ limit: limit ?? 600, windowMs: windowMs ?? 60_000 });
}

/**
 * Where {@link serve} should listen, from `PORT` and `HOST`.
 *
 * @example
 * ```ts
 * import { createTokenHandler, handlerOptionsFromEnv, serve, serveOptionsFromEnv, type EnvServeOptions } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({ ...handlerOptionsFromEnv(process.env), allowAnonymous: true });
 * const listen: EnvServeOptions = serveOptionsFromEnv(process.env);
 * await serve(handler, { port: 8080, ...listen }); // PORT, when set, wins over 8080
 * ```
 */
export interface EnvServeOptions {
  port?: number;
  hostname?: string;
}

/**
 * Reads `PORT` (0–65535) and `HOST` for {@link serve}; absent variables are left out so that
 * `serve`'s defaults (3001, `127.0.0.1`) apply. Throws `ERR_INVALID_OPTIONS` naming the variable.
 *
 * @example
 * ```ts
 * import { createTokenHandler, handlerOptionsFromEnv, serve, serveOptionsFromEnv } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({ ...handlerOptionsFromEnv(process.env), allowAnonymous: true });
 * await serve(handler, serveOptionsFromEnv(process.env)); // PORT=8080 HOST=0.0.0.0
 * ```
 */
export function serveOptionsFromEnv(env: Env): EnvServeOptions {
  const options: EnvServeOptions = {};
  const port = env['PORT']?.trim();
  if (port) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) invalid(`PORT must be a port number from 0 to 65535 (got ${JSON.stringify(port.slice(0, 16))})`);
    options.port = Number(port);
  }
  const host = env['HOST']?.trim();
  if (host) options.hostname = host;
  return options;
}
