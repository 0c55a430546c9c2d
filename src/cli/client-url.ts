import { isPadded, paddedMessage } from '../lib/secret-text.js';
import { isServerUrl } from '../lib/server-url.js';
import { str, type Parsed } from './args.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

/**
 * The LiveKit URL a client connects to: the flag `--<flagName>` when given, else the first of
 * `envNames` that is set and not empty. Kept exactly as given, like a secret: one that starts or
 * ends with whitespace is refused, and so is one that is not a ws://, wss://, http:// or https://
 * URL, each time naming where it came from. Undefined when none is set.
 */
export function clientUrl(p: Parsed, io: Io, flagName: string, envNames: readonly string[]): string | undefined {
  const fromFlag = str(p, flagName);
  const source = fromFlag !== undefined ? `--${flagName}` : envNames.find((name) => io.env[name]);
  if (source === undefined) return undefined;
  const url = fromFlag ?? io.env[source] ?? '';
  if (isPadded(url)) throw new UsageError(paddedMessage(source));
  if (!isServerUrl(url)) throw new UsageError(`${source} must be a ws://, wss://, http:// or https:// URL, e.g. wss://my-project.livekit.cloud`);
  return url;
}
