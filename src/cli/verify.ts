import { describeToken, formatDuration, isLiveKitTokenError, tokenStatus, verifyToken, type VerifiedClaims, type VerifyOptions } from '../index.js';
import { duration, flag, KEY_FLAGS, parse, parseNow, str } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { atGivenTime, hint, summaryAtGivenTime } from './explain.js';
import { json, line, paint, type Io } from './io.js';
import { resolveKey } from './keys.js';
import { readToken } from './token-input.js';

const OPTIONS = {
  ...KEY_FLAGS,
  room: { type: 'string' },
  identity: { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'max-ttl': { type: 'string' },
  'valid-for-at-least': { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The CLI's own code for a valid token that expires before `--valid-for-at-least` runs out. */
export const EXPIRES_SOON = 'ERR_TOKEN_EXPIRES_SOON';

interface Failure {
  code: string;
  message: string;
  hint: string;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * `--valid-for-at-least`: the failure when the token expires before `now + seconds`. Judged on
 * `exp` alone, without the clock tolerance: a health check asks about the real expiry.
 */
function expiresSoon(claims: VerifiedClaims, now: number, seconds: number, givenNow: boolean): Failure | undefined {
  const left = claims.exp - now / 1000;
  if (left >= seconds) return undefined;
  const wanted = `less than the ${formatDuration(seconds)} that --valid-for-at-least asks for`;
  const when =
    left <= 0
      ? `expired ${formatDuration(-left)} ${givenNow ? 'before the given time' : 'ago'} (accepted only within the clock tolerance)`
      : `expires ${givenNow ? `${formatDuration(left)} after the given time` : `in ${formatDuration(left)}`}`;
  return {
    code: EXPIRES_SOON,
    message: `token ${when}, at ${iso(claims.exp)}: ${wanted}`,
    hint: 'mint a new token before this one runs out, or ask for less time',
  };
}

/**
 * `livekit-token verify`: exit 0 and a summary when valid; exit 1 with the code and a hint when
 * not. With `--json` the answer is JSON on stdout and nothing else, valid or not.
 */
export async function verify(argv: string[], io: Io): Promise<number> {
  const p = parse('verify', argv, OPTIONS, 1);
  const given = parseNow(str(p, 'now'));
  const givenNow = given !== undefined;
  const options: VerifyOptions & { requireExpiry?: true } = {
    room: str(p, 'room'),
    identity: str(p, 'identity'),
    clockTolerance: duration('clock-tolerance', str(p, 'clock-tolerance'), 'm'),
    maxTtl: duration('max-ttl', str(p, 'max-ttl')),
  };
  const validForAtLeast = duration('valid-for-at-least', str(p, 'valid-for-at-least'));
  const key = await resolveKey(p, io);
  const token = await readToken('verify', p, io);
  const asJson = flag(p, 'json');
  // One instant for every check, so the signature check and --valid-for-at-least agree.
  const now = given ?? Date.now();
  let claims: VerifiedClaims;
  try {
    claims = await verifyToken(token, { [key.apiKey]: key.apiSecret }, { ...options, now });
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    if (e.code === 'ERR_INVALID_OPTIONS' || e.code === 'ERR_TTL_INVALID') throw new UsageError(`${e.code}: ${e.message}`);
    const why = hint(e, token, { apiKey: key.apiKey, now, givenNow, expected: { room: options.room, identity: options.identity } });
    return fail(io, asJson, { code: e.code, message: givenNow ? atGivenTime(e.message) : e.message, hint: why });
  }
  const soon = validForAtLeast === undefined ? undefined : expiresSoon(claims, now, validForAtLeast, givenNow);
  if (soon) return fail(io, asJson, soon);
  const described = describeToken(claims, { now });
  const summary = givenNow ? summaryAtGivenTime(described, tokenStatus(claims, { now })) : described;
  if (asJson) json(io.stdout, { valid: true, summary, claims });
  else line(io.stdout, paint('green', 'valid'), `: ${summary}`);
  return EXIT.ok;
}

/** Reports a token that failed a check: JSON on stdout, or two lines on stderr. Exit 1. */
function fail(io: Io, asJson: boolean, failure: Failure): number {
  if (asJson) {
    json(io.stdout, { valid: false, ...failure });
  } else {
    line(io.stderr, paint('red', 'invalid'), `: ${failure.code}: ${failure.message}`);
    line(io.stderr, `hint: ${failure.hint}`);
  }
  return EXIT.failed;
}
