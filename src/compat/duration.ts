import { LiveKitTokenError, parseTtl } from '../index.js';

// The time-span grammar of `jose` (which livekit-server-sdk hands its TTLs to): a number, an
// optional space and a unit, optionally "from now" / "ago" or a sign, case-insensitive, rounded
// to whole seconds. Years are 365.25 days, as there. Spans that point into the past ("1h ago",
// "-5m") are rejected below instead of minting an already-expired token.
const SPAN = /^([+-])? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 };

/**
 * Converts a TTL or clock tolerance as the SDK accepts it into whole seconds ≥ `min`.
 * Numbers are seconds; strings use jose's grammar, and anything else the core's `parseTtl`
 * understands (ISO 8601 `PT1H`, bare `'3600'`) is accepted as well.
 */
export function spanSeconds(span: unknown, what: string, min: number): number {
  let seconds = NaN;
  if (typeof span === 'number') {
    seconds = Math.round(span);
  } else if (typeof span === 'string') {
    const m = SPAN.exec(span);
    if (m) {
      const sign = m[1] === '-' || m[4]?.toLowerCase() === 'ago' ? -1 : 1;
      seconds = sign * Math.round(Number(m[2]) * UNIT[m[3]![0]!.toLowerCase()]!);
    } else {
      return parseTtl(span); // ISO 8601 and bare numbers; throws ERR_TTL_INVALID otherwise
    }
  }
  if (!(seconds >= min) || !Number.isSafeInteger(seconds)) {
    throw new LiveKitTokenError('ERR_TTL_INVALID', `${what} must be ${min > 0 ? 'a positive' : 'a non-negative'} duration such as 600 or '10m'`);
  }
  return seconds;
}
