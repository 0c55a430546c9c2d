import { fail } from '../errors.js';

/**
 * A point in time as a `Date` or epoch milliseconds, the convention of every `now` option.
 *
 * @example
 * ```ts
 * const issued: Clock = new Date('2025-01-01T00:00:00Z'); // or Date.UTC(2025, 0, 1)
 * const token = await createToken(key, { identity: 'alice', now: issued, ttl: '10m' });
 * await verifyToken(token, key, { now: issued.getTime() + 60_000 });
 * ```
 */
export type Clock = Date | number;

/** Milliseconds since the epoch for a `now` option (absent → the real clock). */
export function epochMillis(now: Clock | undefined, field = 'now'): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    fail('ERR_INVALID_OPTIONS', `${field} must be a valid Date or epoch milliseconds`);
  }
  return ms;
}

/** Whole seconds since the epoch (floor), as JWT NumericDate uses. */
export function epochSeconds(now: Clock | undefined, field?: string): number {
  return Math.floor(epochMillis(now, field) / 1000);
}
