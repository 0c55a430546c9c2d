import { readStream, type BodySource } from './body.js';
import type { Reply } from './http.js';

// The reply shape lives with the code that builds replies; the handler's modules read it here too.
export type { Reply } from './http.js';

/**
 * @internal What the handler reads from a request, whoever carries it. The fetch path wraps a
 * `Request`; the Node adapter reads `IncomingMessage` directly, skipping the cost of building
 * a `Request` (and a `Response`) on every call, and builds a `Request` only for the hooks that
 * receive one.
 */
export interface Incoming extends BodySource {
  readonly method: string;
  /**
   * Absolute URL, exactly as a fetch `Request` for the same HTTP request holds it (WHATWG URL
   * rules: lower-case host, default port dropped, dot segments resolved, characters escaped),
   * so that routing reads the same path on every transport.
   */
  readonly url: string;
  /** The request as a fetch `Request`, for hooks. Built once. */
  request(): Request;
  /** The peer's address when the transport knows it (the Node adapter's socket), else undefined. */
  clientAddress(): string | undefined;
}

/** @internal A handler that can be fed an {@link Incoming} directly (used by the Node adapter). */
export const DIRECT: unique symbol = Symbol('livekit-token handler direct entry');

/** @internal */
export type DirectEntry = (incoming: Incoming) => Promise<Reply>;

/**
 * @internal The fetch path: a `Request` as an {@link Incoming}. When hooks will see the request
 * (`keepBody`), the body is read from a clone, so that hooks get the very object the platform
 * passed (with `cf` on Workers) and can still read its raw body, e.g. to check a signature.
 */
export function fromRequest(request: Request, keepBody: boolean): Incoming {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
    readBody: (limit) => readStream(keepBody && request.body !== null ? request.clone().body : request.body, limit),
    request: () => request,
    // A fetch Request carries no peer address; the `clientAddress` option supplies one.
    clientAddress: () => undefined,
  };
}

/** @internal The fetch path: a {@link Reply} as a `Response`. */
export function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
