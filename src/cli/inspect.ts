import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { duration, flag, parse, quote, str } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { line, paint, type Io } from './io.js';

const OPTIONS = { html: { type: 'string' }, 'no-open': { type: 'boolean' }, timeout: { type: 'string' } } as const;

/** How long the local server waits for the page to be closed before it stops anyway. */
const DEFAULT_TIMEOUT = 600;
/** The longest `--timeout`: a day (and well within what a timer can count). */
const MAX_TIMEOUT = 86400;
/** After the page says it is closing, how long a reload has to come back before the server stops. */
const RELOAD_GRACE_MS = 3000;
/** Where the page built next to the bin leaves the command line's handover. */
const HANDOVER_MARK = '<!--handover-->';

/**
 * The debugger page built next to the bin (dist/cli/inspect.html).
 *
 * @example
 * const html = debuggerPage(); // '<!doctype html>…'
 */
export function debuggerPage(): string {
  return readFileSync(new URL('./inspect.html', import.meta.url), 'utf8');
}

/**
 * The page with what the command line hands it, as a JSON data block the page's script reads
 * (never executed, so the page's script hashes still hold). `<` is escaped, so the token cannot
 * close the block whatever it holds.
 */
function withHandover(page: string, handover: { token?: string; post?: string; close?: string }): string {
  const data = JSON.stringify(handover).replace(/</g, '\\u003c');
  return page.replace(HANDOVER_MARK, () => `<script type="application/json" id="handover">${data}</script>`);
}

/** The page's own policy (its `<meta>`), also sent as a header, where `frame-ancestors` works too. */
function policyHeader(page: string): string {
  const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page);
  return `${meta?.[1] ?? "default-src 'none'"}; frame-ancestors 'none'`;
}

const PAGE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * A `Response` with the debugger page and no token, for `serve --dev` at `/`.
 *
 * @example
 * const page = debuggerPageResponse(); // 200 text/html, the page's CSP as a header
 */
export function debuggerPageResponse(): Response {
  const page = withHandover(debuggerPage(), {});
  return new Response(page, { headers: { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policyHeader(page) } });
}

/** The token given on the command line or piped in, cleaned as the other commands clean it; undefined for none. */
async function tokenInput(positional: string | undefined, io: Io): Promise<string | undefined> {
  let text: string;
  if (positional !== undefined && positional !== '-') text = positional;
  else if (positional === '-' || !io.stdinIsTTY) text = await io.readStdin();
  else return undefined;
  text = text.trim().replace(/^Bearer\s+/i, '');
  if (text === '' && positional !== undefined) throw new UsageError('livekit-token inspect: the token is empty');
  return text === '' ? undefined : text;
}

/** Opens `url` in the desktop's browser; says so when there is none to open it with. */
function openBrowser(url: string, io: Io): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => line(io.stderr, paint('yellow', `could not start a browser (${command}): open the address above yourself`)));
  child.unref();
}

/**
 * `livekit-token inspect [TOKEN | -]`: the token debugger page. With `--html FILE` it writes the
 * page (the token inside) to FILE; otherwise it serves the page once on 127.0.0.1 at a random
 * port and path, hands the token over to the page's POST, and stops when the page is closed,
 * after `--timeout`, or on Ctrl-C.
 *
 * @example
 * await inspect(['--html', 'token.html', '-'], io); // writes the page with the token from stdin
 */
export async function inspect(argv: string[], io: Io): Promise<number> {
  const p = parse('inspect', argv, OPTIONS, 1);
  const timeout = duration('timeout', str(p, 'timeout'), 'm') ?? DEFAULT_TIMEOUT;
  if (timeout > MAX_TIMEOUT) throw new UsageError('--timeout: at most 1d');
  const token = await tokenInput(p.positionals[0], io);
  const page = debuggerPage();
  const file = str(p, 'html');
  if (file !== undefined) {
    try {
      // Owner-only: the file holds the token.
      writeFileSync(file, withHandover(page, token === undefined ? {} : { token }), { mode: 0o600 });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new UsageError(`--html: cannot write ${quote(file)} (${typeof code === 'string' ? code : 'write error'})`);
    }
    line(io.stdout, `livekit-token inspect: wrote ${file}; open it in a browser (it holds the token: delete it when done)`);
    return EXIT.ok;
  }
  return serveOnce(page, token, timeout, !flag(p, 'no-open'), io);
}

async function serveOnce(page: string, token: string | undefined, timeout: number, open: boolean, io: Io): Promise<number> {
  // A path nobody can guess: other users of this machine can reach 127.0.0.1 too.
  const base = `/${randomBytes(16).toString('hex')}/`;
  const html = withHandover(page, token === undefined ? { close: 'closed' } : { post: 'token', close: 'closed' });
  const headers = { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policyHeader(html) };
  let host = '';
  let stopping: ReturnType<typeof setTimeout> | undefined;
  let done: (reason: string) => void = () => {};
  const finished = new Promise<string>((resolve) => (done = resolve));

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const reply = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
      response.end(body);
    };
    // Only this address by its own name: a page elsewhere that rebinds a name to 127.0.0.1 is refused.
    if (request.headers.host !== host) return reply(421, 'text/plain', 'wrong host\n');
    if (request.method === 'GET' && request.url === base) {
      clearTimeout(stopping);
      return reply(200, 'text/html; charset=utf-8', html, headers);
    }
    if (request.method === 'POST' && request.url === `${base}token` && token !== undefined) return reply(200, 'text/plain; charset=utf-8', token);
    if (request.method === 'POST' && request.url === `${base}closed`) {
      clearTimeout(stopping);
      stopping = setTimeout(() => done('the page was closed'), RELOAD_GRACE_MS);
      return reply(204, 'text/plain', '');
    }
    return reply(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const url = `http://${host}${base}`;
  line(io.stdout, `livekit-token inspect: the page is at ${url}`);
  line(io.stderr, paint('dim', `serving it on 127.0.0.1 only; stops when the page is closed, after ${timeout} s, or on Ctrl-C`));
  if (open) openBrowser(url, io);
  const timer = setTimeout(() => done(`no page closed it within ${timeout} s`), timeout * 1000);
  void io.stopSignal().then((signal) => done(signal));
  const reason = await finished;
  clearTimeout(timer);
  clearTimeout(stopping);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  line(io.stderr, `stopped: ${reason}`);
  return EXIT.ok;
}
