import { fail } from '../errors.js';

/**
 * A point in time, the convention of every `now` option: a `Date`, epoch milliseconds, or a
 * clock object whose `now` is epoch milliseconds or a function returning them. So the testing
 * kit's `fixedClock()` can be passed as `now: clock` as it is, and so can `{ now: Date.now }`;
 * a function on its own (`now: Date.now`) works too, which keeps spreading such a clock into
 * the options working.
 *
 * @example
 * ```ts
 * const issued: Clock = new Date('2025-01-01T00:00:00Z'); // or Date.UTC(2025, 0, 1)
 * const token = await createToken(key, { identity: 'alice', now: issued, ttl: '10m' });
 * await verifyToken(token, key, { now: issued.getTime() + 60_000 });
 * await verifyToken(token, key, { now: { now: () => issued.getTime() + 120_000 } });
 * ```
 */
export type Clock =
  | Date
  | number
  | (() => number)
  | {
      /** Epoch milliseconds, or a function returning them (called on every read). */
      readonly now: number | (() => number);
    };

/** The largest distance from the epoch, in milliseconds, that a `Date` can hold (ECMA-262 time value range). */
const MAX_DATE_MS = 8.64e15;

/**
 * Milliseconds since the epoch for a `now` option (absent → the real clock). Anything that is
 * not a time a `Date` can hold (NaN, ±Infinity, beyond ±8.64e15 ms, a clock that throws or
 * returns something else) is `ERR_INVALID_OPTIONS`, so no `RangeError` can surface later.
 */
export function epochMillis(now: Clock | undefined, field = 'now'): number {
  if (now === undefined) return Date.now();
  let ms: unknown = now;
  try {
    if (now instanceof Date) ms = now.getTime();
    else {
      // A clock object: its `now` is the time, or a function returning it (called on the clock).
      if (typeof ms === 'object' && ms !== null) ms = (ms as { now?: unknown }).now;
      if (typeof ms === 'function') ms = (ms as () => unknown).call(now);
    }
  } catch {
    ms = NaN; // a clock that throws is no clock: refused below, without echoing its error
  }
  if (typeof ms !== 'number' || !(Math.abs(ms) <= MAX_DATE_MS)) {
    fail('ERR_INVALID_OPTIONS', `${field} must be a Date, epoch milliseconds or a clock, within the range of a Date`);
  }
  return ms;
}

/** Whole seconds since the epoch (floor), as JWT NumericDate uses. */
export function epochSeconds(now: Clock | undefined, field?: string): number {
  return Math.floor(epochMillis(now, field) / 1000);
}
