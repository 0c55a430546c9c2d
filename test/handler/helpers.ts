import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
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

/** The transports every route test runs over: straight through the handler, and over HTTP. */
export const TRANSPORTS: Array<[string, () => Promise<Transport>]> = [
  ['direct', async () => directTransport()],
  ['http', () => httpTransport()],
];

/**
 * Opens a transport for the enclosing `describe` and closes it after; `setup(overrides)` then
 * builds a service on it (inside a test).
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
