import { fail } from '../errors.js';

/**
 * @internal The default bound on a token's size, in bytes, for both minting and verifying.
 * Tokens travel in the connection URL, and common proxies cap a request line near 8 KiB.
 */
export const DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;

/** @internal Identity and room are at most this many UTF-8 bytes (the LiveKit server's default). */
export const MAX_NAME_BYTES = 256;

/**
 * @internal The largest time a `Date` can hold, in seconds since the epoch (8.64e15 ms). A
 * token's `exp`, `nbf` or `iat` beyond it (or below 0) cannot be a real instant.
 */
export const MAX_NUMERIC_DATE = 8.64e12;

/** @internal Whether `seconds` is a NumericDate a `Date` can hold: from 0 to {@link MAX_NUMERIC_DATE}. */
export const isNumericDate = (seconds: unknown): seconds is number =>
  typeof seconds === 'number' && seconds >= 0 && seconds <= MAX_NUMERIC_DATE;

/** @internal The `maxTokenBytes` option: a whole number ≥ 1, default {@link DEFAULT_MAX_TOKEN_BYTES}. */
export function maxTokenBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_TOKEN_BYTES;
  if (!Number.isInteger(value) || (value as number) < 1) fail('ERR_INVALID_OPTIONS', 'maxTokenBytes must be a whole number ≥ 1');
  return value as number;
}
