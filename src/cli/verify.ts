import { describeToken, isLiveKitTokenError, verifyToken, type VerifyOptions } from '../index.js';
import { duration, flag, KEY_FLAGS, parse, parseNow, str } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { hint } from './explain.js';
import { json, line, paint, type Io } from './io.js';
import { resolveKeys } from './keys.js';
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

/**
 * `livekit-token verify`: exit 0 and a summary when valid; exit 1 with the code and a hint when
 * not. With `--json` the answer is JSON on stdout and nothing else, valid or not.
 */
export async function verify(argv: string[], io: Io): Promise<number> {
  const p = parse('verify', argv, OPTIONS, 1);
  const now = parseNow(str(p, 'now'));
  const options: VerifyOptions = {
    room: str(p, 'room'),
    identity: str(p, 'identity'),
    clockTolerance: duration('clock-tolerance', str(p, 'clock-tolerance'), 'm'),
    maxTtl: duration('max-ttl', str(p, 'max-ttl')),
    now,
  };
  // Every key of a key file verifies, as on the LiveKit server; --api-key narrows it to one.
  const { key, keys } = await resolveKeys(p, io);
  const token = await readToken('verify', p, io);
  const asJson = flag(p, 'json');
  try {
    const claims = await verifyToken(token, str(p, 'api-key') === undefined ? keys : [key], options);
    const summary = describeToken(claims, { now });
    if (asJson) json(io.stdout, { valid: true, summary, claims });
    else line(io.stdout, paint('green', 'valid'), `: ${summary}`);
    return EXIT.ok;
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    if (e.code === 'ERR_INVALID_OPTIONS' || e.code === 'ERR_TTL_INVALID') throw new UsageError(`${e.code}: ${e.message}`);
    const why = hint(e, token, key.apiKey, now ?? Date.now());
    if (asJson) {
      json(io.stdout, { valid: false, code: e.code, message: e.message, hint: why });
    } else {
      line(io.stderr, paint('red', 'invalid'), `: ${e.code}: ${e.message}`);
      line(io.stderr, `hint: ${why}`);
    }
    return EXIT.failed;
  }
}
