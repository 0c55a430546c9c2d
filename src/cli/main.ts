import { isLiveKitTokenError } from '../index.js';
import { closest, quote } from './args.js';
import { EXIT, errorText, UsageError } from './errors.js';
import { HELP } from './help.js';
import { line, lines, paint, type Io } from './io.js';
import { create } from './create.js';
import { decode } from './decode.js';
import { inspect } from './inspect.js';
import { serve } from './serve.js';
import { verify } from './verify.js';

type Command = (argv: string[], io: Io) => Promise<number>;

// Static imports on purpose: the bin is one bundled file, and a dynamic import would make the
// bundler split chunks out of dist/cli into the library's folder.
const COMMANDS: Record<string, Command> = { create, decode, verify, serve, inspect };

const wantsHelp = (argv: string[]) => argv.some((a) => a === '--help' || a === '-h');

/**
 * Runs one CLI invocation and returns its exit code. Expected failures (usage mistakes, bad
 * tokens) are printed as one line plus a hint, never as a stack trace.
 */
export async function main(argv: string[], io: Io, version: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    lines(command === undefined ? io.stderr : io.stdout, HELP['main']!);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === 'help') {
    const topic = rest[0] ?? 'main';
    if (!(topic in HELP)) return usage(io, `unknown command ${quote(topic)}: use one of create, decode, verify, serve, inspect`);
    lines(io.stdout, HELP[topic]!);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    line(io.stdout, version);
    return EXIT.ok;
  }
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    const guess = closest(command, Object.keys(COMMANDS));
    return usage(io, `unknown command ${quote(command)}${guess ? ` (did you mean ${guess}?)` : ''}: use one of ${Object.keys(COMMANDS).join(', ')} (livekit-token --help)`);
  }
  if (wantsHelp(rest)) {
    lines(io.stdout, HELP[command]!);
    return EXIT.ok;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e.message);
    // Bad options for createToken are the user's flags, not a broken token.
    if (isLiveKitTokenError(e) && (e.code === 'ERR_INVALID_OPTIONS' || e.code === 'ERR_TTL_INVALID')) return usage(io, errorText(e));
    line(io.stderr, paint('red', 'error'), `: ${errorText(e)}`);
    return EXIT.failed;
  }
}

function usage(io: Io, message: string): number {
  line(io.stderr, paint('red', 'error'), `: ${message}`);
  return EXIT.usage;
}
