// What to do about a token that failed to decode or verify, in one sentence per error code.
// Web APIs only: the command line prints these, and a page in the browser can show the same words.
import type { LiveKitTokenError } from './errors.js';
import { formatDuration } from './describe.js';
import { decodeToken } from './jwt/decode.js';

/** What a hint may use besides the error and the token. */
export interface HintContext {
  /** The API key the token was checked with; empty or absent when no key was given. */
  apiKey?: string;
  /** The instant the token was judged at, in epoch milliseconds. */
  now: number;
  /**
   * Whether `now` was chosen by the user rather than read from the clock. The hint then speaks of
   * "the given time" instead of "ago" and of the minting machine's clock.
   */
  givenNow?: boolean;
  /** How the reader allows clock skew where the token is checked, e.g. `--clock-tolerance 60`. */
  toleranceAdvice?: string;
  /** How the reader names the expected room and identity, e.g. `--room/--identity`. */
  expectationNames?: string;
  /** The room and identity the token was expected to be for: a mismatch hint names what it holds. */
  expected?: { room?: string | undefined; identity?: string | undefined } | undefined;
}

/**
 * A short, quoted excerpt of text from a token or a user, for a message: JSON-quoted, cut after
 * 40 characters. Control characters come out escaped by the quoting.
 *
 * @example
 * quoteExcerpt('my-room'); // '"my-room"'
 */
export const quoteExcerpt = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Quote marks a token never holds, at either end: copied from JSON, code or a chat message. */
const QUOTES = `"'\`“”‘’«»`;

/**
 * Whether the text starts or ends with a quote mark, which a token never does.
 *
 * @example
 * isQuoted('"eyJhbGciOi…"'); // true
 */
export const isQuoted = (token: string): boolean => token.length > 0 && (QUOTES.includes(token[0]!) || QUOTES.includes(token[token.length - 1]!));

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Claims if the token decodes at all (a hint can use them), otherwise undefined. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeToken(token).claims;
  } catch {
    return undefined;
  }
}

/** What the token holds where it differs from the expected room or identity, if it does. */
function mismatch(message: string, claims: Record<string, unknown>, expected: HintContext['expected']): string | undefined {
  const video = claims['video'];
  const room = typeof video === 'object' && video !== null ? (video as Record<string, unknown>)['room'] : undefined;
  const sub = claims['sub'];
  const holds = (what: string, value: unknown, wanted: string) =>
    typeof value === 'string' && value !== ''
      ? `the token is for ${what} ${quoteExcerpt(value)}, not ${quoteExcerpt(wanted)}`
      : `the token names no ${what}, and ${quoteExcerpt(wanted)} was expected`;
  // Only for the mismatch itself: a claim of the wrong type fails before it with its own message.
  if (!message.includes('not for the expected')) return undefined;
  if (expected?.room !== undefined && room !== expected.room) return holds('room', room, expected.room);
  if (expected?.identity !== undefined && sub !== expected.identity) return holds('identity', sub, expected.identity);
  return undefined;
}

/**
 * One sentence on what to do about a decode or verification failure: when it expired, which key
 * it names, that the secret is wrong. Never contains the secret, the signature or the token.
 * Text taken from the token is quoted with {@link quoteExcerpt}; a terminal or a page still has
 * to escape what it shows.
 *
 * @example
 * // error: the LiveKitTokenError that verifyToken threw for this token
 * tokenHint(error, token, { apiKey: 'devkey', now: Date.now() });
 * // 'it expired 3 min ago, at 2025-03-01T09:57:00Z: mint a new token (…)'
 */
export function tokenHint(error: LiveKitTokenError, token: string, context: HintContext): string {
  const claims = claimsOf(token) ?? {};
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : undefined;
  const now = context.now / 1000;
  const skew = `a LiveKit server allows 60 s of clock skew${context.toleranceAdvice ? `; ${context.toleranceAdvice} does the same here` : ''}`;
  switch (error.code) {
    case 'ERR_TOKEN_EXPIRED':
      if (typeof exp !== 'number') return 'it has expired: mint a new token';
      return context.givenNow
        ? `it expired ${formatDuration(now - exp)} before the given time, at ${iso(exp)}: mint a new token (${skew})`
        : `it expired ${formatDuration(now - exp)} ago, at ${iso(exp)}: mint a new token (${skew})`;
    case 'ERR_TOKEN_NOT_YET_VALID':
      if (typeof nbf !== 'number') return 'it is not valid yet: check the clocks';
      return context.givenNow
        ? `it becomes valid ${formatDuration(nbf - now)} after the given time, at ${iso(nbf)}`
        : `it becomes valid in ${formatDuration(nbf - now)}, at ${iso(nbf)}: is the clock of the machine that minted it ahead?`;
    case 'ERR_TOKEN_SIGNATURE':
      return `wrong secret or key: the token names API key ${quoteExcerpt(iss ?? '')} but was signed with a different secret, or was altered after signing`;
    case 'ERR_TOKEN_UNKNOWN_KEY':
      return iss === undefined
        ? 'the token has no iss claim, so no API key can verify it'
        : `the token was issued by API key ${quoteExcerpt(iss)} (iss), but the key given is ${quoteExcerpt(context.apiKey ?? '')}`;
    case 'ERR_TOKEN_ALGORITHM':
      return 'LiveKit tokens are signed with HS256 only; this one claims another algorithm (or none) and is refused unread';
    case 'ERR_TOKEN_MALFORMED':
      if (isQuoted(token)) return 'remove the quotes: the token is the text between them, without quote marks (they came along with a copy from JSON or code)';
      return 'pass the whole token: three base64url parts separated by dots, with nothing added';
    case 'ERR_TOKEN_CLAIMS':
      return mismatch(error.message, claims, context.expected) ?? `the signature is fine, but a claim is missing, has the wrong type, or does not match ${context.expectationNames ?? 'the expected room or identity'}`;
    default:
      return 'see the error code in the README';
  }
}
