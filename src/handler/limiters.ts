// Shared rate limits: adapters from limiters people already run (rate-limiter-flexible, the
// Workers rate-limiting binding, @upstash/ratelimit) to the handler's `rateLimit` hook. They are
// duck-typed: nothing here imports those packages, so they stay the application's choice.
import { LiveKitTokenError } from '../index.js';
import type { RateLimitDecision, RateLimiter } from './types.js';

/**
 * Options shared by every adapter in this file.
 *
 * When the limiter's store cannot answer (Redis down, a network error, no answer within
 * `timeoutMs`), the adapters **fail closed** by default: the mint is refused with 503
 * `ERR_RATE_LIMIT_UNAVAILABLE` and a `Retry-After` header, so an outage never turns into
 * unlimited tokens. `failOpen: true` lets mints through instead, unlimited until the store is back.
 *
 * @example
 * ```ts
 * import type { SharedRateLimitOptions } from 'livekit-token/handler';
 *
 * const options: SharedRateLimitOptions = {
 *   key: (_request, identity) => `mint:${identity}`,
 *   unavailableRetryAfter: 10,
 *   onError: (error) => console.warn('rate limiter store unavailable:', (error as Error).message),
 * };
 * ```
 */
export interface SharedRateLimitOptions {
  /**
   * The limiter key of a request, from the key the handler passes. Default: that key as is —
   * the token's identity as `rateLimit`, the client's address as `verifyRateLimit`.
   */
  key?: ((request: Request, key: string) => string) | undefined;
  /**
   * What to do when the store cannot answer: `false` (default) refuses the mint with 503 and
   * `Retry-After`; `true` lets it through without counting it.
   */
  failOpen?: boolean | undefined;
  /** Seconds a refused caller is told to wait (`Retry-After`) while the store is down. Default 5. */
  unavailableRetryAfter?: number | undefined;
  /**
   * Longest wait for the store, milliseconds; a slower answer counts as the store being down.
   * It bounds every mint even when a client queues commands or a connection hangs. Default 1000.
   */
  timeoutMs?: number | undefined;
  /**
   * Called with the error each time the store cannot answer (a timeout is a `DOMException` named
   * `TimeoutError`), for your logs and alerts. Its own errors are ignored.
   */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * The part of a `rate-limiter-flexible` limiter the adapter uses: `consume(key)` resolves while
 * the key has points left, and rejects with a result holding `msBeforeNext` when it has none, or
 * with an `Error` when the store fails. `RateLimiterRedis`, `RateLimiterMemory`, `RateLimiterUnion`
 * and the other limiters of that package fit.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RateLimiterRedis } from 'rate-limiter-flexible';
 * import type { RateLimiterFlexibleLike } from 'livekit-token/handler';
 *
 * const redis = new Redis({ host: 'redis.internal', enableOfflineQueue: false });
 * const limiter: RateLimiterFlexibleLike = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'lk-mint', points: 60, duration: 60 });
 * ```
 */
export interface RateLimiterFlexibleLike {
  /** Takes one point for `key`: resolves while points are left, rejects with `{ msBeforeNext }` when none are. */
  consume(key: string): Promise<unknown>;
}

/**
 * Turns a `rate-limiter-flexible` limiter into the handler's `rateLimit` hook: a consumed point
 * lets the mint through; an exhausted key gives 429 with `Retry-After` from the limiter's
 * `msBeforeNext`; a store error fails closed (503 `ERR_RATE_LIMIT_UNAVAILABLE` with
 * `Retry-After`) unless `failOpen` is set.
 *
 * With Redis, configure the client to fail fast while the server is unreachable instead of
 * queueing commands until it is back: `enableOfflineQueue: false` for `ioredis`,
 * `disableOfflineQueue: true` for `redis` (node-redis). With either setting, wait until the client
 * is connected before serving, or the first requests fail closed. node-redis also needs an
 * `error` listener, without which a lost connection ends the process.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RateLimiterRedis } from 'rate-limiter-flexible';
 * import { createTokenHandler, fromRateLimiterFlexible, serve } from 'livekit-token/handler';
 *
 * const redis = new Redis({ host: 'redis.internal', enableOfflineQueue: false });
 * await new Promise((resolve) => redis.once('ready', resolve));
 * // 60 mints a minute per identity, counted across every instance.
 * const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'lk-mint', points: 60, duration: 60 });
 *
 * const handler = createTokenHandler({
 *   keys,
 *   wsUrl: 'wss://my-project.livekit.cloud',
 *   authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
 *   rateLimit: fromRateLimiterFlexible(limiter), // fail closed; { failOpen: true } to let mints through
 * });
 * await serve(handler, { port: 8080, hostname: '0.0.0.0' });
 * ```
 */
export function fromRateLimiterFlexible(limiter: RateLimiterFlexibleLike, options: SharedRateLimitOptions = {}): RateLimiter {
  if (!hasMethod(limiter, 'consume')) invalid('fromRateLimiterFlexible needs a limiter with a consume(key) method');
  return shared(options, (key) =>
    limiter.consume(key).then(
      (): RateLimitDecision => true,
      (rejection: unknown): RateLimitDecision => {
        // rate-limiter-flexible rejects with a plain result object (not an Error) when the key
        // has no points left; anything else is a failure of the store.
        if (!isPointsExhausted(rejection)) throw rejection;
        return { retryAfter: wholeSeconds(rejection.msBeforeNext) };
      },
    ),
  );
}

/**
 * A Cloudflare Workers rate-limiting binding (`[[ratelimits]]` in the Wrangler configuration):
 * `limit({ key })` resolves to `{ success }`.
 *
 * @example
 * ```ts
 * import type { WorkersRateLimitBinding } from 'livekit-token/handler';
 *
 * interface Env {
 *   MINT_LIMITER: WorkersRateLimitBinding;
 *   LIVEKIT_URL: string;
 * }
 * ```
 */
export interface WorkersRateLimitBinding {
  /** Counts one request for `key`; `success` is false when the key is over its limit. */
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * Options of {@link fromWorkersRateLimit}.
 *
 * @example
 * ```ts
 * import type { WorkersRateLimitOptions } from 'livekit-token/handler';
 *
 * // The binding is configured with `simple = { limit = 20, period = 10 }`.
 * const options: WorkersRateLimitOptions = { period: 10 };
 * ```
 */
export interface WorkersRateLimitOptions extends SharedRateLimitOptions {
  /**
   * The binding's `period` in seconds (10 or 60): the binding does not say when a key may go
   * again, so a refused caller is told to retry after one period. Default 60.
   */
  period?: number | undefined;
}

/**
 * Turns a Workers rate-limiting binding into the handler's `rateLimit` hook: `success: false`
 * gives 429 with `Retry-After: period`; a binding that throws fails closed (503) unless
 * `failOpen` is set. The binding counts per Cloudflare location, approximately.
 *
 * @example
 * ```ts
 * import { createTokenHandler, fromWorkersRateLimit, type WorkersRateLimitBinding } from 'livekit-token/handler';
 *
 * // wrangler.toml:
 * // [[ratelimits]]
 * // name = "MINT_LIMITER"
 * // namespace_id = "1001"
 * // simple = { limit = 60, period = 60 }
 * interface Env { MINT_LIMITER: WorkersRateLimitBinding; LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string; LIVEKIT_URL: string }
 *
 * let handler: ((request: Request) => Promise<Response>) | undefined;
 * export default {
 *   fetch(request: Request, env: Env): Promise<Response> {
 *     // Bindings arrive with the first request; build the handler once per isolate.
 *     handler ??= createTokenHandler({
 *       keys: { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET },
 *       wsUrl: env.LIVEKIT_URL,
 *       authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
 *       rateLimit: fromWorkersRateLimit(env.MINT_LIMITER, { period: 60 }),
 *     });
 *     return handler(request);
 *   },
 * };
 * ```
 */
export function fromWorkersRateLimit(binding: WorkersRateLimitBinding, options: WorkersRateLimitOptions = {}): RateLimiter {
  if (!hasMethod(binding, 'limit')) invalid('fromWorkersRateLimit needs a rate-limiting binding with a limit({ key }) method');
  const period = wholeNumber(options.period ?? 60, 'period');
  return shared(options, async (key) => {
    const outcome = await binding.limit({ key });
    const success = (outcome as { success?: unknown } | null)?.success;
    if (typeof success !== 'boolean') throw new Error('the rate-limiting binding answered without a boolean success');
    return success || { retryAfter: period };
  });
}

/**
 * The part of an `@upstash/ratelimit` `Ratelimit` the adapter uses: `limit(identifier)` resolves
 * to `{ success, reset }` with `reset` in epoch milliseconds, and `reason: 'timeout'` when the
 * library gave up waiting for Redis.
 *
 * @example
 * ```ts
 * import { Ratelimit } from '@upstash/ratelimit';
 * import { Redis } from '@upstash/redis';
 * import type { UpstashRatelimitLike } from 'livekit-token/handler';
 *
 * const ratelimit: UpstashRatelimitLike = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(60, '60 s'), prefix: 'lk-mint' });
 * ```
 */
export interface UpstashRatelimitLike {
  /**
   * Counts one request for `identifier`; `reset` is when the window ends, epoch milliseconds;
   * `pending` is the library's background work (analytics, multi-region sync).
   */
  limit(identifier: string): Promise<{ success: boolean; reset: number; reason?: string | undefined; pending?: Promise<unknown> | undefined }>;
}

/**
 * Turns an `@upstash/ratelimit` `Ratelimit` into the handler's `rateLimit` hook: `success: false`
 * gives 429 with `Retry-After` counted to `reset`; a rejected call fails closed (503) unless
 * `failOpen` is set. The answer's `pending` promise goes to the handler's `waitUntil` option
 * (pass Workers' `ctx.waitUntil` there, or Vercel's `waitUntil`), its rejection caught. `@upstash/ratelimit` itself lets a request through when Redis does not
 * answer within its own `timeout` (marked `reason: 'timeout'`); the adapter treats that answer as
 * the store being down too, so the choice stays the one made here.
 *
 * @example
 * ```ts
 * import { Ratelimit } from '@upstash/ratelimit';
 * import { Redis } from '@upstash/redis';
 * import { createTokenHandler, fromUpstashRatelimit } from 'livekit-token/handler';
 *
 * const ratelimit = new Ratelimit({
 *   redis: Redis.fromEnv(),
 *   limiter: Ratelimit.slidingWindow(60, '60 s'),
 *   prefix: 'lk-mint',
 *   timeout: 1000,
 * });
 * const handler = createTokenHandler({
 *   keys: { apiKey: process.env.LIVEKIT_API_KEY!, apiSecret: process.env.LIVEKIT_API_SECRET! },
 *   wsUrl: process.env.LIVEKIT_URL!,
 *   authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
 *   rateLimit: fromUpstashRatelimit(ratelimit),
 * });
 * ```
 */
export function fromUpstashRatelimit(ratelimit: UpstashRatelimitLike, options: SharedRateLimitOptions = {}): RateLimiter {
  if (!hasMethod(ratelimit, 'limit')) invalid('fromUpstashRatelimit needs a Ratelimit with a limit(identifier) method');
  return shared(options, async (key) => {
    const response = (await ratelimit.limit(key)) as { success?: unknown; reset?: unknown; reason?: unknown; pending?: unknown } | null;
    // The background work goes on with the answer (to the handler's waitUntil), its rejection
    // caught here first, so that it is never unhandled whatever the answer is.
    const pending = guarded(response?.pending);
    const success = response?.success;
    if (typeof success !== 'boolean') throw new Error('the Upstash rate limiter answered without a boolean success');
    if (response?.reason === 'timeout') throw new DOMException('the Upstash rate limiter timed out', 'TimeoutError');
    const reset = Number(response?.reset);
    const decision: RateLimitDecision = success ? { allow: true } : { retryAfter: wholeSeconds(reset - Date.now()) };
    if (pending !== undefined) decision.pending = pending;
    return decision;
  });
}

// ---------------------------------------------------------------------------------------------

/** Wraps a store call with the key, the timeout and the failure mode every adapter shares. */
function shared(options: SharedRateLimitOptions, ask: (key: string) => Promise<RateLimitDecision>): RateLimiter {
  const key = options.key ?? ((_request: Request, given: string) => given);
  if (typeof key !== 'function') invalid('key must be a function');
  const failOpen = options.failOpen === true;
  const unavailable = { retryAfter: wholeNumber(options.unavailableRetryAfter ?? 5, 'unavailableRetryAfter'), unavailable: true } as const;
  const timeoutMs = wholeNumber(options.timeoutMs ?? 1000, 'timeoutMs');
  const { onError } = options;

  return async (request, given) => {
    // The key function is the application's code: its bugs surface as bugs, not as an outage.
    const name = key(request, given);
    try {
      return await withTimeout(ask(name), timeoutMs);
    } catch (error) {
      if (onError) {
        try {
          onError(error);
        } catch {
          // Reporting must not change the answer.
        }
      }
      return failOpen ? true : { ...unavailable };
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(`the rate limiter did not answer within ${ms} ms`, 'TimeoutError')), ms);
  });
  // Promise.race handles a late rejection of `promise`, so it is never unhandled.
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A promise with its rejection caught, or undefined for anything that is not a promise. */
function guarded(value: unknown): Promise<void> | undefined {
  if (typeof (value as { then?: unknown } | null)?.then !== 'function') return undefined;
  return Promise.resolve(value).then(
    () => undefined,
    () => undefined,
  );
}

function isPointsExhausted(value: unknown): value is { msBeforeNext: number } {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as { msBeforeNext?: unknown }).msBeforeNext === 'number';
}

/** Milliseconds to whole seconds for `Retry-After`: at least 1, even for a past or odd value. */
function wholeSeconds(ms: number): number {
  const seconds = Math.ceil(ms / 1000);
  return Number.isFinite(seconds) && seconds >= 1 ? seconds : 1;
}

function hasMethod(value: unknown, name: string): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

function wholeNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) invalid(`${name} must be a whole number ≥ 1`);
  return value;
}

function invalid(message: string): never {
  throw new LiveKitTokenError('ERR_INVALID_OPTIONS', message);
}
