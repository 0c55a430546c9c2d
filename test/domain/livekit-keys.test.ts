// keySetFromLiveKit reads what the LiveKit server reads as LIVEKIT_KEYS and as its key file:
// livekit/livekit pkg/config/config.go (unmarshalKeys: yaml.Unmarshal into map[string]any,
// non-strings dropped; ValidateKeys: yaml Decoder into map[string]string) and
// livekit/protocol auth/provider.go (NewFileBasedKeyProviderFromReader, yaml.v3). Where the
// server would read a line differently from a plain "key: secret", we refuse with the line.
import { describe, expect, it } from 'vitest';
import { createToken, keySetFromLiveKit, verifyToken, type LiveKitTokenError } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

/** The error `keySetFromLiveKit(text)` throws. */
const fails = (text: string) => thrown(() => keySetFromLiveKit(text)) as LiveKitTokenError;

const SECRET = 'Zx9-very-secret-value-0123456789abcdef';

describe('keySetFromLiveKit', () => {
  it('reads "key: secret" lines in file order', () => {
    expect(keySetFromLiveKit('APIone: first-secret\nAPItwo: second-secret\n')).toEqual([
      { apiKey: 'APIone', apiSecret: 'first-secret' },
      { apiKey: 'APItwo', apiSecret: 'second-secret' },
    ]);
  });

  // livekit/protocol auth/provider_test.go TestFileBasedKeyProvider writes "key2: secret2 \r\n",
  // a blank line and a last line without a newline, and reads secret2 without the blank or \r.
  it('reads the server\'s own key-file test as the server does', () => {
    expect(keySetFromLiveKit('key1: secret1\nkey2: secret2 \r\n\nkey3: secret3')).toEqual([
      { apiKey: 'key1', apiSecret: 'secret1' },
      { apiKey: 'key2', apiSecret: 'secret2' },
      { apiKey: 'key3', apiSecret: 'secret3' },
    ]);
  });

  it('skips comments, blank lines and a leading document marker; a plain value ends before " #"', () => {
    const text = '\ufeff---\n# rotated 2026-12\n\n  # indented comment\nAPIa: abc#def   # the # inside stays\nAPIb:\tvalue\t\n';
    expect(keySetFromLiveKit(text)).toEqual([
      { apiKey: 'APIa', apiSecret: 'abc#def' },
      { apiKey: 'APIb', apiSecret: 'value' },
    ]);
  });

  it('keeps every character between quotes, with YAML\'s escapes in double quotes', () => {
    const keys = keySetFromLiveKit(`"APIq": 'it''s: #not a comment'\nAPIr: "tab\\there \\"q\\" \\u00e9\\x41"  # comment\n'APIs': "${SECRET}"`);
    expect(keys).toEqual([
      { apiKey: 'APIq', apiSecret: "it's: #not a comment" },
      { apiKey: 'APIr', apiSecret: 'tab\there "q" éA' },
      { apiKey: 'APIs', apiSecret: SECRET },
    ]);
  });

  it('gives keys every KeySet function takes', async () => {
    const keys = keySetFromLiveKit(`APIold: old-${SECRET}\nAPInew: ${SECRET}\n`);
    const token = await createToken(keys[1]!, { identity: 'alice', video: { roomJoin: true, room: 'demo' } });
    expect((await verifyToken(token, keys)).iss).toBe('APInew');
  });

  // yaml.v3 reports `mapping key "x" already defined at line N`; the server then fails to start.
  it('refuses a key defined twice, naming both lines', () => {
    const error = fails(`APIa: one\n# c\nAPIa: ${SECRET}`);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('line 1');
    expect(error.message).not.toContain(SECRET);
  });

  // unmarshalKeys keeps `val.(string)` only: numbers, booleans and null are dropped silently by
  // the server, so a key that "works" in the file would not exist there. We refuse them.
  it.each([
    ['a number', 'APIa: 12345'],
    ['a negative float', 'APIa: -1.5e3'],
    ['a hex number', 'APIa: 0x1F'],
    ['a number with underscores', 'APIa: 1_000'],
    ['true', 'APIa: true'],
    ['False', 'APIa: False'],
    ['null', 'APIa: null'],
    ['~', 'APIa: ~'],
    ['an empty value', 'APIa:'],
    ['only a comment', 'APIa:   # later'],
    ['.inf', 'APIa: .inf'],
    ['a numeric key', '42: secret'],
  ])('refuses a value YAML does not read as a string: %s', (_name, text) => {
    const error = fails(`APIok: fine\n${text}`);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    expect(error.message).toMatch(/^line 2: .*not a string/);
  });

  // yaml.v3 resolves these as strings: `yes`/`no`/`on` are YAML 1.1 booleans only, a hex-looking
  // secret that is not a number stays text, and timestamps stay strings in an `any` map.
  it.each(['yes', 'No', 'on', '3f9a0c', '1abc', '0x', '2026-12-06', '+', '-abc', '.hidden'])('reads %s as a string, as yaml.v3 does', (value) => {
    expect(keySetFromLiveKit(`APIa: ${value}`)).toEqual([{ apiKey: 'APIa', apiSecret: value }]);
  });

  it('reads quoted numbers and booleans as the strings they are', () => {
    expect(keySetFromLiveKit(`APIa: "12345"\nAPIb: 'true'`)).toEqual([
      { apiKey: 'APIa', apiSecret: '12345' },
      { apiKey: 'APIb', apiSecret: 'true' },
    ]);
  });

  it.each([
    ['an indented line', 'APIa: x\n  APIb: y', 2],
    ['a continuation line', 'APIa: abc\n  def', 2],
    ['no colon', 'just-a-S3CR3T', 1],
    ['no space after the colon', 'APIa:S3CR3T', 1],
    ['a nested map in a value', 'APIa: b: c', 1],
    ['a list item', '- APIa: b', 1],
    ['a flow map', '{APIa: b}', 1],
    ['an anchor', 'APIa: &x S3CR3T', 1],
    ['a tag', 'APIa: !!str 5', 1],
    ['a block scalar', 'APIa: |\n  S3CR3T', 1],
    ['an unterminated quote', 'APIa: "S3CR3T', 1],
    ['text after a closing quote', 'APIa: "sec"ret', 1],
    ['an unknown escape', 'APIa: "\\q"', 1],
    ['a surrogate escape', 'APIa: "\\ud800"', 1],
    ['a short hex escape', 'APIa: "\\x4"', 1],
    ['an empty quoted secret', "APIa: ''", 1],
    ['an empty quoted key', '"": S3CR3T', 1],
    ['a second document', 'APIa: x\n---\nAPIb: y', 2],
    ['a raw control character', 'APIa: se\u0001CR3T', 1],
    ['a lone surrogate', 'APIa: se\ud800CR3T', 1],
    ['a line separator', 'APIa: se\u2028CR3T', 1],
    ['a NEL line break', 'APIa: x\nAPIb: se\u0085CR3T', 2],
  ])('refuses %s, naming the line', (_name, text, line) => {
    const error = fails(text);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    expect(error.message).toMatch(new RegExp(`^line ${line}\\b`));
    expect(error.message).not.toMatch(/CR3T|sec\b/);
  });

  // The secrets rule: a quoted value keeps its bytes, and then one padded with whitespace (as
  // String.prototype.trim() sees it) is refused rather than trimmed or used as it is.
  it.each([
    ['a leading space', `APIa: " ${SECRET}"`],
    ['a trailing tab', `APIa: '${SECRET}\t'`],
    ['an escaped newline', `APIa: "${SECRET}\\n"`],
    ['a no-break space, plain', `APIa: ${SECRET}\u00a0`],
    ['an ideographic space in a key', `"APIa\u3000": ${SECRET}`],
  ])('refuses a key or secret padded with whitespace: %s', (_name, text) => {
    const error = fails(text);
    expect(error.message).toMatch(/^line 1: .*whitespace/);
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses text with no key, text that is not a string, and text over 64 KiB', () => {
    expect(fails('# nothing here\n\n').message).toMatch(/no API key/);
    expect(fails('').code).toBe('ERR_INVALID_OPTIONS');
    expect((thrown(() => keySetFromLiveKit(undefined as unknown as string)) as LiveKitTokenError).code).toBe('ERR_INVALID_OPTIONS');
    expect(fails('a'.repeat(65537)).message).toMatch(/over 65536/);
  });

  it('reads the largest text in linear time (no pattern backtracks)', () => {
    // 64 KiB of hostile shapes: long plain scalars with colons, quotes and digits.
    const lines = ['APIa: ' + '1'.repeat(30000) + 'x', 'APIb: ' + 'a:'.repeat(15000) + 'b', "APIc: '" + "''".repeat(2000) + "'"];
    expect(keySetFromLiveKit(lines.join('\n'))).toHaveLength(3);
    expect(fails('APId: ' + '1'.repeat(65000)).message).toMatch(/not a string/);
    expect(fails('APIe: "' + '\\'.repeat(65000)).code).toBe('ERR_INVALID_OPTIONS');
  });
});
