import { formatDuration, inspectToken, isLiveKitTokenError, type TokenInspection } from '../index.js';
import { flag, parse, parseNow, str } from './args.js';
import { EXIT } from './errors.js';
import { hint, statusAtGivenTime, summaryAtGivenTime } from './explain.js';
import { json, line, lines, paint, type Io, type Out, type Style } from './io.js';
import { readToken } from './token-input.js';

const OPTIONS = { json: { type: 'boolean' }, now: { type: 'string' } } as const;

const STATE_STYLE: Record<TokenInspection['status']['state'], Style> = {
  valid: 'green',
  expired: 'red',
  'not-yet-valid': 'yellow',
  'no-expiry': 'yellow',
};

/** The status with the instant it refers to: "EXPIRED 3 min ago (at 2025-…Z)". */
function statusLine(info: TokenInspection): string {
  const { state, text } = info.status;
  if (state === 'valid') return `${text} (until ${info.times.exp})`;
  if (state === 'expired') return `${text} (at ${info.times.exp})`;
  if (state === 'not-yet-valid') return `${text} (from ${info.times.nbf})`;
  return text;
}

/** Claims as indented JSON, each top-level timestamp followed by its ISO date as a comment. */
function claimsText(info: TokenInspection): string {
  return JSON.stringify(info.claims, null, 2).replace(/^ {2}"(nbf|exp|iat)": (-?[\d.e+]+)(,?)$/gm, (whole, name: 'nbf' | 'exp' | 'iat') => {
    const date = info.times[name];
    return date ? `${whole}  // ${date}` : whole;
  });
}

const EXPIRY_PHRASES = ['expires ', 'EXPIRED ', 'not valid ', 'valid for ', 'no expiry'];

/**
 * The summary without its last part when that part is the expiry. Found with `lastIndexOf`, not a
 * pattern: the summary carries the token's own identity and room, and `.*$` after a separator
 * backtracks quadratically on text with many separators and line breaks.
 */
function withoutExpiry(summary: string): string {
  const cut = summary.lastIndexOf(', ');
  if (cut < 0) return summary;
  const tail = summary.slice(cut + 2);
  return EXPIRY_PHRASES.some((phrase) => tail.startsWith(phrase)) ? summary.slice(0, cut) : summary;
}

/** The human view. Every line goes through `line`, which escapes what the token carries. */
function print(out: Out, info: TokenInspection): void {
  const label = (text: string) => paint('bold', text.padEnd(8));
  // The summary ends with the expiry, which the status line already says.
  const summary = withoutExpiry(info.summary);
  const iss = typeof info.claims.iss === 'string' ? JSON.stringify(info.claims.iss) : 'none';
  line(out, label('Status'), paint(STATE_STYLE[info.status.state], statusLine(info)));
  line(out, label('Allows'), summary);
  if (info.lifetime !== undefined) line(out, label('Window'), `${info.times.nbf} → ${info.times.exp} (${formatDuration(info.lifetime)})`);
  line(out, label('Issuer'), `API key ${iss}; signature not checked (use livekit-token verify)`);
  line(out, label('Header'), JSON.stringify(info.header));
  line(out, paint('bold', 'Claims'));
  lines(out, claimsText(info));
}

/** `livekit-token decode`: explains a token without any key. */
export async function decode(argv: string[], io: Io): Promise<number> {
  const p = parse('decode', argv, OPTIONS, 1);
  const now = parseNow(str(p, 'now'));
  const token = await readToken('decode', p, io);
  let info: TokenInspection;
  try {
    info = inspectToken(token, { now });
    // Said of the given instant, not of this machine's clock: "EXPIRED 3 min before the given time".
    if (now !== undefined) info = { ...info, summary: summaryAtGivenTime(info.summary, info.status), status: { ...info.status, text: statusAtGivenTime(info.status) } };
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    line(io.stderr, paint('red', 'cannot decode'), `: ${e.code}: ${e.message}`);
    line(io.stderr, `hint: ${hint(e, token, { apiKey: '', now: Date.now(), givenNow: false })}`);
    return EXIT.failed;
  }
  if (flag(p, 'json')) {
    const { status } = info;
    // Infinity (no expiry) is not JSON: say null.
    const result = { ...info, status: { ...status, seconds: Number.isFinite(status.seconds) ? status.seconds : null }, verified: false };
    json(io.stdout, result);
  } else {
    print(io.stdout, info);
  }
  return EXIT.ok;
}
