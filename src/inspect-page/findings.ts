// What the debugger page warns about and notes on a token, judged the way a LiveKit server reads
// it. Pure functions of the decoded claims, so they are tested without a browser.
import type { LiveKitClaims } from '../claims.js';
import { checkEgressCredentials } from '../egress.js';
import { isLiveKitTokenError } from '../errors.js';
import { canPublish, videoOf } from '../helpers.js';
import { formatDuration, type TokenStatus } from '../describe.js';
import { isObject } from '../lib/json.js';
import { DEFAULT_MAX_TOKEN_BYTES, MAX_NAME_BYTES } from '../lib/limits.js';
import { utf8Length } from '../lib/text.js';

/**
 * One thing the page tells about a token: a warning (something is wrong) or a note (a default that surprises).
 *
 * @example
 * const finding: Finding = { level: 'warning', title: 'Expired 3 h ago', detail: 'A LiveKit server refuses it …', serious: true };
 */
export interface Finding {
  level: 'warning' | 'note';
  /** A short headline. */
  title: string;
  /** One or two sentences: what LiveKit does with it and what to do. */
  detail: string;
  /** A warning about something a LiveKit server refuses outright, or a leak. */
  serious?: true;
}

/**
 * Seconds of clock skew a LiveKit server allows on `exp` and `nbf` (livekit/protocol,
 * auth/verifier.go, `tokenLeeway`).
 *
 * @example
 * timelineModel(claims, now, SERVER_LEEWAY); // bands of 60 s beside exp and before nbf
 */
export const SERVER_LEEWAY = 60;

/** From this share of a limit on, a size is "near" it. */
const NEAR = 0.75;
/** Longer than a day is more than any session needs, and a stolen token stays useful as long. */
const LONG_LIFETIME = 86400;

/** The participant permissions that only mean something to a participant that joins. */
const PARTICIPANT_FIELDS = ['canPublish', 'canSubscribe', 'canPublishData', 'canPublishSources', 'canUpdateOwnMetadata', 'hidden', 'recorder'];

/**
 * What the page needs to judge a token besides its claims.
 *
 * @example
 * const input: FindingInput = { claims, status: tokenStatus(claims), bytes: 412, alg: 'HS256', now: Date.now() / 1000 };
 */
export interface FindingInput {
  claims: LiveKitClaims;
  status: TokenStatus;
  /** The token's length in bytes. */
  bytes: number;
  /** The header's `alg`. */
  alg: unknown;
  /** Seconds since the epoch. */
  now: number;
}

/**
 * Serious warnings first (what LiveKit refuses, what leaks), then the other warnings, then notes.
 *
 * @example
 * findings({ claims: { exp: now - 10800, sub: 'bob', video: { roomJoin: true, room: 'r' } }, status, bytes: 230, alg: 'HS256', now })
 *   .map((f) => f.title); // ['Expired 3 h ago', 'Every source may publish', 'Absent permissions are allowed']
 */
export function findings({ claims, status, bytes, alg, now }: FindingInput): Finding[] {
  const out: Finding[] = [];
  const warn = (title: string, detail: string, serious = false) => out.push({ level: 'warning', title, detail, ...(serious && { serious: true as const }) });
  const note = (title: string, detail: string) => out.push({ level: 'note', title, detail });
  const v = videoOf(claims);
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;

  if (status.state === 'expired') {
    const inLeeway = exp !== undefined && now - exp <= SERVER_LEEWAY;
    warn(
      `Expired ${formatDuration(status.seconds)} ago`,
      inLeeway
        ? `A LiveKit server still accepts it for ${SERVER_LEEWAY} s after exp (clock skew), but not for long: mint a new token.`
        : 'A LiveKit server refuses it ("token is expired"). Mint a new one; a client that stays connected keeps its session, a reconnect needs a fresh token.',
      !inLeeway,
    );
  }
  if (status.state === 'not-yet-valid') {
    warn(`Not valid for another ${formatDuration(status.seconds)}`, `nbf is in the future. If that surprises you, the clock of the machine that minted it is ahead (a LiveKit server allows ${SERVER_LEEWAY} s).`, true);
  }
  if (status.state === 'no-expiry') warn('Never expires', 'The token has no exp: anyone who copies it can use it for ever. Give every token a lifetime (createToken always does).');
  if (alg !== 'HS256') warn(`Signed with ${typeof alg === 'string' ? alg : 'no algorithm'}`, 'LiveKit accepts HS256 only: a server refuses this token.', true);

  if (v.roomJoin === true && !(typeof v.room === 'string' && v.room !== '')) {
    warn('roomJoin without a room', 'The token may join, but names no room: LiveKit takes the room from the connection request instead, so the holder can join any room. Set video.room.');
  }
  if (v.roomJoin === true && !(typeof claims.sub === 'string' && claims.sub !== '')) {
    warn('roomJoin without an identity', 'A LiveKit server refuses to connect a participant without an identity (sub). Set identity when minting.', true);
  }
  const ignored = ignoredGrants(claims);
  if (ignored.length > 0) {
    warn(`LiveKit ignores ${ignored.join(', ')}`, 'These apply only to a participant that joins a room, and this token has no video.roomJoin. roomConfig and roomPreset are read only when a join creates the room.');
  }
  const credentials = egressProblem(claims.roomConfig);
  if (credentials !== undefined) warn('Credentials in roomConfig.egress', `${credentials}: every holder of the token can read it, the browser included. Start egress from your server instead.`, true);

  if (bytes > DEFAULT_MAX_TOKEN_BYTES) warn(`${bytes} bytes: over 8 KiB`, 'Tokens travel in the connection URL; proxies and servers refuse request lines near 8 KiB, and this library does too. Move large metadata out of the token.', true);
  else if (bytes >= DEFAULT_MAX_TOKEN_BYTES * NEAR) warn(`${bytes} bytes: near the 8 KiB limit`, 'Tokens travel in the connection URL; proxies cap request lines near 8 KiB. Keep metadata and attributes small.');
  nearLimit(warn, 'identity', claims.sub);
  nearLimit(warn, 'room name', v.room);

  if (exp !== undefined && nbf !== undefined && exp - nbf > LONG_LIFETIME) {
    warn(`Lives ${formatDuration(exp - nbf)}`, 'Over 24 hours: a leaked token stays useful that long. A token is only needed to connect; mint short-lived ones (minutes to hours) and refresh.');
  }
  const sipAttributes = Object.keys(isObject(claims.attributes) ? claims.attributes : {}).filter((key) => key.startsWith('sip.'));
  if (sipAttributes.length > 0 && claims.kind !== 'sip') {
    warn('sip.* attributes on a non-SIP participant', `${sipAttributes.join(', ')}: LiveKit's SIP service sets these on SIP participants (kind sip). Here they look like a phone call's facts but are whatever the minter wrote; apps that trust them can be fooled.`);
  }

  const joins = v.roomJoin === true;
  if (joins && canPublish(claims) && !(Array.isArray(v.canPublishSources) && v.canPublishSources.length > 0)) {
    note('Every source may publish', 'canPublishSources is empty or absent, which LiveKit reads as "all sources": camera, microphone, screen share and its audio. List the sources to narrow it.');
  }
  if (joins && (v.canPublish == null || v.canSubscribe == null)) {
    note('Absent permissions are allowed', 'LiveKit reads an absent canPublish or canSubscribe as true (and canPublishData as canPublish). Write false to deny.');
  }
  const agents = claims.roomConfig?.agents;
  if (joins && Array.isArray(agents) && agents.some((a: unknown) => !(isObject(a) && typeof a['agentName'] === 'string' && a['agentName'] !== ''))) {
    note('Agent dispatch without a name', 'A dispatch with no agentName goes to the default agent: the one registered without a name. Name the agent to dispatch a specific one.');
  }
  if (joins && v.canUpdateOwnMetadata === true) {
    note('The client may rewrite itself', 'canUpdateOwnMetadata lets the client change its own name, metadata and attributes after joining, replacing what this token set. Do not trust them as minted.');
  }
  // What LiveKit refuses (or what leaks) first; the sort is stable, so each group keeps its order.
  const rank = (f: Finding) => (f.serious ? 0 : f.level === 'warning' ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** The grants a token that cannot join carries for nothing. */
function ignoredGrants(claims: LiveKitClaims): string[] {
  const v = videoOf(claims);
  // A LiveKit server reads all of them at join time only (pkg/service/utils.go, ValidateConnectRequest).
  if (v.roomJoin === true) return [];
  const ignored = PARTICIPANT_FIELDS.filter((field) => (v as Record<string, unknown>)[field] !== undefined).map((field) => `video.${field}`);
  if (claims.roomConfig !== undefined) ignored.push('roomConfig');
  if (claims.roomPreset !== undefined) ignored.push('roomPreset');
  return ignored;
}

/** The core's own check of roomConfig.egress, as a sentence, or undefined when it holds no credential. */
function egressProblem(roomConfig: unknown): string | undefined {
  try {
    checkEgressCredentials(isObject(roomConfig) ? roomConfig['egress'] : undefined);
    return undefined;
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    // The message ends with how createToken lets it through, which is beside the point here.
    return e.message.split(', which ')[0]!;
  }
}

/** Identity and room are at most 256 UTF-8 bytes on a LiveKit server by default. */
function nearLimit(warn: (title: string, detail: string, serious?: boolean) => void, what: string, value: unknown): void {
  if (typeof value !== 'string') return;
  const bytes = utf8Length(value);
  if (bytes > MAX_NAME_BYTES) warn(`The ${what} is ${bytes} bytes`, `A LiveKit server refuses more than ${MAX_NAME_BYTES} bytes by default.`, true);
  else if (bytes >= MAX_NAME_BYTES * NEAR) warn(`The ${what} is ${bytes} bytes`, `Near the ${MAX_NAME_BYTES}-byte limit of a LiveKit server.`);
}
