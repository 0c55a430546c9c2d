/**
 * Every failure this library reports is a {@link LiveKitTokenError} with one of these codes.
 * Codes are stable: match on `code`, never on `message`.
 *
 * @example
 * ```ts
 * function status(code: LiveKitTokenErrorCode): number {
 *   return code === 'ERR_INVALID_OPTIONS' || code === 'ERR_TTL_INVALID' ? 400 : 401;
 * }
 * ```
 */
export type LiveKitTokenErrorCode =
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_ALGORITHM'
  | 'ERR_TOKEN_UNKNOWN_KEY'
  | 'ERR_TOKEN_SIGNATURE'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_TOKEN_CLAIMS'
  | 'ERR_INVALID_OPTIONS'
  | 'ERR_TTL_INVALID'
  | 'ERR_WEBHOOK_BODY';

/**
 * The one error class of livekit-token. Messages never contain a token, a signature or a secret.
 *
 * @example
 * ```ts
 * try {
 *   await verifyToken(token, keys);
 * } catch (e) {
 *   if (isLiveKitTokenError(e) && e.code === 'ERR_TOKEN_EXPIRED') reconnectWithFreshToken();
 *   else throw e;
 * }
 * ```
 */
export class LiveKitTokenError extends Error {
  /** Stable machine-readable code, see {@link LiveKitTokenErrorCode}. */
  readonly code: LiveKitTokenErrorCode;

  constructor(code: LiveKitTokenErrorCode, message: string) {
    super(message);
    this.name = 'LiveKitTokenError';
    this.code = code;
  }
}

/**
 * Type guard for {@link LiveKitTokenError}, optionally for one code. Works across bundle copies
 * (checks the shape, not only `instanceof`).
 *
 * @example
 * ```ts
 * try {
 *   await verifyToken(token, keys);
 * } catch (err) {
 *   if (isLiveKitTokenError(err, 'ERR_TOKEN_SIGNATURE')) console.warn('wrong secret or key');
 *   throw err;
 * }
 * ```
 */
export function isLiveKitTokenError(
  error: unknown,
  code?: LiveKitTokenErrorCode,
): error is LiveKitTokenError {
  return (
    error instanceof Error &&
    error.name === 'LiveKitTokenError' &&
    typeof (error as LiveKitTokenError).code === 'string' &&
    (code === undefined || (error as LiveKitTokenError).code === code)
  );
}

/** @internal Shorthand used everywhere a check fails. */
export function fail(code: LiveKitTokenErrorCode, message: string): never {
  throw new LiveKitTokenError(code, message);
}
