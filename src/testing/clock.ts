import { LiveKitTokenError, parseTtl, type Clock } from '../index.js';
import { epochMillis } from '../lib/time.js';

/** The instant `fixedClock()` stands still at when given none: easy to read in failures. */
const DEFAULT_INSTANT = Date.UTC(2025, 0, 1, 12, 0, 0);

/**
 * A clock that never moves. Its only own property is `now` (epoch milliseconds), so the clock
 * itself — or `{ ...clock }` — is a valid `now` option for `createToken`, `verifyToken`,
 * `forgeToken` and `tokenStatus`: tests need no fake timers and never race the real clock.
 *
 * @example
 * ```ts
 * import { fixedClock, type FixedClock } from 'livekit-token/testing';
 *
 * const clock: FixedClock = fixedClock('2025-01-01T12:00:00Z');
 * const token = await createToken(key, { identity: 'alice', ttl: '10m', ...clock });
 * await verifyToken(token, key, { now: clock.now + 60_000 }); // one minute later
 * ```
 */
export class FixedClock {
  /** Epoch milliseconds. */
  readonly now: number;

  constructor(at: Clock | string = DEFAULT_INSTANT) {
    // Another clock (or a Date, or epoch ms) is read like any `now` option, range included.
    const ms = typeof at === 'string' ? Date.parse(at) : epochMillis(at, 'fixedClock(at)');
    // Beyond ±8.64e15 ms a Date is invalid, and toDate() would give one.
    if (!(Math.abs(ms) <= 8.64e15)) {
      throw new LiveKitTokenError('ERR_INVALID_OPTIONS', 'fixedClock needs a valid Date, epoch milliseconds or ISO date string');
    }
    this.now = ms;
  }

  /** A new clock `ttl` later (seconds or a TTL string such as `'5m'`). */
  plus(ttl: number | string): FixedClock {
    return new FixedClock(this.now + parseTtl(ttl) * 1000);
  }

  /** A new clock `ttl` earlier (seconds or a TTL string such as `'5m'`). */
  minus(ttl: number | string): FixedClock {
    return new FixedClock(this.now - parseTtl(ttl) * 1000);
  }

  /** The instant as a `Date`. */
  toDate(): Date {
    return new Date(this.now);
  }

  /** Whole seconds since the epoch, as JWT `nbf`/`exp` count them. */
  toSeconds(): number {
    return Math.floor(this.now / 1000);
  }
}

/**
 * Creates a {@link FixedClock}: pass it (or spread it) wherever an option takes `now`.
 * Without an argument it stands at 2025-01-01T12:00:00Z.
 *
 * @example
 * ```ts
 * import { createToken, verifyToken } from 'livekit-token';
 * import { devKey, fixedClock } from 'livekit-token/testing';
 *
 * const clock = fixedClock('2025-06-01T09:00:00Z');
 * const token = await createToken(devKey, { ...clock, identity: 'alice', ttl: '10m' });
 * await verifyToken(token, devKey, clock.plus('5m'));              // still valid
 * await verifyToken(token, devKey, { ...clock.plus('11m') });       // rejects: ERR_TOKEN_EXPIRED
 * ```
 */
export function fixedClock(at?: Clock | string): FixedClock {
  return new FixedClock(at);
}
