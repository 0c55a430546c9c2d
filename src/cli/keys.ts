import type { ApiKey } from '../index.js';
import type { Io } from './io.js';
import { flag, quote, readFlagFile, str, type Parsed } from './args.js';
import { UsageError } from './errors.js';

/** LiveKit's dev-mode pair, what `livekit-server --dev` accepts. */
const DEV_KEY: ApiKey = { apiKey: 'devkey', apiSecret: 'secret' };

/** The sentence every "no key" error ends with: the ways to give one. */
export const KEY_CHOICES =
  'pass --api-key with --api-secret-file (or --api-secret), set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev for LiveKit’s dev keys (devkey / secret)';

/** A secret file's content: one trailing newline (what `echo` and editors add) is not part of it. */
const dropNewline = (text: string) => text.replace(/\r?\n$/, '');

/**
 * The secret of `--api-secret-file PATH`, or of stdin for `-`. The file keeps the secret out of
 * the process list, where `--api-secret` is visible to every user of the machine.
 */
async function secretFromFile(path: string, io: Io): Promise<string> {
  let text: string;
  if (path === '-') {
    if (io.stdinIsTTY) throw new UsageError('--api-secret-file -: pipe the secret on stdin, e.g. livekit-token … --api-secret-file - < secret.txt');
    text = await io.readStdin();
  } else {
    text = readFlagFile('api-secret-file', path);
  }
  const secret = dropNewline(text);
  if (secret === '') throw new UsageError(`--api-secret-file: ${path === '-' ? 'stdin' : quote(path)} holds no secret`);
  return secret;
}

/**
 * The API key to sign or verify with: `--api-key`, and `--api-secret-file` or `--api-secret`,
 * each falling back to `LIVEKIT_API_KEY`/`LIVEKIT_API_SECRET`; or `--dev`. Mixing `--dev` with
 * explicit keys, or two sources of the secret, is an error rather than a guess. The secret
 * never appears in any message.
 */
export async function resolveKey(p: Parsed, io: Io): Promise<ApiKey> {
  const flagKey = str(p, 'api-key');
  const flagSecret = str(p, 'api-secret');
  const secretFile = str(p, 'api-secret-file');
  if (flag(p, 'dev')) {
    if (flagKey !== undefined || flagSecret !== undefined || secretFile !== undefined) {
      throw new UsageError('use either --dev or --api-key/--api-secret(-file), not both');
    }
    return DEV_KEY;
  }
  if (flagSecret !== undefined && secretFile !== undefined) throw new UsageError('use either --api-secret or --api-secret-file, not both');
  const apiKey = flagKey ?? io.env['LIVEKIT_API_KEY'];
  const apiSecret = secretFile !== undefined ? await secretFromFile(secretFile, io) : flagSecret ?? io.env['LIVEKIT_API_SECRET'];
  if (!apiKey && !apiSecret) throw new UsageError(`no API key: ${KEY_CHOICES}`);
  if (!apiKey) throw new UsageError(`an API secret but no API key: ${KEY_CHOICES}`);
  if (!apiSecret) throw new UsageError(`no API secret for key ${quote(apiKey)}: ${KEY_CHOICES}`);
  return { apiKey, apiSecret };
}

/** Whether the secret is read from stdin, which then cannot also carry the token. */
export const secretOnStdin = (p: Parsed): boolean => str(p, 'api-secret-file') === '-';
