// Where a token's times sit on a line against now, as fractions of the drawing's width. When
// now is far from the token's window (a token that expired days ago, or starts next week), the
// line is broken between them so that the window stays readable.
import type { LiveKitClaims } from '../claims.js';
import { formatDuration } from '../describe.js';

export type MarkName = 'nbf' | 'iat' | 'exp' | 'now';

/**
 * One instant on the line.
 *
 * @example
 * const mark: Mark = { name: 'exp', time: 1800000600, x: 0.95 };
 */
export interface Mark {
  name: MarkName;
  /** Seconds since the epoch. */
  time: number;
  /** Position, 0 (left) to 1 (right). */
  x: number;
}

/**
 * What the page draws.
 *
 * @example
 * const model: TimelineModel = timelineModel(claims, Date.now() / 1000, 60);
 * model.relative; // 'expires in 9 min'
 */
export interface TimelineModel {
  marks: Mark[];
  /** The span in which the token is valid; `to` is 1 and `open` true for a token without exp. */
  window: { from: number; to: number; open: boolean } | undefined;
  /** The server's clock-skew allowance beside exp and before nbf. */
  bands: Array<{ from: number; to: number }>;
  /** Where the line is cut, when it is. */
  gap: { from: number; to: number; seconds: number } | undefined;
  /** "expires in 9 min", "expired 3 h ago", "valid in 2 min", "never expires". */
  relative: string;
}

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The narrowest a drawn band may be, so that a 60 s band on a week-long token still shows. */
const MIN_BAND = 0.008;

/**
 * Lays the token's `nbf`, `iat` and `exp` out against `now` (seconds since the epoch), with
 * `leeway` seconds of allowance drawn beside `exp` and before `nbf`.
 *
 * @example
 * timelineModel({ nbf: now - 600, exp: now + 600 }, now, 60).marks; // nbf at 0.05, now at 0.5, exp at 0.95
 */
export function timelineModel(claims: LiveKitClaims, now: number, leeway: number): TimelineModel {
  const times: { [name in MarkName]?: number | undefined } = { nbf: number(claims.nbf), iat: number(claims.iat), exp: number(claims.exp), now };
  const tokenTimes = (['nbf', 'iat', 'exp'] as const).map((n) => times[n]).filter((t): t is number => t !== undefined);
  const exp = times.exp;
  const start = times.nbf ?? times.iat;

  let place: (t: number) => number;
  let gap: TimelineModel['gap'];
  if (tokenTimes.length === 0) {
    place = () => 0.5;
  } else {
    const low = Math.min(...tokenTimes);
    const high = Math.max(...tokenTimes, low + leeway);
    const span = Math.max(high - low, leeway);
    if (now > high + span * 0.8) {
      // Long after: the token's span on the left, a cut, now on the right.
      place = (t) => (t === now ? 0.9 : linear(t, low, high, 0.05, 0.6));
      gap = { from: 0.68, to: 0.76, seconds: now - high };
    } else if (now < low - span * 0.8) {
      place = (t) => (t === now ? 0.1 : linear(t, low, high, 0.4, 0.95));
      gap = { from: 0.24, to: 0.32, seconds: low - now };
    } else {
      const from = Math.min(low, now);
      const to = Math.max(high, now);
      place = (t) => linear(t, from, to, 0.05, 0.95);
    }
  }

  const marks: Mark[] = [];
  for (const name of ['nbf', 'iat', 'exp', 'now'] as const) {
    const time = times[name];
    if (time !== undefined) marks.push({ name, time, x: place(time) });
  }
  const scale = exp !== undefined && start !== undefined && exp > start ? (place(exp) - place(start)) / (exp - start) : 0;
  const band = Math.max(leeway * scale, MIN_BAND);
  const bands: TimelineModel['bands'] = [];
  if (exp !== undefined) bands.push({ from: place(exp), to: Math.min(1, place(exp) + band) });
  if (times.nbf !== undefined) bands.push({ from: Math.max(0, place(times.nbf) - band), to: place(times.nbf) });
  const window =
    exp !== undefined
      ? { from: start !== undefined ? place(start) : 0, to: place(exp), open: false }
      : start !== undefined
        ? { from: place(start), to: 1, open: true }
        : undefined;
  return { marks, window, bands, gap, relative: relative(times, now) };
}

function linear(t: number, low: number, high: number, left: number, right: number): number {
  return high === low ? (left + right) / 2 : left + ((t - low) / (high - low)) * (right - left);
}

function relative(times: { [name in MarkName]?: number | undefined }, now: number): string {
  const { exp, nbf } = times;
  if (exp !== undefined && now > exp) return `expired ${formatDuration(now - exp)} ago`;
  if (nbf !== undefined && now < nbf) return `valid in ${formatDuration(nbf - now)}`;
  return exp === undefined ? 'never expires' : `expires in ${formatDuration(exp - now)}`;
}
