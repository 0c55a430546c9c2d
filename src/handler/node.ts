// Node adapter of the token handler. It needs no `node:*` import: the request and response
// objects of `node:http` are described structurally below, and `serve` loads `node:http`
// only when called, so that this subpath still loads in Workers and Deno.
import { LiveKitTokenError } from '../index.js';
import { utf8Length } from '../lib/text.js';
import { concat, tooLarge } from './body.js';
import { errorReply, HttpError, type Reply } from './http.js';
import { DIRECT, toResponse, type DirectEntry, type Incoming } from './incoming.js';
import { headerValue, lazyRequest, nodeHeaders, rawFromRecord, type RawHeaders } from './node-request.js';
import { requestUrl } from './node-url.js';
import type { TokenHandler } from './types.js';

/**
 * The parts of Node's `http.IncomingMessage` the adapter reads.
 *
 * @example
 * ```ts
 * import { createTokenHandler, toNodeListener, type NodeIncomingMessage, type NodeServerResponse } from 'livekit-token/handler';
 *
 * const listener = toNodeListener(createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, allowAnonymous: true }));
 * // A Connect/Express-style middleware: token routes go to the service, the rest to `next`.
 * function tokenRoutes(req: NodeIncomingMessage, res: NodeServerResponse, next: () => void): void {
 *   if (req.url?.startsWith('/token')) listener(req, res);
 *   else next();
 * }
 * ```
 */
export interface NodeIncomingMessage extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The header lines as received, name then value. Hooks see headers built from these, as a
   * fetch `Request` holds them; without them, `headers` is used.
   */
  rawHeaders?: readonly string[] | undefined;
  /**
   * The connection: a `tls.TLSSocket` (with `encrypted: true`) makes the request URL https, and
   * its `remoteAddress` keys the built-in rate limits.
   */
  socket?: object | null | undefined;
  /** Subscribes to the body stream's `data`, `end` and `error` events. */
  on(event: 'data' | 'end' | 'error', listener: (...args: never[]) => void): unknown;
}

/**
 * The parts of Node's `http.ServerResponse` the adapter writes.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createTokenHandler, toNodeListener, type NodeServerResponse } from 'livekit-token/handler';
 *
 * const listener = toNodeListener(createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, allowAnonymous: true }));
 * function notFound(res: NodeServerResponse): void {
 *   res.writeHead(404, { 'content-type': 'text/plain' });
 *   res.end('not found');
 * }
 * createServer((req, res) => (req.url?.startsWith('/token') ? listener(req, res) : notFound(res))).listen(3001);
 * ```
 */
export interface NodeServerResponse {
  /** Sends the status line and headers. */
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  /** Writes a body chunk; `false` means wait for `'drain'`. */
  write(chunk: Uint8Array): boolean;
  /** Finishes the response. */
  end(chunk?: Uint8Array | string): unknown;
  /** Listens once for back-pressure relief or a closed connection. */
  once(event: 'drain' | 'close', listener: () => void): unknown;
  readonly writableFinished?: boolean;
  readonly destroyed?: boolean;
}

/**
 * A listener for `http.createServer` / `https.createServer`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:https';
 * import { readFileSync } from 'node:fs';
 * import { createTokenHandler, toNodeListener, type NodeListener } from 'livekit-token/handler';
 *
 * const listener: NodeListener = toNodeListener(createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, allowAnonymous: true }));
 * createServer({ key: readFileSync('tls/key.pem'), cert: readFileSync('tls/cert.pem') }, listener).listen(443);
 * ```
 */
export type NodeListener = (request: NodeIncomingMessage, response: NodeServerResponse) => void;

const NO_BODY = new Set(['GET', 'HEAD']);

/**
 * Adapts a fetch-standard handler to Node's `http.createServer`: the request body is streamed
 * into the `Request` (so the handler's size limit stops reading early), the `Response` is
 * streamed back with backpressure, and a client that disconnects aborts `request.signal`.
 *
 * The `Request` the handler (and its hooks) see holds the `url`, `method` and headers a fetch
 * runtime's `new Request()` holds for the same HTTP request: the URL is parsed by the WHATWG
 * rules from `Host` and the request target (an absolute-form target's host wins over `Host`),
 * and headers come from the raw header lines. A request no valid URL can be made of (say
 * `Host: 127.0.0.1:99999`) is answered 400 `ERR_BAD_REQUEST` without calling the handler.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createTokenHandler, toNodeListener } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({
 *   keys: { apiKey: 'devkey', apiSecret: 'secret' },
 *   wsUrl: 'ws://localhost:7880',
 *   allowAnonymous: true, // development only
 * });
 * createServer(toNodeListener(handler)).listen(3001, '127.0.0.1');
 * ```
 */
export function toNodeListener(handler: TokenHandler | ((request: Request) => Response | Promise<Response>)): NodeListener {
  const direct = (handler as { [DIRECT]?: DirectEntry })[DIRECT];
  if (direct !== undefined) {
    // A handler made by createTokenHandler: read and write Node's objects directly.
    return (req, res) => {
      void respondDirect(direct, req, res);
    };
  }
  return (req, res) => {
    void respond(handler, req, res);
  };
}

const encoder = new TextEncoder();

async function respondDirect(direct: DirectEntry, req: NodeIncomingMessage, res: NodeServerResponse): Promise<void> {
  const raw = rawHeadersOf(req);
  const url = urlOf(req, raw);
  const incoming = url === undefined ? undefined : new NodeIncoming(req, res, url, raw);
  let reply: Reply;
  try {
    // No URL, no request: answered before the handler (and any hook) sees it.
    reply = incoming === undefined ? badUrl() : await direct(incoming);
  } catch {
    reply = errorReply(new HttpError(500, 'ERR_INTERNAL', 'internal error'));
  }
  if (res.destroyed) return;
  const headers = reply.headers; // a fresh object per reply: ours to extend
  const body = reply.body ?? undefined;
  // A string body with a known length lets Node send head and body in one write.
  if (body !== undefined) headers['content-length'] = String(replyBytes(body));
  // A body that was refused midway (413) or never read is not drained: close the connection.
  if (incoming === undefined ? carriesBody(raw) : incoming.unread) headers['connection'] = 'close';
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** The 400 for a request no URL can be made of (see {@link requestUrl}). */
function badUrl(): Reply {
  return errorReply(new HttpError(400, 'ERR_BAD_REQUEST', 'the Host header or the request target does not make a valid URL'));
}

/** The header lines of a Node request: `rawHeaders`, or the `headers` record of a hand-made one. */
function rawHeadersOf(req: NodeIncomingMessage): RawHeaders {
  return Array.isArray(req.rawHeaders) ? req.rawHeaders : rawFromRecord(req.headers);
}

/**
 * The URL a fetch `Request` would hold for this request, or undefined. A `Host` sent more than
 * once is refused (RFC 9112 §3.2), as is one the URL parser refuses.
 */
function urlOf(req: NodeIncomingMessage, raw: RawHeaders): string | undefined {
  const host = headerValue(raw, 'host');
  if (host === undefined) return undefined;
  const secure = (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true;
  return requestUrl(req.url ?? '/', host ?? undefined, secure);
}

// `new Request()` writes these methods in upper case, whatever case they come in (Fetch's
// "normalize a method"). node:http only passes upper case; a hand-made request object may not.
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** The request method as a `Request` holds it. */
function methodOf(req: NodeIncomingMessage): string {
  const method = req.method ?? 'GET';
  if (NORMALIZED_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** Whether a request announces a body (which may then be left unread). */
function carriesBody(raw: RawHeaders): boolean {
  const length = headerValue(raw, 'content-length');
  return headerValue(raw, 'transfer-encoding') !== null || (length !== null && length !== '0');
}

// Room to count a reply in: `encodeInto` reports how many UTF-8 bytes it wrote, natively, about
// five times faster than a regular expression can tell whether a token reply is all ASCII.
const SCRATCH_BYTES = 16 * 1024;
let scratch: Uint8Array | undefined;

/** UTF-8 length of a reply body. */
function replyBytes(text: string): number {
  // A UTF-16 unit is at most 3 bytes of UTF-8: a text that fits is counted whole.
  if (text.length * 3 > SCRATCH_BYTES) return utf8Length(text);
  return encoder.encodeInto(text, (scratch ??= new Uint8Array(SCRATCH_BYTES))).written;
}

/** A Node request as the handler reads it; hooks get a `Request` that reads it lazily. */
class NodeIncoming implements Incoming {
  readonly method: string;
  private body: Uint8Array | undefined;
  private built: Request | undefined;
  private headers: Headers | undefined;
  private reading = false;
  /** True once the body was refused or left unread. */
  unread: boolean;

  constructor(
    private readonly req: NodeIncomingMessage,
    private readonly res: NodeServerResponse,
    readonly url: string,
    private readonly raw: RawHeaders,
  ) {
    this.method = methodOf(req);
    // Only a request that carries a body can leave one unread.
    this.unread = carriesBody(raw);
  }

  header(name: string): string | null {
    const value = headerValue(this.raw, name);
    return value !== undefined ? value : this.realHeaders().get(name);
  }

  /** The headers as a fetch `Headers`, for what the raw lines cannot answer alone. */
  private realHeaders(): Headers {
    if (this.headers === undefined) {
      try {
        this.headers = nodeHeaders(this.raw);
      } catch {
        // Only a hand-made request object can carry a value Headers refuses.
        throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request headers are invalid');
      }
    }
    return this.headers;
  }

  readBody(limit: number): Promise<Uint8Array> {
    if (this.reading) return Promise.reject(new TypeError('the body was already read'));
    this.reading = true;
    // Events rather than an async iterator: one promise per body instead of one per chunk,
    // and leaving an iterator early would destroy the socket the 413 has to go out on.
    return new Promise((resolve, fail) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      this.req.on('data', (chunk: Uint8Array | string) => {
        if (size > limit) return; // refused already: the rest is dropped, never buffered
        const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
        size += bytes.byteLength;
        if (size <= limit) chunks.push(bytes);
        else {
          try {
            tooLarge(limit);
          } catch (e) {
            fail(e);
          }
        }
      });
      this.req.on('end', () => {
        if (size > limit) return;
        this.unread = false;
        this.body = concat(chunks, size);
        resolve(this.body);
      });
      this.req.on('error', fail);
    });
  }

  clientAddress(): string | undefined {
    // The peer of the TCP connection: behind a proxy that is the proxy (see the clientAddress option).
    const address = (this.req.socket as { remoteAddress?: unknown } | null | undefined)?.remoteAddress;
    return typeof address === 'string' && address !== '' ? address : undefined;
  }

  request(): Request {
    if (this.built === undefined) {
      // Hooks run after the body was read: they get it from memory, so request.text() still works.
      const bytes = NO_BODY.has(this.method) ? null : (this.body ?? new Uint8Array(0));
      this.built = lazyRequest(this.url, this.method, this.raw, bytes, () => abortOnClose(this.res));
    }
    return this.built;
  }
}

async function respond(handler: (request: Request) => Response | Promise<Response>, req: NodeIncomingMessage, res: NodeServerResponse): Promise<void> {
  const raw = rawHeadersOf(req);
  const url = urlOf(req, raw);
  const body = url === undefined || NO_BODY.has(methodOf(req)) ? undefined : new BodyStream(req);
  let response: Response;
  let request: Request | undefined;
  try {
    if (url !== undefined) request = toRequest(req, res, url, raw, body);
  } catch {
    // Only a hand-made request object can carry headers or a method a Request refuses.
  }
  if (request === undefined) response = toResponse(url === undefined ? badUrl() : errorReply(new HttpError(400, 'ERR_BAD_REQUEST', 'the request method or headers are invalid')));
  else {
    try {
      response = await handler(request);
    } catch {
      response = toResponse(errorReply(new HttpError(500, 'ERR_INTERNAL', 'internal error')));
    }
  }
  await writeResponse(response, res, body === undefined ? carriesBody(raw) : !body.finished);
}

/** A signal that aborts when the client goes away before the answer is complete. */
function abortOnClose(res: NodeServerResponse): AbortSignal {
  const controller = new AbortController();
  // Asked for late (by a hook), the connection may already be gone.
  if (res.destroyed && !res.writableFinished) controller.abort();
  else {
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
  }
  return controller.signal;
}

function toRequest(req: NodeIncomingMessage, res: NodeServerResponse, url: string, raw: RawHeaders, body: BodyStream | undefined): Request {
  const init: RequestInit & { duplex?: 'half' } = { method: methodOf(req), headers: nodeHeaders(raw), signal: abortOnClose(res) };
  if (body !== undefined) {
    init.body = body.stream;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** The request body as a pull-based web stream: nothing is read before the handler asks. */
class BodyStream {
  finished = false;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(req: NodeIncomingMessage) {
    const chunks = req[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    this.stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const { done, value } = await chunks.next();
        if (done) {
          this.finished = true;
          controller.close();
        } else {
          controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
        }
      },
      // Cancelled (body too large): stop pulling. The connection is closed after the
      // answer, so the unread rest of the body is never buffered.
    });
  }
}

async function writeResponse(response: Response, res: NodeServerResponse, unread: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (unread) headers['connection'] = 'close';
  if (res.destroyed) return;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      // Backpressure: wait for the socket to drain (or close) before writing more.
      if (!res.write(value)) await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  } catch {
    // The body failed midway: the status is already sent, so all we can do is stop.
  }
  res.end();
}

/**
 * Options of {@link serve}.
 *
 * @example
 * ```ts
 * import { createTokenHandler, serve, type ServeOptions } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, authorize: (req) => req.headers.has('authorization') });
 * // Listen on every interface, e.g. inside a container.
 * const options: ServeOptions = { port: 8080, hostname: '0.0.0.0' };
 * await serve(handler, options);
 * ```
 */
export interface ServeOptions {
  /** Port; `0` picks a free one. Default 3001. */
  port?: number | undefined;
  /** Interface to listen on. Default `'127.0.0.1'`: pass `'0.0.0.0'` to accept outside connections. */
  hostname?: string | undefined;
  /** Milliseconds a client has to send the request headers, else the connection is closed. Default 10 000. */
  headersTimeout?: number | undefined;
  /** Milliseconds a client has to send the whole request. At least `headersTimeout`. Default 30 000. */
  requestTimeout?: number | undefined;
  /** Milliseconds an idle keep-alive connection stays open. Default 5 000. */
  keepAliveTimeout?: number | undefined;
}

/**
 * A running server started by {@link serve}.
 *
 * @example
 * ```ts
 * import { createTokenHandler, serve, type RunningServer } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({ keys: key, wsUrl: env.LIVEKIT_URL, allowAnonymous: true });
 * // In a test: a free port, one request, then shut down.
 * const server: RunningServer = await serve(handler, { port: 0 });
 * const res = await fetch(`${server.url}/health`);
 * expect(res.status).toBe(200);
 * await server.close();
 * ```
 */
export interface RunningServer {
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  hostname: string;
  /** Base URL, e.g. `http://127.0.0.1:3001`. */
  url: string;
  /** Stops accepting connections, closes idle ones, and resolves once the server is closed. */
  close(): Promise<void>;
}

interface NodeServerOptions {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
}

interface NodeHttpServer {
  listen(port: number, hostname: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  address(): { port: number } | string | null;
  close(callback: () => void): unknown;
  closeIdleConnections?(): void;
}

/**
 * Serves a handler with `node:http` (Node, and Bun or Deno in Node mode). `node:http` is
 * loaded only when this function runs, so importing this subpath stays safe in Workers.
 * Slow and idle clients are cut off: 10 s to send the headers, 30 s for the whole request, 5 s
 * for an idle keep-alive connection (see {@link ServeOptions} to change them).
 *
 * @example
 * ```ts
 * import { createTokenHandler, handlerOptionsFromEnv, serve } from 'livekit-token/handler';
 *
 * const handler = createTokenHandler({
 *   ...handlerOptionsFromEnv(process.env),
 *   authorize: (req) => req.headers.get('authorization') === `Bearer ${process.env['SERVICE_TOKEN']}`,
 * });
 * const server = await serve(handler, { port: 3001, hostname: '0.0.0.0' });
 * console.log(`token service on ${server.url}`);
 * ```
 */
export async function serve(handler: TokenHandler | ((request: Request) => Response | Promise<Response>), options: ServeOptions = {}): Promise<RunningServer> {
  const port = options.port ?? 3001;
  const hostname = options.hostname ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LiveKitTokenError('ERR_INVALID_OPTIONS', 'port must be a whole number from 0 to 65535');
  const timeouts = serverTimeouts(options);
  const http = (await load('node:http')) as { createServer(options: NodeServerOptions, listener: NodeListener): NodeHttpServer };
  const server = http.createServer(timeouts, toNodeListener(handler));
  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, hostname, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port: bound,
    hostname,
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      }),
  };
}

/**
 * Node's default timeouts let a slow or idle client hold a socket for minutes. Node checks the
 * header and request timeouts only every `connectionsCheckingInterval` (30 s by default, and
 * settable only when the server is created), so it is set to a fraction of them.
 */
function serverTimeouts(options: ServeOptions): NodeServerOptions {
  const headersTimeout = milliseconds(options.headersTimeout, 10_000, 'headersTimeout');
  const requestTimeout = milliseconds(options.requestTimeout, 30_000, 'requestTimeout');
  const keepAliveTimeout = milliseconds(options.keepAliveTimeout, 5_000, 'keepAliveTimeout');
  if (headersTimeout > requestTimeout) {
    throw new LiveKitTokenError('ERR_INVALID_OPTIONS', 'headersTimeout must not be longer than requestTimeout');
  }
  const connectionsCheckingInterval = Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4)));
  return { headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval };
}

function milliseconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new LiveKitTokenError('ERR_INVALID_OPTIONS', `${name} must be a whole number of milliseconds ≥ 1`);
  return value;
}

// Takes the module name as an argument so that bundlers for edge runtimes do not try to
// resolve `node:http` when they bundle this subpath.
function load(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}
