import { randomBytes } from 'node:crypto';
import { createTokenHandler, handlerOptionsFromEnv, serve as listen, serveOptionsFromEnv, type TokenHandlerEvent } from '../handler/index.js';
import { flag, KEY_FLAGS, parse, str } from './args.js';
import { clientUrl } from './client-url.js';
import { debuggerPageResponse } from './inspect.js';
import { EXIT, UsageError } from './errors.js';
import { line, paint, type Io } from './io.js';
import { resolveKeys } from './keys.js';

const OPTIONS = {
  ...KEY_FLAGS,
  port: { type: 'string' },
  host: { type: 'string' },
  'ws-url': { type: 'string' },
  'allow-anonymous': { type: 'boolean' },
} as const;

/** Where `--dev` points clients: `livekit-server --dev` listens on 7880. */
const DEV_WS_URL = 'ws://localhost:7880';

/**
 * With `--dev`, a request that names no room or identity gets a random one (`room-3f9c2a1b`,
 * `user-8d04e6f7`), so that a client SDK's bare request (`TokenSource.endpoint` sends `{}`) and a
 * quick `curl -d '{}'` both get a working token. Each name is fresh: two such participants never
 * share an identity, which LiveKit would answer by disconnecting the first.
 */
export const DEV_NAMES = {
  newRoomName: () => `room-${randomBytes(4).toString('hex')}`,
  newIdentity: () => `user-${randomBytes(4).toString('hex')}`,
};

/** An env flag is on when set to 1, true or yes. */
const on = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value.trim());

/** One audit line per request on stderr: who, what, outcome. The handler has already redacted tokens. */
function logEvent(io: Io, e: TokenHandlerEvent): void {
  const parts = [new Date(e.time).toISOString(), e.method, e.path, String(e.status), e.type];
  if (e.code) parts.push(e.code);
  if (e.identity !== undefined) parts.push(`identity=${JSON.stringify(e.identity)}`);
  if (e.room !== undefined) parts.push(`room=${JSON.stringify(e.room)}`);
  // The path, identity and room come from the request: `line` escapes their control characters.
  line(io.stderr, paint('dim', parts.join(' ')));
}

/** One line on why the port could not be opened, with Node's code and what to do. */
function listenError(code: string, hostname: string, port: number): string {
  const where = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  if (code === 'EADDRINUSE') return `port ${port} is already in use on ${hostname} (EADDRINUSE): stop the other server or pick another port with --port (or PORT)`;
  if (code === 'EACCES') return `no permission to listen on ${where} (EACCES): ports below 1024 need privileges; pick another with --port`;
  if (code === 'EADDRNOTAVAIL') return `${hostname} is not an address of this machine (EADDRNOTAVAIL): pass --host 127.0.0.1 or 0.0.0.0`;
  return `cannot listen on ${where} (${code})`;
}

/**
 * `livekit-token serve`: the token handler over `node:http`, configured from the environment.
 * Refuses to start without a key or without an explicit authorization choice: the CLI cannot
 * run an app's `authorize()`, so the only choice it offers is anonymous minting, for dev only.
 */
export async function serve(argv: string[], io: Io): Promise<number> {
  const p = parse('serve', argv, OPTIONS);
  const { key, keys } = await resolveKeys(p, io);
  if (!flag(p, 'allow-anonymous') && !on(io.env['ALLOW_ANONYMOUS'])) {
    throw new UsageError(
      'serve has no authorization: pass --allow-anonymous (or set ALLOW_ANONYMOUS=1) to let anyone who can reach the port mint tokens, ' +
        'for local development only; in production mount createTokenHandler from livekit-token/handler with your own authorize()',
    );
  }
  // LIVEKIT_URL is the name LiveKit's own examples use; LIVEKIT_WS_URL wins when both are set.
  // Checked here, so that an error names the flag or variable it came from.
  const wsUrl = clientUrl(p, io, 'ws-url', ['LIVEKIT_WS_URL', 'LIVEKIT_URL']) ?? (flag(p, 'dev') ? DEV_WS_URL : undefined);
  if (!wsUrl) throw new UsageError('no LiveKit URL for clients: pass --ws-url wss://… or set LIVEKIT_WS_URL or LIVEKIT_URL (with --dev it defaults to ws://localhost:7880)');
  // The keys as resolved (exact bytes, already checked); the environment's LIVEKIT_KEYS is read
  // there too, so it is not handed on a second time.
  const env: Record<string, string | undefined> = { ...io.env, LIVEKIT_KEYS: undefined, LIVEKIT_API_KEY: key.apiKey, LIVEKIT_API_SECRET: key.apiSecret, LIVEKIT_WS_URL: wsUrl };
  const port = str(p, 'port');
  const host = str(p, 'host');
  if (port !== undefined) env['PORT'] = port;
  if (host !== undefined) env['HOST'] = host;
  // Both throw ERR_INVALID_OPTIONS naming the variable at fault; main reports it as usage.
  const handler = createTokenHandler({
    ...handlerOptionsFromEnv(env),
    ...(flag(p, 'dev') && DEV_NAMES),
    keys,
    signingKey: key.apiKey,
    allowAnonymous: true,
    onEvent: (e) => logEvent(io, e),
  });
  const where = serveOptionsFromEnv(env);
  // With --dev, the token debugger page at / as well (the token service has no route there).
  const app = flag(p, 'dev') ? (request: Request) => (new URL(request.url).pathname === '/' && request.method === 'GET' ? Promise.resolve(debuggerPageResponse()) : handler(request)) : handler;
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(app, where);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    line(io.stderr, paint('red', 'error'), `: ${listenError(code, where.hostname ?? '127.0.0.1', where.port ?? 3001)}`);
    return EXIT.failed;
  }
  line(io.stdout, `livekit-token serve: listening on ${server.url}`);
  line(io.stderr, paint('yellow', `anonymous minting is ON (dev only): anyone who can reach ${server.url} gets a token; signing with API key ${JSON.stringify(key.apiKey)}; Ctrl-C stops`));
  const signal = await io.stopSignal();
  await server.close();
  line(io.stderr, `stopped (${signal})`);
  return EXIT.ok;
}
