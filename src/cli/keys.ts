import type { ApiKey } from '../index.js';
import type { Io } from './io.js';
import { flag, str, type Parsed } from './args.js';
import { UsageError } from './errors.js';

/** LiveKit's dev-mode pair, what `livekit-server --dev` accepts. */
const DEV_KEY: ApiKey = { apiKey: 'devkey', apiSecret: 'secret' };

/** The sentence every "no key" error ends with: the three ways to give one. */
export const KEY_CHOICES =
  'pass --api-key and --api-secret, set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev for LiveKit’s dev keys (devkey / secret)';

/**
 * The API key to sign or verify with: `--api-key`/`--api-secret`, each falling back to
 * `LIVEKIT_API_KEY`/`LIVEKIT_API_SECRET`; or `--dev`. Mixing `--dev` with explicit keys is an
 * error rather than a guess. The secret never appears in any message.
 */
export function resolveKey(p: Parsed, io: Io): ApiKey {
  const flagKey = str(p, 'api-key');
  const flagSecret = str(p, 'api-secret');
  if (flag(p, 'dev')) {
    if (flagKey !== undefined || flagSecret !== undefined) throw new UsageError('use either --dev or --api-key/--api-secret, not both');
    return DEV_KEY;
  }
  const apiKey = flagKey ?? io.env['LIVEKIT_API_KEY'];
  const apiSecret = flagSecret ?? io.env['LIVEKIT_API_SECRET'];
  if (!apiKey && !apiSecret) throw new UsageError(`no API key: ${KEY_CHOICES}`);
  if (!apiKey) throw new UsageError(`an API secret but no API key: ${KEY_CHOICES}`);
  if (!apiSecret) throw new UsageError(`no API secret for key ${JSON.stringify(apiKey)}: ${KEY_CHOICES}`);
  return { apiKey, apiSecret };
}
