import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe } from 'vitest';
import { createTokenHandler, toNodeListener, type TokenHandlerEvent, type TokenHandlerOptions } from '../../src/handler/index.js';

export const KEY = { apiKey: 'APIhandlerTest', apiSecret: 'handler-test-secret-0123456789abcdefghij' };
export const OLD_KEY = { apiKey: 'APIoldKey', apiSecret: 'old-secret-0123456789abcdefghijklmnopqrs' };
export const WS_URL = 'wss://example.livekit.cloud';
export const ORIGIN = 'https://app.example.com';

/** Options for a handler that lets everybody in, with a collected audit trail. */
export function options(overrides: Partial<TokenHandlerOptions> = {}, events: TokenHandlerEvent[] = []): TokenHandlerOptions {
  return {
    keys: [KEY, OLD_KEY],
    wsUrl: WS_URL,
    authorize: (req) => req.headers.get('authorization') === 'Bearer good',
    onEvent: (e) => {
      events.push(e);
    },
    ...overrides,
  };
}

/** Sends a request either straight to the handler or through the Node adapter over HTTP. */
export interface Transport {
  name: string;
  /** `path` is relative to the service root, e.g. '/token'. */
  send(handler: (r: Request) => Promise<Response>, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function directTransport(): Transport {
  return {
    name: 'direct',
    send: (handler, path, init) => handler(new Request(`http://service.test${path}`, init)),
    close: async () => {},
  };
}

/**
 * One real HTTP server on 127.0.0.1 (random port) whose handler can be swapped per test, so
 * that every case runs over the Node adapter without starting a server per case.
 * `generic: true` hides the handler behind a plain function, so the adapter takes its path for
 * any fetch handler (Request/Response) instead of the direct path for createTokenHandler.
 */
export async function httpTransport(generic = false): Promise<Transport> {
  let current: (r: Request) => Promise<Response> = async () => new Response('no handler', { status: 500 });
  const listeners = new WeakMap<object, ReturnType<typeof toNodeListener>>();
  const listenerFor = (h: (r: Request) => Promise<Response>) => {
    let l = listeners.get(h);
    if (!l) listeners.set(h, (l = toNodeListener(generic ? (r) => h(r) : h)));
    return l;
  };
  const server: Server = createServer((req, res) => listenerFor(current)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name: generic ? 'http-generic' : 'http',
    send: (handler, path, init) => {
      current = handler;
      return fetch(base + path, init);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The ways a test can reach a handler: see {@link describeEachTransport}. */
export type TransportName = 'direct' | 'http' | 'http-generic';

/** What the cases of {@link describeEachTransport} get: the transport's name and a service on it. */
export interface OnTransport {
  readonly name: TransportName;
  /** A handler made from `options(overrides)`, reached through this transport. */
  setup(overrides?: Partial<TokenHandlerOptions>): ReturnType<typeof service>;
}

/**
 * Runs the same cases once per transport: straight through the handler with a fetch `Request`
 * (`direct`), and over real HTTP on 127.0.0.1 through the Node adapter, on its direct path for
 * createTokenHandler (`http`) and its path for any fetch handler (`http-generic`). One server
 * per transport serves every case.
 */
export function describeEachTransport(title: string, names: readonly TransportName[], cases: (on: OnTransport) => void): void {
  describe.each(names.map((name) => [name]))(`${title} (%s)`, (name) => {
    const { setup } = useTransport(async () => (name === 'direct' ? directTransport() : await httpTransport(name === 'http-generic')));
    cases({ name, setup });
  });
}

/**
 * Raw HTTP/1.1 over a socket to 127.0.0.1, for requests fetch() will not send (odd Host headers,
 * absolute-form targets, repeated headers). Sends `parts` one by one, `delayMs` apart, and
 * resolves with everything the server answered (read as latin1) once it closes the connection.
 * `progress` counts the parts sent, and how many were sent when the first answer byte came.
 */
export function rawHttp(port: number, parts: string | Buffer[], delayMs = 0, progress?: { sent: number; sentAtAnswer: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      if (progress && answer === '') progress.sentAtAnswer = progress.sent;
      answer += d.toString('latin1');
    });
    socket.on('error', () => resolve(answer)); // a reset after the answer is fine
    socket.on('close', () => resolve(answer));
    socket.on('connect', async () => {
      for (const part of typeof parts === 'string' ? [Buffer.from(parts)] : parts) {
        if (socket.destroyed) break;
        socket.write(part);
        if (progress) progress.sent++;
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      }
    });
    setTimeout(() => (socket.destroy(), reject(new Error(`no answer; got ${answer.slice(0, 80)}`))), 10_000).unref();
  });
}

/** A handler made from `options(overrides)` and reached through `t`, with its audit trail. */
export function service(t: Transport, overrides: Partial<TokenHandlerOptions> = {}) {
  const events: TokenHandlerEvent[] = [];
  const handler = createTokenHandler(options(overrides, events));
  const send = (path: string, init?: RequestInit) => t.send(handler, path, init);
  return { events, send, post: (path: string, body: unknown, headers?: Record<string, string>) => send(path, json(body, headers)) };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer good', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});


/**
 * Opens a transport for the enclosing `describe` and closes it after; `setup(overrides)` then
 * builds a service on it (inside a test). {@link describeEachTransport} does this per transport.
 */
export function useTransport(open: () => Promise<Transport>) {
  let t: Transport | undefined;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t?.close());
  const transport = (): Transport => {
    if (t === undefined) throw new Error('the transport opens in beforeAll: call setup inside a test');
    return t;
  };
  return { transport, setup: (overrides: Partial<TokenHandlerOptions> = {}) => service(transport(), overrides) };
}

export { createTokenHandler };
