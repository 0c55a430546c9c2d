// Human-readable answers to "when does this token expire and what may it do?", shared by the
// CLI's `decode` and the testing kit's `inspectToken`. Texts are stable: tests compare them.
import type { LiveKitClaims } from './claims.js';
import { fail } from './errors.js';
import { isObject } from './lib/json.js';
import { WORDING } from './meanings.js';
import { CLAIMS, isNested, type Schema } from './schema.js';
import { canJoin, canPublish, canPublishData, canSubscribe, nowSeconds, timeClaim, tolerance, videoOf, type ClockOptions } from './helpers.js';

/** A source name as text: claims given to describeToken need not be verified, so anything may arrive. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

const UNITS: [string, number][] = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];

/**
 * Formats a duration with its two most significant units, rounded down: `'5 h 59 min'`,
 * `'3 min'`, `'42 s'`, `'2 d 3 h'`. The second unit is left out when it is zero (`'1 h'`, not
 * `'1 h 0 min'`). The sign is ignored (callers say "ago" themselves); `±Infinity` gives
 * `'forever'`.
 *
 * @throws {LiveKitTokenError} `ERR_INVALID_OPTIONS` for `NaN` or a non-number.
 * @example
 * ```ts
 * formatDuration(21570);  // '5 h 59 min'
 * formatDuration(180);    // '3 min'
 * formatDuration(183600); // '2 d 3 h'
 * formatDuration(0);      // '0 s'
 * ```
 */
export function formatDuration(seconds: number): string {
  if (typeof seconds !== 'number' || seconds !== seconds) fail('ERR_INVALID_OPTIONS', 'seconds must be a number');
  const total = Math.floor(Math.abs(seconds));
  if (total === Infinity) return 'forever';
  let i = 0;
  while (total < UNITS[i]![1] && i < 3) i++;
  const [unit, size] = UNITS[i]!;
  let text = `${Math.floor(total / size)} ${unit}`;
  const next = UNITS[i + 1];
  const n = next ? Math.floor((total % size) / next[1]) : 0;
  if (n > 0) text += ` ${n} ${next![0]}`;
  return text;
}

/**
 * Where a token stands in time, as {@link tokenStatus} reports it.
 *
 * @example
 * ```ts
 * const status: TokenStatus = tokenStatus(claims);
 * if (status.state === 'expired') console.warn(`token ${status.text}`); // 'token EXPIRED 3 min ago'
 * ```
 */
export interface TokenStatus {
  /** `'no-expiry'` for a token without `exp`. */
  state: 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';
  /**
   * The whole seconds the text speaks of (never negative): left until `exp` when valid, since
   * `exp` when expired, until `nbf` when not yet valid; `Infinity` without expiry.
   */
  seconds: number;
  /** `'valid for 5 h 59 min'`, `'EXPIRED 3 min ago'`, `'not valid for another 2 min'` or `'no expiry'`. */
  text: string;
}

/**
 * Says whether a token is valid now and for how long, in words. Checks `exp` first, like
 * `verifyToken`, then `nbf`; `clockTolerance` (default 0) widens both.
 *
 * @example
 * ```ts
 * tokenStatus({ nbf: 1700000000, exp: 1700021600 }, { now: 1700000030_000 });
 * // { state: 'valid', seconds: 21570, text: 'valid for 5 h 59 min' }
 * tokenStatus({ exp: 1700000000 }, { now: 1700000180_000 }).text; // 'EXPIRED 3 min ago'
 * ```
 */
export function tokenStatus(claims: LiveKitClaims, options: ClockOptions = {}): TokenStatus {
  const now = nowSeconds(options.now);
  const tol = tolerance(options.clockTolerance);
  const exp = timeClaim(claims, 'exp');
  const nbf = timeClaim(claims, 'nbf');
  if (exp !== undefined && now > exp + tol) return status('expired', now - exp, 'EXPIRED ', ' ago');
  if (nbf !== undefined && now < nbf - tol) return status('not-yet-valid', nbf - now, 'not valid for another ', '');
  if (exp === undefined) return { state: 'no-expiry', seconds: Infinity, text: 'no expiry' };
  // Within the tolerance after exp, the token is still usable, with nothing left to count.
  return status('valid', Math.max(0, exp - now), 'valid for ', '');
}

function status(state: TokenStatus['state'], exact: number, before: string, after: string): TokenStatus {
  const seconds = Math.floor(exact);
  return { state, seconds, text: before + formatDuration(seconds) + after };
}

/**
 * @internal The permissions granted by boolean grant fields that are `true`, in schema order,
 * worded as `wording` says. Fields worded `false` are worded by describeToken itself (or left
 * out); a field with no wording is named by its path, so that a grant nobody worded yet still
 * shows.
 */
export function grantedAbilities(
  claims: Record<string, unknown>,
  schema: Schema = CLAIMS,
  wording: Readonly<Record<string, string | false | undefined>> = WORDING,
): string[] {
  const can: string[] = [];
  for (const claim in schema) {
    const type = schema[claim];
    const grant = claims[claim];
    if (!isNested(type) || typeof grant !== 'object' || grant === null) continue;
    for (const field in type.fields) {
      const path = `${claim}.${field}`;
      const says = wording[path];
      if (type.fields[field] === 'boolean' && says !== false && (grant as Record<string, unknown>)[field] === true) can.push(says ?? path);
    }
  }
  return can;
}

/**
 * One line saying who the token is for, what it may do and when it expires, for logs and
 * troubleshooting. Participant permissions (publish, subscribe) are listed only for a token
 * that can join; server-API grants, `hidden`, `recorder`, agent dispatch and a non-standard
 * `kind` are named too. Reads the claims as given: verify the token first to trust them.
 *
 * @example
 * ```ts
 * describeToken(claims, { now });
 * // 'alice may join room demo, publish camera+microphone, subscribe, expires in 5 h 59 min'
 * describeToken({ video: { roomCreate: true, roomList: true }, exp: now / 1000 + 600 }, { now });
 * // 'this token may create rooms, list rooms, expires in 10 min'
 * ```
 */
export function describeToken(claims: LiveKitClaims, options: Pick<ClockOptions, 'now'> = {}): string {
  const v = videoOf(claims);
  const can: string[] = [];
  if (canJoin(claims)) {
    can.push(`join room ${v.room}`);
    const sources = Array.isArray(v.canPublishSources) && v.canPublishSources.length > 0 ? ' ' + v.canPublishSources.map(text).join('+') : '';
    if (canPublish(claims)) can.push('publish' + sources + (canPublishData(claims) ? '' : ' (no data)'));
    else if (canPublishData(claims)) can.push('publish data only');
    if (canSubscribe(claims)) can.push('subscribe');
    if (v.hidden === true) can.push('stay hidden');
    if (v.recorder === true) can.push('record as recorder');
  } else if (v.roomJoin === true) {
    can.push('not join (roomJoin needs an identity and a room)');
  }
  if (v.roomAdmin === true) can.push(`administer ${typeof v.room === 'string' && v.room !== '' ? 'room ' + v.room : 'all rooms'}`);
  if (typeof v.destinationRoom === 'string') can.push(`forward to room ${v.destinationRoom}`);
  can.push(...grantedAbilities(claims));
  const agents = claims.roomConfig?.agents;
  if (Array.isArray(agents) && agents.length > 0) {
    // A dispatch without a name goes to the agent registered without one.
    can.push('dispatch agent ' + agents.map((a: unknown) => (isObject(a) && typeof a['agentName'] === 'string' && a['agentName'] !== '' ? a['agentName'] : '(unnamed)')).join('+'));
  }

  const status = tokenStatus(claims, options);
  const kind = typeof claims.kind === 'string' && claims.kind !== 'standard' ? ` (${claims.kind})` : '';
  const who = (typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : 'this token') + kind;
  const expiry = status.state === 'valid' ? 'expires in ' + formatDuration(status.seconds) : status.text;
  return `${who} may ${can.length > 0 ? can.join(', ') : 'do nothing (no grants)'}, ${expiry}`;
}
