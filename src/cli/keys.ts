import { statSync } from 'node:fs';
import { isLiveKitTokenError, keySetFromLiveKit, type ApiKey } from '../index.js';
import { dropOneNewline, isPadded, paddedMessage } from '../lib/secret-text.js';
import type { Io } from './io.js';
import { line, paint } from './io.js';
import { flag, quote, readFlagFile, str, type Parsed } from './args.js';
import { UsageError } from './errors.js';

/** LiveKit's dev-mode pair, what `livekit-server --dev` accepts. */
const DEV_KEY: ApiKey = { apiKey: 'devkey', apiSecret: 'secret' };

/** The sentence every "no key" error ends with: the ways to give one. */
export const KEY_CHOICES =
  'pass --api-key with --api-secret-file (or --api-secret), set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev for LiveKit’s dev keys (devkey / secret)';

/** The key that signs, and every key that verifies (the signing key first is not promised). */
export interface Keys {
  key: ApiKey;
  keys: ApiKey[];
}

/**
 * A key or secret read from outside, exactly: refused when it starts or ends with whitespace
 * (the message names `source`, never the value). Empty counts as absent.
 */
function exact(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (isPadded(value)) throw new UsageError(paddedMessage(source));
  return value;
}

/**
 * The secret of `--api-secret-file PATH`, or of stdin for `-`. The file keeps the secret out of
 * the process list, where `--api-secret` is visible to every user of the machine. One trailing
 * newline (what `echo` and editors add) is not part of it; nothing else is dropped.
 */
async function secretFromFile(path: string, io: Io): Promise<string> {
  let text: string;
  if (path === '-') {
    if (io.stdinIsTTY) throw new UsageError('--api-secret-file -: pipe the secret on stdin, e.g. livekit-token … --api-secret-file - < secret.txt');
    text = await io.readStdin();
  } else {
    text = readFlagFile('api-secret-file', path);
  }
  const source = `--api-secret-file: ${path === '-' ? 'stdin' : quote(path)}`;
  const secret = exact(dropOneNewline(text), source);
  if (secret === undefined) throw new UsageError(`${source} holds no secret`);
  return secret;
}

/** Keys in LiveKit's format, with errors that say where the text came from. */
function livekitKeys(text: string, source: string): ApiKey[] {
  try {
    return keySetFromLiveKit(text);
  } catch (e) {
    if (isLiveKitTokenError(e)) throw new UsageError(`${source}: ${e.message}`);
    throw e;
  }
}

/**
 * `--keys-file PATH`: LiveKit's key file. The LiveKit server refuses one that other users may
 * read; here it only warns on stderr (the one line `--token-only` lets through), since the
 * file may be a copy made for this command.
 */
function keysFromFile(path: string, io: Io): ApiKey[] {
  const keys = livekitKeys(readFlagFile('keys-file', path), `--keys-file ${quote(path)}`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode;
  } catch {
    // Read a moment ago; a file gone since has nothing left to warn about.
  }
  if (process.platform !== 'win32' && mode !== undefined && (mode & 0o007) !== 0) {
    line(io.stderr, paint('yellow', 'warning'), `: --keys-file ${quote(path)} is open to other users of this machine (mode ${(mode & 0o777).toString(8)}); the LiveKit server refuses such a key file: chmod o-rwx it`);
  }
  return keys;
}

/** The key named by `--api-key` (or LIVEKIT_API_KEY for LIVEKIT_KEYS) among `keys`, else the first. */
function signing(keys: ApiKey[], named: string | undefined, source: string, where: string): Keys {
  if (named === undefined) return { key: keys[0]!, keys };
  const key = keys.find((k) => k.apiKey === named);
  if (key === undefined) throw new UsageError(`${source} names the key ${quote(named)}, which ${where} does not hold`);
  return { key, keys };
}

/**
 * The keys to sign and verify with: `--dev`; `--keys-file` (the first key signs unless
 * `--api-key` names another); `--api-key` with `--api-secret-file` or `--api-secret`, each
 * falling back to `LIVEKIT_API_KEY`/`LIVEKIT_API_SECRET`; or `LIVEKIT_KEYS` (the first key
 * signs unless `--api-key` or `LIVEKIT_API_KEY` names another). Every key and secret is used
 * exactly as given: one that starts or ends with whitespace is refused, naming its source.
 * Mixing sources is an error rather than a guess. The secret never appears in any message.
 */
export async function resolveKeys(p: Parsed, io: Io): Promise<Keys> {
  const flagKey = exact(str(p, 'api-key'), '--api-key');
  const flagSecret = exact(str(p, 'api-secret'), '--api-secret');
  const secretFile = str(p, 'api-secret-file');
  const keysFile = str(p, 'keys-file');
  if (flag(p, 'dev')) {
    if (flagKey !== undefined || flagSecret !== undefined || secretFile !== undefined || keysFile !== undefined) {
      throw new UsageError('use either --dev or --api-key/--api-secret(-file)/--keys-file, not both');
    }
    return { key: DEV_KEY, keys: [DEV_KEY] };
  }
  if (flagSecret !== undefined && secretFile !== undefined) throw new UsageError('use either --api-secret or --api-secret-file, not both');
  if (keysFile !== undefined) {
    if (flagSecret !== undefined || secretFile !== undefined) throw new UsageError('use either --keys-file or --api-secret(-file), not both');
    return signing(keysFromFile(keysFile, io), flagKey, '--api-key', '--keys-file');
  }
  const envKeys = io.env['LIVEKIT_KEYS'];
  if (flagSecret === undefined && secretFile === undefined && envKeys) {
    if (io.env['LIVEKIT_API_SECRET']) throw new UsageError('LIVEKIT_KEYS and LIVEKIT_API_SECRET are both set: keep one of them');
    const named = flagKey ?? exact(io.env['LIVEKIT_API_KEY'], 'LIVEKIT_API_KEY');
    return signing(livekitKeys(envKeys, 'LIVEKIT_KEYS'), named, flagKey === undefined ? 'LIVEKIT_API_KEY' : '--api-key', 'LIVEKIT_KEYS');
  }
  const apiKey = flagKey ?? exact(io.env['LIVEKIT_API_KEY'], 'LIVEKIT_API_KEY');
  const apiSecret = secretFile !== undefined ? await secretFromFile(secretFile, io) : flagSecret ?? exact(io.env['LIVEKIT_API_SECRET'], 'LIVEKIT_API_SECRET');
  if (!apiKey && !apiSecret) throw new UsageError(`no API key: ${KEY_CHOICES}`);
  if (!apiKey) throw new UsageError(`an API secret but no API key: ${KEY_CHOICES}`);
  if (!apiSecret) throw new UsageError(`no API secret for key ${quote(apiKey)}: ${KEY_CHOICES}`);
  const key = { apiKey, apiSecret };
  return { key, keys: [key] };
}

/** The API key to sign with (see {@link resolveKeys}). */
export async function resolveKey(p: Parsed, io: Io): Promise<ApiKey> {
  return (await resolveKeys(p, io)).key;
}

/** Whether the secret is read from stdin, which then cannot also carry the token. */
export const secretOnStdin = (p: Parsed): boolean => str(p, 'api-secret-file') === '-';
