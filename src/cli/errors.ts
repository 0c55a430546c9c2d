import { isLiveKitTokenError } from '../index.js';

/** Exit codes: 0 success, 1 the token or the operation failed, 2 the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake on the command line: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Turns anything thrown into one line for stderr, never with a stack trace for expected errors. */
export function errorText(error: unknown): string {
  if (isLiveKitTokenError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof UsageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
