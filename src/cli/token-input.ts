import type { Parsed } from './args.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { secretOnStdin } from './keys.js';

/**
 * The token to work on: the argument, or stdin when the argument is absent or `-`. Surrounding
 * whitespace and a leading `Bearer ` (copied from an Authorization header) are ignored.
 * With nothing piped in, it stops with a usage error instead of waiting on the terminal.
 */
export async function readToken(command: string, p: Parsed, io: Io): Promise<string> {
  const arg = p.positionals[0];
  let text: string;
  if (arg !== undefined && arg !== '-') {
    text = arg;
  } else {
    if (secretOnStdin(p)) throw new UsageError(`livekit-token ${command}: stdin carries the secret (--api-secret-file -), so give the token as an argument`);
    if (io.stdinIsTTY) throw new UsageError(`livekit-token ${command}: give a TOKEN argument or pipe one on stdin (see livekit-token ${command} --help)`);
    text = await io.readStdin();
  }
  text = text.trim().replace(/^Bearer\s+/i, '');
  if (text === '') throw new UsageError(`livekit-token ${command}: the token is empty`);
  return text;
}
