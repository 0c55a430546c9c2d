import { LiveKitTokenError } from '../index.js';
import type { RateLimitDecision, RateLimiter } from './types.js';

/**
 * Options of {@link createMemoryRateLimiter}.
 *
 * @example
 * ```ts
 * import { createMemoryRateLimiter, type MemoryRateLimiterOptions } from 'livekit-token/handler';
 *
 * // Ten mints per identity per ten minutes, for at most 50 000 identities.
 * const options: MemoryRateLimiterOptions = { limit: 10, windowMs: 10 * 60_000, maxKeys: 50_000 };
 * const rateLimit = createMemoryRateLimiter(options);
 * ```
 */
export interface MemoryRateLimiterOptions {
  /** Mints allowed per identity per window. Default 60. */
  limit?: number | undefined;
  /** Window length, milliseconds. Default 60 000. */
  windowMs?: number | undefined;
  /** Most identities tracked at once; memory stays bounded by it. Default 10 000. */
  maxKeys?: number | undefined;
  /** Clock for tests, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * An in-memory, fixed-window rate limiter keyed by identity: the default of the token handler.
 * It only protects one process; with several instances, plug in a shared limiter (see
 * docs/token-service.md). Memory is bounded: when `maxKeys` identities are tracked, expired
 * windows are dropped first, then the oldest ones.
 *
 * @example
 * ```ts
 * import { createMemoryRateLimiter, createTokenHandler } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({
 *   keys,
 *   signingKey: 'APIabc',
 *   wsUrl: 'wss://my-project.livekit.cloud',
 *   authorize: (req) => req.headers.get('authorization') === 'Bearer let-me-in',
 *   rateLimit: createMemoryRateLimiter({ limit: 10, windowMs: 60_000 }),
 * });
 * ```
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const take = memoryWindows(options);
  return (_request, identity) => take(identity);
}

/** @internal The limiter itself, keyed by identity only (the handler's default needs no Request). */
export function memoryWindows(options: MemoryRateLimiterOptions): (identity: string) => RateLimitDecision {
  const limit = positive(options.limit ?? 60, 'limit');
  const windowMs = positive(options.windowMs ?? 60_000, 'windowMs');
  const maxKeys = positive(options.maxKeys ?? 10_000, 'maxKeys');
  const now = options.now ?? Date.now;
  // identity → start of its window. Map order is insertion order and a window is (re)inserted
  // when it starts, so the first key is the oldest window.
  const starts = new Map<string, number>();
  // identity → requests counted in its window, kept only from the second one on: most callers
  // ask once per window, and a number per Map is cheaper than an entry object per identity.
  const repeats = new Map<string, number>();

  return (identity) => {
    const t = now();
    const start = starts.get(identity);
    if (start === undefined || t - start >= windowMs) {
      if (start !== undefined) forget(identity);
      else if (starts.size >= maxKeys) evict(t);
      starts.set(identity, t);
      return true; // the first request of a window: limit is at least 1
    }
    const count = repeats.get(identity) ?? 1;
    if (count >= limit) return { retryAfter: Math.max(1, Math.ceil((start + windowMs - t) / 1000)) };
    repeats.set(identity, count + 1);
    return true;
  };

  function forget(identity: string): void {
    starts.delete(identity);
    repeats.delete(identity);
  }

  function evict(t: number): void {
    // Expired windows are all at the front: the scan stops at the first live one.
    for (const [identity, start] of starts) {
      if (t - start < windowMs) break;
      forget(identity);
    }
    // Still full: forget the oldest tenth, so that this runs once per many new identities.
    // Forgetting only ever lets an identity mint again early, never blocks one wrongly.
    const keep = Math.floor(maxKeys * 0.9);
    for (const identity of starts.keys()) {
      if (starts.size <= keep) break;
      forget(identity);
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new LiveKitTokenError('ERR_INVALID_OPTIONS', `${name} must be a whole number ≥ 1`);
  }
  return value;
}
