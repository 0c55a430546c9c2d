// LiveKit's own key formats. The server takes several API keys as `LIVEKIT_KEYS` (or `--keys`)
// and as a key file (`key_file`), both YAML maps of "key: secret" lines read with Go's
// gopkg.in/yaml.v3: `LIVEKIT_KEYS` into a map of any values whose non-strings it drops without
// a word (livekit/livekit pkg/config/config.go, unmarshalKeys), the key file into a map of
// strings (pkg/config/config.go ValidateKeys, livekit/protocol auth/provider.go). This reads the
// part of YAML those files use — one "key: secret" per line, comments, quoted values — and
// refuses everything else with the line number rather than reading it differently from the server.
import { fail } from './errors.js';
import type { ApiKey } from './keys.js';
import { isPadded } from './lib/secret-text.js';

const bad = (message: string): never => fail('ERR_INVALID_OPTIONS', message);

/** Longest text read at all: key files hold a few lines. */
const MAX_TEXT_LENGTH = 65536;

/**
 * Characters YAML does not allow in a stream (C0 controls but tab and line breaks, DEL, C1,
 * U+FFFE/FFFF, lone surrogates), and the line breaks YAML readers know besides `\n` and `\r`
 * (NEL, U+2028, U+2029), which would end a line where this reader does not. Linear.
 */
const NOT_ALLOWED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Plain (unquoted) scalars that YAML's core schema, as yaml.v3 resolves it, reads as null,
 * a boolean, infinity, NaN or the merge key: not strings.
 */
const NOT_STRING = /^(?:|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<)$/;

/** Numbers as yaml.v3 reads a plain scalar starting with a sign, a digit or a dot (underscores removed). */
const NUMBER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** Whether a plain scalar is a string to YAML (not null, a boolean or a number). Errs on "not". */
function isPlainString(text: string): boolean {
  if (NOT_STRING.test(text)) return false;
  return !/^[-+.0-9]/.test(text) || !NUMBER.test(text.replaceAll('_', ''));
}

/** Characters a plain scalar must not start with: YAML's indicators (`-`, `?`, `:` only before a blank). */
const INDICATORS = ',[]{}#&*!|>%@`';

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Escapes of a double-quoted YAML scalar that stand for one character. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
/** Escapes followed by a code point in hex, by their number of digits. */
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A scalar read from a line: its text, where it ended, whether it was quoted. */
interface Scalar {
  text: string;
  end: number;
  quoted: boolean;
}

/** Reads the quoted scalar starting at `start` (a `'` or `"`), or throws naming the line. */
function quoted(line: string, start: number, at: string): Scalar {
  const quote = line[start];
  let text = '';
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c !== "'") text += c;
      else if (line[i + 1] === "'") text += line[++i];
      else return { text, end: i + 1, quoted: true };
    } else if (c === '"') {
      return { text, end: i + 1, quoted: true };
    } else if (c !== '\\') {
      text += c;
    } else {
      const e = line[++i] ?? '';
      const digits = HEX_ESCAPES[e];
      const hex = digits === undefined ? '' : line.slice(i + 1, i + 1 + digits);
      if (Object.hasOwn(ESCAPES, e)) text += ESCAPES[e];
      else if (digits !== undefined && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) bad(`${at}: a \\${e} escape names no character`);
        text += String.fromCodePoint(code);
        i += digits;
      } else bad(`${at}: a quoted value has an escape YAML does not know, or a backslash at the end of the line`);
    }
  }
  return bad(`${at}: a quoted value must end on its own line`);
}

/**
 * Reads the plain scalar starting at `start`, up to a `:` followed by a blank or the end of the
 * line when `key`, else to the end of the line; either way before a comment (` #`), without
 * trailing blanks. `end` is where the scalar stopped (at the `:` of a key).
 */
function plain(line: string, start: number, key: boolean, at: string): Scalar {
  const first = line[start];
  if (first !== undefined && (INDICATORS.includes(first) || ('-?:'.includes(first) && (isBlank(line[start + 1]) || start + 1 === line.length)))) {
    bad(`${at}: ${key ? 'a key' : 'a value'} starts with a YAML indicator (${JSON.stringify(first)}): put it in quotes`);
  }
  let end = start;
  for (; end < line.length; end++) {
    const c = line[end];
    if (isBlank(c) && line[end + 1] === '#') break;
    if (c === ':' && (isBlank(line[end + 1]) || end + 1 === line.length)) {
      if (key) break;
      bad(`${at}: a value holds ": ", which YAML reads as another map: put the value in quotes`);
    }
  }
  let last = end;
  while (last > start && isBlank(line[last - 1])) last--;
  return { text: line.slice(start, last), end, quoted: false };
}

/** Reads a key or value starting at `start`: quoted or plain. */
const scalar = (line: string, start: number, key: boolean, at: string): Scalar =>
  line[start] === '"' || line[start] === "'" ? quoted(line, start, at) : plain(line, start, key, at);

/** Index of the first character at or after `i` that is not a blank. */
function skipBlanks(line: string, i: number): number {
  while (isBlank(line[i])) i++;
  return i;
}

/** Checks a key or a secret as the rest of the library reads secrets: a non-empty string, exactly. */
function checkScalar(s: Scalar, what: string, at: string): void {
  if (!s.quoted && !isPlainString(s.text)) {
    bad(`${at}: the ${what} is not a string to YAML (empty, a number, true/false or null; the LiveKit server skips such a key): put it in quotes`);
  }
  if (s.text === '') bad(`${at}: the ${what} is empty`);
  if (isPadded(s.text)) bad(`${at}: the quoted ${what} starts or ends with whitespace: it would be used byte for byte, so remove the whitespace`);
}

/**
 * Reads API keys written in LiveKit's own formats: the value of `LIVEKIT_KEYS` and the content
 * of a key file (`key_file` in the server's configuration). Both are YAML maps with one
 * `key: secret` per line; blank lines, `#` comments and single- or double-quoted keys and
 * secrets are read as YAML reads them (a plain secret ends before trailing blanks, a ` #`
 * comment or the `\r` of a CRLF line end, as on the server; a quoted one keeps every
 * character between its quotes). Returns the keys in file order, ready for every function
 * that takes a `KeySet` (the first one usually signs).
 *
 * @throws {LiveKitTokenError} `ERR_INVALID_OPTIONS` naming the line for anything else: a key
 *   defined twice, a value YAML does not read as a string (a number, `true`, an empty value —
 *   the server skips those without a word), an indented or multi-line entry, a quoted key or
 *   secret that starts or ends with whitespace, no key at all. Messages never repeat a secret.
 * @example
 * ```ts
 * import { createToken, keySetFromLiveKit, verifyToken } from 'livekit-token';
 *
 * const keys = keySetFromLiveKit('APIcurrent: 9d3f…secret\nAPIprevious: "0be1…old secret"\n');
 * const token = await createToken(keys[0]!, { identity: 'alice', video: { roomJoin: true, room: 'demo' } });
 * const claims = await verifyToken(token, keys); // either key verifies
 * ```
 */
export function keySetFromLiveKit(text: string): ApiKey[] {
  if (typeof text !== 'string') bad('keySetFromLiveKit needs the text of LIVEKIT_KEYS or of a key file');
  if (text.length > MAX_TEXT_LENGTH) bad(`LiveKit key text is over ${MAX_TEXT_LENGTH} characters`);
  const keys: ApiKey[] = [];
  const lineOf = new Map<string, number>();
  // YAML's line breaks: \r\n, \n and a lone \r. A byte order mark may open the text.
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = `line ${i + 1}`;
    if (NOT_ALLOWED.test(line)) bad(`${at} holds a control character or line separator, which a key file cannot hold (write it as an escape in double quotes)`);
    const start = skipBlanks(line, 0);
    // Blank lines and comments; a document start before the first key.
    if (start === line.length || line[start] === '#' || (keys.length === 0 && /^---(?:[ \t]+#.*|[ \t]*)$/.test(line))) continue;
    if (start > 0) bad(`${at} is indented: write each "key: secret" at the start of its line`);
    const key = scalar(line, 0, true, at);
    const colon = skipBlanks(line, key.end);
    if (line[colon] !== ':' || !(isBlank(line[colon + 1]) || colon + 1 === line.length)) {
      bad(`${at} is not "key: secret" (a colon and a space after the key)`);
    }
    const valueStart = skipBlanks(line, colon + 1);
    const value: Scalar = line[valueStart] === '#' || valueStart === line.length
      ? { text: '', end: valueStart, quoted: false }
      : scalar(line, valueStart, false, at);
    // After a quoted value, only blanks and a comment.
    const rest = skipBlanks(line, value.end);
    if (value.quoted && rest < line.length && !(line[rest] === '#' && rest > value.end)) {
      bad(`${at}: only a " #" comment may follow a quoted value`);
    }
    checkScalar(key, 'key', at);
    checkScalar(value, 'secret', at);
    const first = lineOf.get(key.text);
    if (first !== undefined) bad(`${at}: this API key is already defined on line ${first}`);
    lineOf.set(key.text, i + 1);
    keys.push({ apiKey: key.text, apiSecret: value.text });
  }
  if (keys.length === 0) bad('no API key found: LiveKit keys are "key: secret" lines');
  return keys;
}
