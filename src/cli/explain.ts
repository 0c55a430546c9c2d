// Words for what went wrong with a token, shared by `decode` and `verify`: the library's hints
// (src/hints.ts, which a web page can use too) with the CLI's own flag names.
import type { LiveKitTokenError } from '../index.js';
import { tokenHint } from '../hints.js';

/**
 * One sentence on what to do about a verification failure: when it expired, which key it
 * names, that the secret is wrong. Never contains the secret, the signature or the token.
 * `givenNow` says the instant came from `--now`, not the clock.
 */
export function hint(error: LiveKitTokenError, token: string, apiKey: string, nowMs: number, givenNow = false): string {
  return tokenHint(error, token, { apiKey, now: nowMs, givenNow, toleranceAdvice: '--clock-tolerance 60', expectationNames: '--room/--identity' });
}
