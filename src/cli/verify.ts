import { describeToken, isLiveKitTokenError, verifyToken, type VerifyOptions } from '../index.js';
import { flag, KEY_FLAGS, parse, parseNow, str } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { hint } from './explain.js';
import { line, paint, type Io } from './io.js';
import { resolveKey } from './keys.js';
import { readToken } from './token-input.js';

const OPTIONS = {
  ...KEY_FLAGS,
  room: { type: 'string' },
  identity: { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'max-ttl': { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `livekit-token verify`: exit 0 and a summary when valid; exit 1 with the code and a hint when not. */
export async function verify(argv: string[], io: Io): Promise<number> {
  const p = parse('verify', argv, OPTIONS, 1);
  const key = resolveKey(p, io);
  const now = parseNow(str(p, 'now'));
  const options: VerifyOptions = {
    room: str(p, 'room'),
    identity: str(p, 'identity'),
    clockTolerance: numberOrTtl(str(p, 'clock-tolerance')),
    maxTtl: numberOrTtl(str(p, 'max-ttl')),
    now,
  };
  const token = await readToken('verify', p, io);
  const json = flag(p, 'json');
  try {
    const claims = await verifyToken(token, { [key.apiKey]: key.apiSecret }, options);
    const summary = describeToken(claims, { now });
    if (json) line(io.stdout, JSON.stringify({ valid: true, summary, claims }, null, 2));
    else line(io.stdout, `${paint(io.stdout, 'green', 'valid')}: ${summary}`);
    return EXIT.ok;
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    if (e.code === 'ERR_INVALID_OPTIONS' || e.code === 'ERR_TTL_INVALID') throw new UsageError(`${e.code}: ${e.message}`);
    const why = hint(e, token, key.apiKey, now ?? Date.now());
    if (json) line(io.stdout, JSON.stringify({ valid: false, code: e.code, message: e.message, hint: why }, null, 2));
    line(io.stderr, `${paint(io.stderr, 'red', 'invalid')}: ${e.code}: ${e.message}`);
    line(io.stderr, `hint: ${why}`);
    return EXIT.failed;
  }
}

/** Seconds as a number, anything else as a TTL string (the core validates both). */
function numberOrTtl(text: string | undefined): number | string | undefined {
  return text !== undefined && /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}
