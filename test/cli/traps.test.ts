// Mistakes the CLI catches instead of quietly doing the wrong thing: a bare number of seconds in
// a duration flag, a token pasted with its quotes, a busy port; and `verify --json` that prints
// JSON only. Also: the ws URL from LIVEKIT_URL when LIVEKIT_WS_URL is unset.
import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken, decodeToken } from '../../src/index.js';
import { devKey, fixedClock, tamperedToken } from '../../src/testing/index.js';
import { assertBuilt, cli, start, listeningUrl } from './run.js';

const clock = fixedClock('2025-03-01T10:00:00Z');
const NOW = ['--now', '2025-03-01T10:00:30Z'];
let valid: string;

beforeAll(async () => {
  assertBuilt();
  valid = await createToken(devKey, { ...clock, identity: 'alice', ttl: '6h', video: { roomJoin: true, room: 'demo' } });
});

const lifetime = (stdout: string) => {
  const { claims } = decodeToken(stdout.trim());
  return claims.exp! - claims.nbf!;
};

describe('duration flags', () => {
  it.each([
    ['create', '--valid-for', '24', "--valid-for: '24' is 24 seconds — did you mean '24h'? Write '24s' to mean seconds"],
    ['create', '--valid-for', '1.5', "--valid-for: '1.5' is 1.5 seconds — did you mean '1.5h'?"],
    ['verify', '--max-ttl', '12', "--max-ttl: '12' is 12 seconds — did you mean '12h'?"],
    ['verify', '--clock-tolerance', '10', "--clock-tolerance: '10' is 10 seconds — did you mean '10m'? Write '10s' to mean seconds"],
  ])('%s %s %s: a bare number below 60 is refused with a hint', (command, flag, value, message) => {
    const args = command === 'create' ? ['--room', 'demo', '--identity', 'a'] : [valid];
    const r = cli([command, '--dev', flag, value, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`error: ${message}`)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with a unit it means what it says: 24s, 24h; a bare number from 60 is seconds', () => {
    const base = ['create', '--dev', '--room', 'demo', '--identity', 'a', '--token-only', '--valid-for'];
    expect(lifetime(cli([...base, '24s']).stdout)).toBe(24);
    expect(lifetime(cli([...base, '24h']).stdout)).toBe(86400);
    expect(lifetime(cli([...base, '90']).stdout)).toBe(90);
    expect(lifetime(cli([...base, '1h30m']).stdout)).toBe(5400);
    expect(cli(['verify', '--dev', '--clock-tolerance', '10s', valid, ...NOW]).code).toBe(0);
    expect(cli(['verify', '--dev', '--clock-tolerance', '0', valid, ...NOW]).code).toBe(0);
  });

  it.each([
    ['create', '--valid-for', '1 fortnight'],
    ['verify', '--clock-tolerance', '1y'],
    ['verify', '--max-ttl', '-5m'],
  ])('%s %s %j: the error names the flag, not "ttl"', (command, flag, value) => {
    const args = command === 'create' ? ['--room', 'demo', '--identity', 'a'] : [valid];
    const r = cli([command, '--dev', `${flag}=${value}`, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${flag}: not a duration; write one such as 90s, 10m, 1h30m, 2d or PT1H30M`));
    expect(r.stderr).not.toMatch(/\bttl must/);
  });

  it('a value the grammar reads but the rules refuse: the flag and the rule that failed', () => {
    const zero = cli(['create', '--dev', '--room', 'demo', '--identity', 'a', '--valid-for', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^error: --valid-for: below one second/);
    const huge = cli(['create', '--dev', '--room', 'demo', '--identity', 'a', '--valid-for', '99999999999d']);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/^error: --valid-for: too large/);
  });

  it('a huge value is refused by length, without echoing it', () => {
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'a', '--valid-for', `P${'1'.repeat(5000)}W`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --valid-for: a duration is at most 64 characters\n');
  });
});

describe('verify --json prints JSON only', () => {
  it('valid, invalid, expired: JSON on stdout, nothing on stderr', async () => {
    const ok = cli(['verify', '--dev', '--json', valid, ...NOW]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(JSON.parse(ok.stdout).valid).toBe(true);
    const bad = cli(['verify', '--dev', '--json', await tamperedToken(clock), ...NOW]);
    expect([bad.code, bad.stderr]).toEqual([1, '']);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, code: 'ERR_TOKEN_SIGNATURE' });
    const late = cli(['verify', '--dev', '--json', valid, '--now', '2025-03-02T00:00:00Z']);
    expect([late.code, late.stderr]).toEqual([1, '']);
    expect(JSON.parse(late.stdout)).toMatchObject({ valid: false, code: 'ERR_TOKEN_EXPIRED' });
  });
});

describe('a token pasted with its quotes', () => {
  it.each([`"TOKEN"`, `'TOKEN'`, `“TOKEN”`, `"TOKEN`])('decode %s says to remove the quotes', (pasted) => {
    const r = cli(['decode', pasted.replace('TOKEN', valid)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cannot decode: ERR_TOKEN_MALFORMED: .*\nhint: remove the quotes: the token is the text between them/);
  });

  it('verify, from stdin too, and in --json', () => {
    const human = cli(['verify', '--dev', ...NOW], { input: `"${valid}"\n` });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('hint: remove the quotes');
    const asJson = cli(['verify', '--dev', '--json', `'${valid}'`, ...NOW]);
    expect([asJson.code, asJson.stderr]).toEqual([1, '']);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ valid: false, code: 'ERR_TOKEN_MALFORMED', hint: expect.stringMatching(/^remove the quotes/) });
  });
});

describe('serve', () => {
  it('on a busy port: one clear line naming EADDRINUSE and the port, exit 1, no stack', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = start(['serve', '--dev', '--allow-anonymous', '--port', String(port)]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`error: port ${port} is already in use on 127.0.0.1 (EADDRINUSE): stop the other server or pick another port with --port (or PORT)\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  /** Starts serve with `env`, mints one token and returns the wsUrl the service answers. */
  async function wsUrlWith(env: Record<string, string>) {
    const child = start(['serve', '--allow-anonymous', '--port', '0'], { LIVEKIT_API_KEY: 'APIk', LIVEKIT_API_SECRET: 's'.repeat(32), ...env });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const url = await listeningUrl(child);
      const res = await fetch(`${url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"demo","identity":"a"}' });
      return ((await res.json()) as { wsUrl: string }).wsUrl;
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }

  it('takes the LiveKit URL from LIVEKIT_URL when LIVEKIT_WS_URL is unset; LIVEKIT_WS_URL wins', async () => {
    expect(await wsUrlWith({ LIVEKIT_URL: 'wss://from-url.livekit.cloud' })).toBe('wss://from-url.livekit.cloud');
    expect(await wsUrlWith({ LIVEKIT_URL: 'wss://from-url.livekit.cloud', LIVEKIT_WS_URL: 'wss://from-ws-url.livekit.cloud' })).toBe('wss://from-ws-url.livekit.cloud');
  });
});
