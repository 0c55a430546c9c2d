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
  // identity → [window start, count]; Map order is insertion order, so the first key is the oldest.
  const windows = new Map<string, [number, number]>();

  return (identity) => {
    const t = now();
    let entry = windows.get(identity);
    if (entry === undefined || t - entry[0] >= windowMs) {
      if (entry !== undefined) windows.delete(identity);
      else if (windows.size >= maxKeys) evict(windows, t, windowMs, maxKeys);
      entry = [t, 0];
      windows.set(identity, entry);
    }
    if (entry[1] >= limit) return { retryAfter: Math.max(1, Math.ceil((entry[0] + windowMs - t) / 1000)) };
    entry[1]++;
    return true;
  };
}

function evict(windows: Map<string, [number, number]>, t: number, windowMs: number, maxKeys: number): void {
  // A window is (re)inserted when it starts, so the Map is ordered by start time: expired
  // windows are all at the front, and the scan stops at the first live one.
  for (const [key, [start]] of windows) {
    if (t - start < windowMs) break;
    windows.delete(key);
  }
  // Still full: forget the oldest tenth, so that this runs once per many new identities.
  // Forgetting only ever lets an identity mint again early, never blocks one wrongly.
  const keep = Math.floor(maxKeys * 0.9);
  for (const key of windows.keys()) {
    if (windows.size <= keep) break;
    windows.delete(key);
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new LiveKitTokenError('ERR_INVALID_OPTIONS', `${name} must be a whole number ≥ 1`);
  }
  return value;
}
