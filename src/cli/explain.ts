// Words for what went wrong with a token, shared by `decode` and `verify`.
import { decodeToken, formatDuration, type LiveKitTokenError } from '../index.js';
import { quote } from './args.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Claims if the token decodes at all (a hint can use them), otherwise undefined. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeToken(token).claims;
  } catch {
    return undefined;
  }
}

/** Quote marks a token never holds, at either end: copied from JSON, code or a chat message. */
const QUOTES = `"'\`“”‘’«»`;

/** Whether the text starts or ends with a quote mark. */
export const isQuoted = (token: string): boolean => token.length > 0 && (QUOTES.includes(token[0]!) || QUOTES.includes(token[token.length - 1]!));

/**
 * One sentence on what to do about a verification failure: when it expired, which key it
 * names, that the secret is wrong. Never contains the secret, the signature or the token.
 */
export function hint(error: LiveKitTokenError, token: string, apiKey: string, nowMs: number): string {
  const claims = claimsOf(token) ?? {};
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : undefined;
  const now = nowMs / 1000;
  switch (error.code) {
    case 'ERR_TOKEN_EXPIRED':
      return typeof exp === 'number'
        ? `it expired ${formatDuration(now - exp)} ago, at ${iso(exp)}: mint a new token (a LiveKit server allows 60 s of clock skew; --clock-tolerance 60 does the same here)`
        : 'it has expired: mint a new token';
    case 'ERR_TOKEN_NOT_YET_VALID':
      return typeof nbf === 'number'
        ? `it becomes valid in ${formatDuration(nbf - now)}, at ${iso(nbf)}: is the clock of the machine that minted it ahead?`
        : 'it is not valid yet: check the clocks';
    case 'ERR_TOKEN_SIGNATURE':
      return `wrong secret or key: the token names API key ${quote(iss ?? '')} but was signed with a different secret, or was altered after signing`;
    case 'ERR_TOKEN_UNKNOWN_KEY':
      return iss === undefined
        ? 'the token has no iss claim, so no API key can verify it'
        : `the token was issued by API key ${quote(iss)} (iss), but the key given is ${quote(apiKey)}`;
    case 'ERR_TOKEN_ALGORITHM':
      return 'LiveKit tokens are signed with HS256 only; this one claims another algorithm (or none) and is refused unread';
    case 'ERR_TOKEN_MALFORMED':
      if (isQuoted(token)) return 'remove the quotes: the token is the text between them, without quote marks (they came along with a copy from JSON or code)';
      return 'pass the whole token: three base64url parts separated by dots, with nothing added';
    case 'ERR_TOKEN_CLAIMS':
      return 'the signature is fine, but a claim is missing, has the wrong type, or does not match --room/--identity';
    default:
      return 'see the error code in the README';
  }
}
