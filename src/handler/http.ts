/** @internal A response before it becomes a `Response` or is written to a Node socket. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or null for no body. */
  body: string | null;
}

/**
 * Codes of the HTTP-level errors of the token service (core errors keep their own codes).
 *
 * @example
 * ```ts
 * import type { LiveKitTokenErrorCode } from 'livekit-token';
 * import type { HandlerErrorCode, TokenRequestBody } from 'livekit-token/handler';
 *
 * const body: TokenRequestBody = { room: 'demo', identity: 'alice' };
 * const res = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
 * if (!res.ok) {
 *   // A token the core refuses to mint is a 422 with the core's own code.
 *   const { error } = (await res.json()) as { error: { code: HandlerErrorCode | LiveKitTokenErrorCode; message: string } };
 *   if (error.code === 'ERR_RATE_LIMITED') console.warn(`try again in ${res.headers.get('retry-after')} s`);
 * }
 * ```
 */
export type HandlerErrorCode =
  | 'ERR_BAD_REQUEST'
  | 'ERR_MALFORMED_JSON'
  | 'ERR_MISSING_FIELD'
  | 'ERR_UNAUTHORIZED'
  | 'ERR_FORBIDDEN'
  | 'ERR_IDENTITY_MISMATCH'
  | 'ERR_GRANT_NOT_ALLOWED'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_INVALID_FIELD'
  | 'ERR_TTL_TOO_LONG'
  | 'ERR_TTL_TOO_SHORT'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_RATE_LIMITED'
  | 'ERR_RATE_LIMIT_UNAVAILABLE'
  | 'ERR_INTERNAL';

/**
 * @internal A request the service refuses. Thrown inside the handler and turned into a JSON
 * error response at one place, so every route answers errors the same way.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** @internal Shorthand: throws an {@link HttpError}. */
export function reject(status: number, code: HandlerErrorCode | string, message: string, headers?: Record<string, string>): never {
  throw new HttpError(status, code, message, headers);
}

/**
 * @internal A JSON reply with the service's standard headers plus `extra`. Token responses
 * must never be cached by a browser or a proxy, hence `no-store` on every answer.
 */
export function json(status: number, value: unknown, extra?: Record<string, string>): Reply {
  return jsonText(status, JSON.stringify(value), extra);
}

/** @internal {@link json} for a body already written as JSON text (null: no body). */
export function jsonText(status: number, text: string | null, extra?: Record<string, string>): Reply {
  // A literal is cheaper than copying a shared object, and every reply needs its own.
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (extra) Object.assign(headers, extra);
  return { status, headers, body: text };
}

/** @internal The `{error: {code, message}}` reply for an {@link HttpError}. */
export function errorReply(error: HttpError, extra?: Record<string, string>): Reply {
  return json(error.status, { error: { code: error.code, message: error.message } }, { ...error.headers, ...extra });
}
