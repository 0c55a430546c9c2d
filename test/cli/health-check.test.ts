// The health-check recipe of docs/troubleshooting.md, run exactly as written: the shell command,
// and the cron line as cron runs it (`\%` becomes `%`, then `/bin/sh -c`), with a real token
// from the built CLI, the real `livekit-token` on PATH and a stand-in `logger` that records alarms.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bin, cleanEnv, cli, root, scratchFolder } from './run.js';

const page = readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8');
const section = page.slice(page.indexOf('## 6. A health check'));

/** The one line of a fenced block of `lang` in the section that contains `marker`. */
function documented(lang: string, marker: string): string {
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  const lines = blocks.flatMap((b) => b.split('\n')).filter((l) => l.includes(marker));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/**
 * What cron hands to the shell for a crontab entry: the command after the five time fields,
 * with `\%` made `%`. An unescaped `%` would end the command (the rest becomes stdin), so the
 * recipe must have none.
 */
function cronCommand(entry: string): string {
  const command = entry.trim().split(/\s+/).slice(5).join(' ');
  expect(command.replace(/\\%/g, '')).not.toContain('%');
  return command.replace(/\\%/g, '%');
}

const home = scratchFolder('livekit-token-health-');
const binDir = join(home.dir, 'bin');
const alarms = join(home.dir, 'alarms');
const argvLog = join(home.dir, 'argv');

beforeAll(() => {
  assertBuilt();
  mkdirSync(binDir);
  mkdirSync(join(home.dir, '.config', 'livekit'), { recursive: true });
  // The installed bin, as npm links it; it also records its arguments, to show the token is not among them.
  home.file('bin/livekit-token', `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec '${process.execPath}' '${bin}' "$@"\n`);
  home.file('bin/logger', `#!/bin/sh\nprintf '%s\\n' "$*" >> '${alarms}'\n`);
  chmodSync(join(binDir, 'livekit-token'), 0o755);
  chmodSync(join(binDir, 'logger'), 0o755);
});
afterAll(home.remove);

const KEY = ['--api-key', 'APIhealth', '--api-secret', 'health-secret-for-tests'];
const mint = (validFor: string, key = KEY) => cli(['create', ...key, '--list', '--valid-for', validFor, '--token-only']).stdout.trim();

/** Runs `command` with /bin/sh as cron would: HOME set, PATH with the bin folder first. */
function run(command: string, env: Record<string, string>) {
  const r = spawnSync('/bin/sh', ['-c', command], {
    env: cleanEnv({ HOME: home.dir, PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, ...env }),
    encoding: 'utf8',
    timeout: 20_000,
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const result = { code: r.status, stderr: r.stderr, alarm: read(alarms), argv: read(argvLog) };
  home.file('alarms', '');
  home.file('argv', '');
  return result;
}

describe('docs/troubleshooting.md: the health check', () => {
  it('the shell command: exit 0 with an hour to spare, 1 with ERR_TOKEN_EXPIRES_SOON without', () => {
    const command = documented('sh', 'livekit-token verify');
    expect(command).toBe(`printf '%s\\n' "$TOKEN" | livekit-token verify --valid-for-at-least 1h`);
    const env = { LIVEKIT_API_KEY: 'APIhealth', LIVEKIT_API_SECRET: 'health-secret-for-tests' };
    expect(run(command, { ...env, TOKEN: mint('2h') })).toMatchObject({ code: 0, argv: 'verify --valid-for-at-least 1h\n' });
    const soon = run(command, { ...env, TOKEN: mint('30m') });
    expect(soon.code).toBe(1);
    expect(soon.stderr).toMatch(/^invalid: ERR_TOKEN_EXPIRES_SOON: token expires in (29 min \d+ s|30 min), at \S+: less than the 1 h that --valid-for-at-least asks for\n/);
  });

  it('the cron line: no alarm while the token has an hour left; an alarm when it has less, or is not ours', () => {
    const command = cronCommand(documented('text', 'livekit-token verify'));
    const envFile = (token: string) =>
      home.file('.config/livekit/token.env', `export TOKEN='${token}'\nexport LIVEKIT_API_KEY=APIhealth\nexport LIVEKIT_API_SECRET=health-secret-for-tests\n`);

    const fresh = mint('2h');
    envFile(fresh);
    const ok = run(command, {});
    // The token reached the CLI on stdin: none of its arguments holds it.
    expect(ok).toMatchObject({ code: 0, alarm: '', argv: 'verify --valid-for-at-least 1h\n' });
    expect(ok.argv).not.toContain(fresh.slice(0, 20));

    envFile(mint('30m'));
    const soon = run(command, {});
    expect(soon.code).toBe(0); // logger ran: the alarm is the outcome
    expect(soon.alarm).toBe('-t livekit-token the LiveKit token is invalid or expires within the hour\n');
    expect(soon.stderr).toContain('ERR_TOKEN_EXPIRES_SOON');

    envFile(mint('2h', ['--api-key', 'APIhealth', '--api-secret', 'some-other-secret']));
    const foreign = run(command, {});
    expect(foreign.alarm).not.toBe('');
    expect(foreign.stderr).toContain('ERR_TOKEN_SIGNATURE');
  });
});
