// Everything the CLI prints for a person escapes the characters a token or a request can carry
// to drive a terminal (C0, DEL, C1, U+2028/2029, bidi controls); `--json` stays exact JSON.
import { beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN_CHARACTER } from '../../src/lib/text.js';
import { escapeText, json, line, paint, type Out } from '../../src/cli/io.js';
import { devKey, fixedClock, forgeToken } from '../../src/testing/index.js';
import { assertBuilt, cli, start, listeningUrl } from './run.js';

const clock = fixedClock('2025-03-01T10:00:00Z');
const NOW = ['--now', '2025-03-01T10:00:30Z'];
// Clear screen, an OSC window title, a C1 CSI, DEL, a line separator, a bidi override.
const HOSTILE = 'a\u001b[2J\u001b]0;pwned\u0007b\u009b31m\u007f\u2028\u202ecba\u2066';
const FORBIDDEN_ANYWHERE = new RegExp(FORBIDDEN_CHARACTER.source, 'g');

/** Every raw forbidden character in the output except the newlines that end lines. */
const raw = (text: string) => (text.replace(/\n/g, '').match(FORBIDDEN_ANYWHERE) ?? []).map((c) => c.charCodeAt(0).toString(16));

const claims = { sub: HOSTILE, name: HOSTILE, metadata: HOSTILE, attributes: { [HOSTILE]: HOSTILE }, video: { roomJoin: true, room: HOSTILE } };
let hostile: string;

beforeAll(async () => {
  assertBuilt();
  hostile = await forgeToken({ ...clock, claims });
});

describe('escapeText, line and json', () => {
  const sink = (color = false) => {
    const out: Out & { text: string } = { text: '', color, write: (t) => void (out.text += t) };
    return out;
  };

  it('shows each such character as \\uXXXX and leaves other text alone', () => {
    expect(escapeText(HOSTILE)).toBe('a\\u001b[2J\\u001b]0;pwned\\u0007b\\u009b31m\\u007f\\u2028\\u202ecba\\u2066');
    expect(escapeText('Zoë 日本 🎉 "quoted" \\ back')).toBe('Zoë 日本 🎉 "quoted" \\ back');
  });

  it('line escapes every part, the painted ones too; only paint adds escape codes', () => {
    const out = sink(true);
    line(out, paint('red', `x${HOSTILE}`), ` and ${HOSTILE}\nnext`);
    expect(out.text.startsWith('\u001b[31mx')).toBe(true);
    expect(out.text.match(/\u001b/g)).toHaveLength(2); // the colour and its reset, nothing else
    expect(out.text).toContain('\\u000anext');
  });

  it('json is exact JSON: it parses back to the same value, with nothing raw in it', () => {
    const out = sink();
    json(out, claims);
    expect(raw(out.text)).toEqual([]);
    expect(JSON.parse(out.text)).toEqual(claims);
  });
});

describe('the built CLI', () => {
  it('decode: the human view shows the token’s control characters escaped', () => {
    const r = cli(['decode', hostile, ...NOW]);
    expect(r.code).toBe(0);
    expect(raw(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('\\u001b[2J');
    expect(r.stdout).toContain('\\u202e');
    expect(r.stdout).toContain('\\u009b');
  });

  it('decode --json: exact JSON, the same claims, nothing raw', () => {
    const r = cli(['decode', '--json', hostile, ...NOW]);
    expect(r.code).toBe(0);
    expect(raw(r.stdout)).toEqual([]);
    expect(JSON.parse(r.stdout).claims).toMatchObject(claims);
  });

  it('verify: the summary is escaped; --json is exact', async () => {
    const signed = await forgeToken({ ...clock, key: devKey, claims });
    const human = cli(['verify', '--dev', signed, ...NOW]);
    expect(human.code).toBe(0);
    expect(raw(human.stdout + human.stderr)).toEqual([]);
    expect(human.stdout).toContain('\\u001b]0;pwned');
    const asJson = cli(['verify', '--dev', '--json', signed, ...NOW]);
    expect(raw(asJson.stdout)).toEqual([]);
    expect(JSON.parse(asJson.stdout).claims).toMatchObject(claims);
  });

  it('verify: a hint that quotes the token’s iss is escaped', async () => {
    const token = await forgeToken({ ...clock, key: { apiKey: `API${HOSTILE}`, apiSecret: 'x' } });
    const r = cli(['verify', '--dev', token, ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_UNKNOWN_KEY');
    expect(raw(r.stderr)).toEqual([]);
  });

  it('create: errors and the summary are escaped, --json is exact', () => {
    const badField = cli(['create', '--dev', '--grant', JSON.stringify({ [`x${HOSTILE}`]: true })]);
    expect(badField.code).toBe(2);
    expect(raw(badField.stderr)).toEqual([]);
    const r = cli(['create', '--dev', '--list', '--metadata', HOSTILE, '--attribute', `k=${HOSTILE}`, '--json']);
    expect(r.code).toBe(0);
    expect(raw(r.stdout + r.stderr)).toEqual([]);
    expect(JSON.parse(r.stdout).claims).toMatchObject({ metadata: HOSTILE, attributes: { k: HOSTILE } });
    // Whatever the core decides about such a room name, nothing raw reaches the terminal.
    const room = cli(['create', '--dev', '--room', HOSTILE, '--identity', HOSTILE]);
    expect(raw(room.stdout + room.stderr)).toEqual([]);
  });

  it('serve: the request log escapes identities and rooms from requests and their tokens', async () => {
    const signed = await forgeToken({ key: devKey, claims });
    const child = start(['serve', '--dev', '--allow-anonymous', '--port', '0']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const url = await listeningUrl(child);
      const requests: Array<[string, unknown]> = [
        ['/token', { room: HOSTILE, identity: 'alice' }],
        ['/token', { room: 'demo', identity: HOSTILE }],
        // /token/verify logs the identity and room the token names.
        ['/token/verify', { token: signed }],
      ];
      for (const [path, body] of requests) {
        const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
      }
      // One log line per request arrives on stderr.
      await expect.poll(() => stderr.match(/POST \/token/g)?.length ?? 0).toBe(3);
      expect(stderr).toMatch(/POST \/token\/verify 200 verified identity="a\\u001b\[2J/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(raw(stderr)).toEqual([]);
  });
});
