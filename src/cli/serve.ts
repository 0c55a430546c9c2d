import { createTokenHandler, handlerOptionsFromEnv, serve as listen, serveOptionsFromEnv, type TokenHandlerEvent } from '../handler/index.js';
import { flag, KEY_FLAGS, parse, str } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { line, paint, type Io } from './io.js';
import { resolveKey } from './keys.js';

const OPTIONS = {
  ...KEY_FLAGS,
  port: { type: 'string' },
  host: { type: 'string' },
  'ws-url': { type: 'string' },
  'allow-anonymous': { type: 'boolean' },
} as const;

/** Where `--dev` points clients: `livekit-server --dev` listens on 7880. */
const DEV_WS_URL = 'ws://localhost:7880';

/** An env flag is on when set to 1, true or yes. */
const on = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value.trim());

/** One audit line per request on stderr: who, what, outcome. The handler has already redacted tokens. */
function logEvent(io: Io, e: TokenHandlerEvent): void {
  const parts = [new Date(e.time).toISOString(), e.method, e.path, String(e.status), e.type];
  if (e.code) parts.push(e.code);
  if (e.identity !== undefined) parts.push(`identity=${JSON.stringify(e.identity)}`);
  if (e.room !== undefined) parts.push(`room=${JSON.stringify(e.room)}`);
  line(io.stderr, paint(io.stderr, 'dim', parts.join(' ')));
}

/**
 * `livekit-token serve`: the token handler over `node:http`, configured from the environment.
 * Refuses to start without a key or without an explicit authorization choice: the CLI cannot
 * run an app's `authorize()`, so the only choice it offers is anonymous minting, for dev only.
 */
export async function serve(argv: string[], io: Io): Promise<number> {
  const p = parse('serve', argv, OPTIONS);
  const key = resolveKey(p, io);
  if (!flag(p, 'allow-anonymous') && !on(io.env['ALLOW_ANONYMOUS'])) {
    throw new UsageError(
      'serve has no authorization: pass --allow-anonymous (or set ALLOW_ANONYMOUS=1) to let anyone who can reach the port mint tokens, ' +
        'for local development only; in production mount createTokenHandler from livekit-token/handler with your own authorize()',
    );
  }
  const wsUrl = str(p, 'ws-url') ?? io.env['LIVEKIT_WS_URL'] ?? (flag(p, 'dev') ? DEV_WS_URL : undefined);
  if (!wsUrl) throw new UsageError('no LiveKit URL for clients: pass --ws-url wss://… or set LIVEKIT_WS_URL (with --dev it defaults to ws://localhost:7880)');
  const env: Record<string, string | undefined> = { ...io.env, LIVEKIT_API_KEY: key.apiKey, LIVEKIT_API_SECRET: key.apiSecret, LIVEKIT_WS_URL: wsUrl };
  const port = str(p, 'port');
  const host = str(p, 'host');
  if (port !== undefined) env['PORT'] = port;
  if (host !== undefined) env['HOST'] = host;
  // Both throw ERR_INVALID_OPTIONS naming the variable at fault; main reports it as usage.
  const handler = createTokenHandler({ ...handlerOptionsFromEnv(env), allowAnonymous: true, onEvent: (e) => logEvent(io, e) });
  const server = await listen(handler, serveOptionsFromEnv(env));
  line(io.stdout, `livekit-token serve: listening on ${server.url}`);
  line(io.stderr, paint(io.stderr, 'yellow', `anonymous minting is ON (dev only): anyone who can reach ${server.url} gets a token; signing with API key ${JSON.stringify(key.apiKey)}; Ctrl-C stops`));
  const signal = await io.stopSignal();
  await server.close();
  line(io.stderr, `stopped (${signal})`);
  return EXIT.ok;
}
