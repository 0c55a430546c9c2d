// Words for what went wrong with a token, shared by `decode` and `verify`: the library's hints
// (src/hints.ts, which a web page can use too) with the CLI's own flag names.
import { formatDuration, type LiveKitTokenError, type TokenStatus } from '../index.js';
import { tokenHint, type HintContext } from '../hints.js';

/** What `verify` and `decode` know when they explain a failure. */
export interface Judged {
  /** The API key given, or '' (decode has none). */
  apiKey: string;
  /** The instant the token was judged at, epoch ms. */
  now: number;
  /** Whether that instant came from `--now` rather than the clock. */
  givenNow: boolean;
  expected?: HintContext['expected'];
}

/**
 * One sentence on what to do about a verification failure: when it expired, which key it
 * names, that the secret is wrong, which room the token is for. Never contains the secret, the
 * signature or the token.
 */
export function hint(error: LiveKitTokenError, token: string, judged: Judged): string {
  return tokenHint(error, token, { ...judged, toleranceAdvice: '--clock-tolerance 60', expectationNames: '--room/--identity' });
}

/**
 * The core's time messages ("… (1801 s ago, …)", "… (in 30 s, …)") said of a `--now` instant:
 * relative to the given time, not to the clock of the machine.
 */
export function atGivenTime(message: string): string {
  return message.replace(/\((\d+) s ago,/, '($1 s before the given time,').replace(/\(in (\d+) s,/, '($1 s after the given time,');
}

/** A token status ("EXPIRED 3 min ago") said of a `--now` instant. */
export function statusAtGivenTime(status: TokenStatus): string {
  const span = formatDuration(status.seconds);
  switch (status.state) {
    case 'valid': return `valid for ${span} after the given time`;
    case 'expired': return `EXPIRED ${span} before the given time`;
    case 'not-yet-valid': return `not valid until ${span} after the given time`;
    default: return status.text;
  }
}

/** A summary ending in "expires in 5 h" said of a `--now` instant. */
export function summaryAtGivenTime(summary: string, status: TokenStatus): string {
  const cut = summary.lastIndexOf(', ');
  const tail = cut < 0 ? '' : summary.slice(cut + 2);
  if (status.state === 'valid' && tail.startsWith('expires in ')) return `${summary.slice(0, cut)}, expires ${formatDuration(status.seconds)} after the given time`;
  if (tail === status.text) return `${summary.slice(0, cut)}, ${statusAtGivenTime(status)}`;
  return summary;
}
