// The time-span grammar of `jose`, to which livekit-server-sdk hands its TTLs: a number, an
// optional space and a unit, optionally "from now", case-insensitive, rounded to whole seconds;
// years are 365.25 days. Spans pointing into the past ("1h ago", "-5m") are left unmatched, so
// the core rejects them instead of minting an already-expired token.
const SPAN = /^\+? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: from now)?$/i;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 };

/**
 * Converts a TTL or clock tolerance as the SDK accepts it into seconds, rounded as jose rounds.
 * Anything else is returned as given for the core to parse (ISO 8601 `PT1H`, bare `'3600'`) or
 * to reject with `ERR_TTL_INVALID`: validation and error messages stay in one place.
 */
export function toSeconds(span: number | string): number | string {
  if (typeof span === 'number') return Math.round(span);
  const m = SPAN.exec(span);
  return m ? Math.round(Number(m[1]) * UNIT[m[2]![0]!.toLowerCase()]!) : span;
}
