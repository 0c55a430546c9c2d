// The API secret can stay off the command line: `--api-secret-file PATH`, or `-` for stdin.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, verifyToken } from '../../src/index.js';
import { assertBuilt, cli, scratchFolder } from './run.js';

const SECRET = 'file-secret-never-printed-0123456789';
const { dir, file, remove } = scratchFolder('lkt-secret-');

beforeAll(assertBuilt);
afterAll(remove);

/** Mints with `args` and returns the claims verified with SECRET (throws if the secret was not SECRET). */
async function mintedWith(args: string[], input?: string) {
  const r = cli(['create', '--api-key', 'APIfile', '--list', '--token-only', ...args], input === undefined ? {} : { input });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return verifyToken(r.stdout.trim(), { APIfile: SECRET });
}

describe('--api-secret-file', () => {
  it('reads the secret from a file; one trailing newline (LF or CRLF) is dropped', async () => {
    expect((await mintedWith(['--api-secret-file', file('plain', SECRET)])).iss).toBe('APIfile');
    expect((await mintedWith(['--api-secret-file', file('lf', `${SECRET}\n`)])).iss).toBe('APIfile');
    expect((await mintedWith(['--api-secret-file', file('crlf', `${SECRET}\r\n`)])).iss).toBe('APIfile');
  });

  it('only one newline is dropped: a secret still ending in whitespace is refused, not used or trimmed', () => {
    for (const [name, text] of [['two', `${SECRET}\n\n`], ['space', `${SECRET} \n`], ['lead', ` ${SECRET}`], ['crcr', `${SECRET}\r\r\n`]]) {
      const r = cli(['create', '--api-key', 'APIfile', '--list', '--token-only', '--api-secret-file', file(name!, text!)]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^error: --api-secret-file: ".*${name}" starts or ends with whitespace`));
      expect(r.stderr).not.toContain(SECRET);
    }
    const stdin = cli(['create', '--api-key', 'APIfile', '--list', '--api-secret-file', '-'], { input: `${SECRET}\n\n` });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/^error: --api-secret-file: stdin starts or ends with whitespace/);
  });

  it('"-" reads the secret from stdin', async () => {
    expect((await mintedWith(['--api-secret-file', '-'], `${SECRET}\n`)).iss).toBe('APIfile');
  });

  it('verify takes the secret from stdin and the token as its argument', async () => {
    const token = await createToken({ apiKey: 'APIfile', apiSecret: SECRET }, { identity: 'a', video: { roomJoin: true, room: 'demo' } });
    const r = cli(['verify', '--api-key', 'APIfile', '--api-secret-file', '-', token], { input: `${SECRET}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: a may join room demo/);
    // With the secret on stdin, stdin cannot carry the token as well.
    const both = cli(['verify', '--api-key', 'APIfile', '--api-secret-file', '-'], { input: `${SECRET}\n` });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('stdin carries the secret (--api-secret-file -), so give the token as an argument');
  });

  it.each([
    ['a missing file', ['--api-secret-file', join(dir, 'nope')], /^error: --api-secret-file: cannot read ".*nope" \(ENOENT\)\n$/],
    ['an empty file', ['--api-secret-file', file('empty', '\n')], /^error: --api-secret-file: ".*empty" holds no secret\n$/],
    ['a directory', ['--api-secret-file', dir], /^error: --api-secret-file: cannot read ".*" \(EISDIR\)\n$/],
    ['both --api-secret and --api-secret-file', ['--api-secret', SECRET, '--api-secret-file', file('x', SECRET)], /use either --api-secret or --api-secret-file, not both/],
  ])('%s is a usage error that never shows a secret', (_name, args, message) => {
    const r = cli(['create', '--api-key', 'APIfile', '--list', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a file larger than 64 KiB is refused, not read whole', () => {
    const r = cli(['create', '--api-key', 'APIfile', '--list', '--api-secret-file', file('big', 'x'.repeat(70_000))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--api-secret-file: ".*big" is larger than 64 KiB/);
  });

  it('--dev with a secret file is refused', () => {
    const r = cli(['create', '--dev', '--list', '--api-secret-file', file('d', SECRET)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use either --dev or --api-key/--api-secret(-file)/--keys-file, not both');
  });
});

describe('--help on secrets', () => {
  it.each(['create', 'verify', 'serve'])('%s --help says --api-secret is visible in the process list and offers the file', (command) => {
    const help = cli([command, '--help']).stdout;
    expect(help).toContain('--api-secret-file PATH');
    expect(help).toMatch(/--api-secret SECRET\s+the secret on the command line: VISIBLE to every user\s+of this machine in the process list \(ps\)/);
    expect(help).toContain('"-" reads stdin');
  });
});
