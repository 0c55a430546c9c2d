// The time-span grammar of `jose`, to which livekit-server-sdk hands its TTLs: a number, an
// optional space and a unit, optionally "from now", case-insensitive, rounded to whole seconds;
// years are 365.25 days. Spans pointing into the past ("1h ago", "-5m") are left unmatched, so
// that an already-expired token is refused instead of minted.
const SPAN = /^\+? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: from now)?$/i;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 };

/**
 * Converts a TTL or clock tolerance as the SDK accepts it into seconds, rounded as jose rounds.
 * Anything else gives `NaN`, which the core refuses with its own error (`ERR_TTL_INVALID` for a
 * TTL, `ERR_INVALID_OPTIONS` for a clock tolerance): range checks and messages stay in the core.
 */
export function toSeconds(span: number | string): number {
  if (typeof span === 'number') return Math.round(span);
  // Not a string either (a symbol, an object from untyped callers): refused as NaN, never a TypeError.
  if (typeof span !== 'string') return NaN;
  const m = SPAN.exec(span);
  return m ? Math.round(Number(m[1]) * UNIT[m[2]![0]!.toLowerCase()]!) : NaN;
}
