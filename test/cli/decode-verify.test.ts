import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/index.js';
import { algNoneToken, devKey, expiredToken, fixedClock, forgeToken, notYetValidToken, tamperedToken, wrongKeyToken } from '../../src/testing/index.js';
import { spawnSync } from 'node:child_process';
import { assertBuilt, bin, cleanEnv, cli } from './run.js';

const clock = fixedClock('2025-03-01T10:00:00Z');
const NOW = ['--now', '2025-03-01T10:00:30Z'];
let valid: string;

beforeAll(async () => {
  assertBuilt();
  valid = await createToken(devKey, { ...clock, identity: 'alice', ttl: '6h', video: { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] } });
});

describe('decode', () => {
  it('keeps separators the token itself carries in the Allows line, and drops only the expiry part', async () => {
    // The identity holds the summary's own separator and an expiry-like phrase: only the real
    // expiry at the end is cut, and a long run of them costs no backtracking.
    const identity = 'a, expires in soon' + ', x'.repeat(60);
    const token = await createToken(devKey, { ...clock, identity, ttl: '6h', video: { roomJoin: true, room: 'demo' } });
    const r = cli(['decode', token, ...NOW]);
    expect(r.code).toBe(0);
    const allows = r.stdout.split('\n').find((l) => l.startsWith('Allows'));
    expect(allows).toBe(`Allows  ${identity} may join room demo, publish, subscribe`);
  });

  it('explains a valid token: status, grants, window, header, claims with ISO dates', () => {
    const r = cli(['decode', valid, ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'Status  valid for 5 h 59 min after the given time (until 2025-03-01T16:00:00Z)',
        'Allows  alice may join room demo, publish camera+microphone, subscribe',
        'Window  2025-03-01T10:00:00Z → 2025-03-01T16:00:00Z (6 h)',
        'Issuer  API key "devkey"; signature not checked (use livekit-token verify)',
        'Header  {"alg":"HS256","typ":"JWT"}',
        'Claims',
        '{',
        '  "iss": "devkey",',
        '  "sub": "alice",',
        '  "nbf": 1740823200,  // 2025-03-01T10:00:00Z',
        '  "exp": 1740844800,  // 2025-03-01T16:00:00Z',
        '  "video": {',
        '    "roomJoin": true,',
        '    "room": "demo",',
        '    "canPublishSources": [',
        '      "camera",',
        '      "microphone"',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('explains an expired token in its first line', async () => {
    const r = cli(['decode', await expiredToken({ ...clock, ago: '3m' }), '--now', '2025-03-01T10:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Status  EXPIRED 3 min before the given time (at 2025-03-01T09:57:00Z)');
  });

  it('explains a token that is not valid yet', async () => {
    const r = cli(['decode', await notYetValidToken({ ...clock, startsIn: '2m' }), '--now', '2025-03-01T10:00:00Z']);
    expect(r.stdout.split('\n')[0]).toBe('Status  not valid until 2 min after the given time (from 2025-03-01T10:02:00Z)');
  });

  it('reads stdin, when the argument is absent or "-", ignoring whitespace and "Bearer "', () => {
    const first = cli(['decode', ...NOW]).stdout;
    expect(cli(['decode', ...NOW], { input: `  ${valid}\n` }).stdout).toBe(cli(['decode', valid, ...NOW]).stdout);
    expect(cli(['decode', '-', ...NOW], { input: `Bearer ${valid}\n` }).stdout.split('\n')[0]).toBe('Status  valid for 5 h 59 min after the given time (until 2025-03-01T16:00:00Z)');
    expect(first).toBe('');
  });

  it('--json gives the decoded parts, status and summary for machines', () => {
    const r = cli(['decode', '--json', valid, ...NOW]);
    const out = JSON.parse(r.stdout);
    expect(out.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(out.claims.sub).toBe('alice');
    expect(out.times).toEqual({ nbf: '2025-03-01T10:00:00Z', exp: '2025-03-01T16:00:00Z' });
    expect(out.status).toEqual({ state: 'valid', seconds: 21570, text: 'valid for 5 h 59 min after the given time' });
    expect(out.summary).toBe('alice may join room demo, publish camera+microphone, subscribe, expires 5 h 59 min after the given time');
    expect(out.verified).toBe(false);
  });

  it('needs no key and ignores the signature', async () => {
    const r = cli(['decode', await wrongKeyToken(clock), ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Status  valid for');
  });

  it('a token without expiry says so, and --json uses null for the endless seconds', async () => {
    const token = await forgeToken({ ...clock, claims: { exp: undefined } });
    expect(cli(['decode', token, ...NOW]).stdout.split('\n')[0]).toBe('Status  no expiry');
    expect(JSON.parse(cli(['decode', '--json', token, ...NOW]).stdout).status).toEqual({ state: 'no-expiry', seconds: null, text: 'no expiry' });
  });

  it('a malformed token: exit 1, the code and a hint on stderr', () => {
    const r = cli(['decode', 'not.a-token']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'cannot decode: ERR_TOKEN_MALFORMED: token must have three parts separated by dots\n' +
        'hint: pass the whole token: three base64url parts separated by dots, with nothing added\n',
    );
  });

  it('an empty stdin is a usage error (exit 2)', () => {
    const r = cli(['decode'], { input: '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: livekit-token decode: the token is empty\n');
  });

  it('colour only when allowed: FORCE_COLOR turns it on for a pipe, NO_COLOR always wins', async () => {
    const expired = await expiredToken({ ...clock, ago: '3m' });
    const plain = cli(['decode', expired, '--now', '2025-03-01T10:00:00Z']);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = cli(['decode', expired, '--now', '2025-03-01T10:00:00Z'], { env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[31mEXPIRED 3 min before the given time');
    const none = cli(['decode', expired, '--now', '2025-03-01T10:00:00Z'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(none.stdout).toBe(plain.stdout);
  });
});

// util-linux `script` gives the bin a real terminal, the case colour exists for.
describe.runIf(process.platform === 'linux')('on a terminal', () => {
  const onTty = (args: string[], env: Record<string, string> = {}) => {
    const command = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ');
    return spawnSync('script', ['-qec', command, '/dev/null'], { env: cleanEnv(env), encoding: 'utf8' });
  };

  it('colours the status, unless NO_COLOR is set', async () => {
    const expired = await expiredToken({ ...clock, ago: '3m' });
    const tty = onTty(['decode', expired, '--now', '2025-03-01T10:00:00Z']);
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain('\u001b[31mEXPIRED 3 min before the given time');
    const plain = onTty(['decode', expired, '--now', '2025-03-01T10:00:00Z'], { NO_COLOR: '1' });
    expect(plain.stdout).toContain('Status  EXPIRED 3 min before the given time');
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('decode with neither an argument nor a pipe says what to do instead of waiting', () => {
    const r = onTty(['decode']);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('give a TOKEN argument or pipe one on stdin');
  });
});

describe('verify', () => {
  it('a good token: exit 0 and a one-line summary', () => {
    const r = cli(['verify', '--dev', valid, ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('valid: alice may join room demo, publish camera+microphone, subscribe, expires 5 h 59 min after the given time\n');
    expect(r.stderr).toBe('');
  });

  it('a tampered token: exit 1, ERR_TOKEN_SIGNATURE and "wrong secret or key"', async () => {
    const r = cli(['verify', '--dev', await tamperedToken(clock), ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'invalid: ERR_TOKEN_SIGNATURE: token signature does not match: wrong secret, or the token was altered\n' +
        'hint: wrong secret or key: the token names API key "devkey" but was signed with a different secret, or was altered after signing\n',
    );
  });

  it('the right key name with the wrong secret is a signature failure too', async () => {
    const r = cli(['verify', '--api-key', 'devkey', '--api-secret', 'not-the-secret', valid, ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_SIGNATURE');
    expect(r.stderr).toContain('hint: wrong secret or key');
    expect(r.stderr).not.toContain('not-the-secret');
  });

  it('an expired token: the hint says when', async () => {
    const r = cli(['verify', '--dev', await expiredToken({ ...clock, ago: '3m' }), '--now', '2025-03-01T10:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'invalid: ERR_TOKEN_EXPIRED: token expired at 2025-03-01T09:57:00Z (180 s before the given time, clock tolerance 10 s)\n' +
        'hint: it expired 3 min before the given time, at 2025-03-01T09:57:00Z: mint a new token (a LiveKit server allows 60 s of clock skew; --clock-tolerance 60 does the same here)\n',
    );
  });

  it('--clock-tolerance widens the window (seconds or a duration)', async () => {
    const expired = await expiredToken({ ...clock, ago: '3m' });
    expect(cli(['verify', '--dev', expired, '--now', '2025-03-01T10:00:00Z', '--clock-tolerance', '240']).code).toBe(0);
    expect(cli(['verify', '--dev', expired, '--now', '2025-03-01T10:00:00Z', '--clock-tolerance', '4m']).code).toBe(0);
  });

  it('a token that is not valid yet: the hint says when it will be', async () => {
    const r = cli(['verify', '--dev', await notYetValidToken({ ...clock, startsIn: '2m' }), '--now', '2025-03-01T10:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_NOT_YET_VALID');
    // Judged at a given instant: no guess about the minting machine's clock.
    expect(r.stderr).toBe(
      'invalid: ERR_TOKEN_NOT_YET_VALID: token is not valid before 2025-03-01T10:02:00Z (120 s after the given time, clock tolerance 10 s)\n' +
        'hint: it becomes valid 2 min after the given time, at 2025-03-01T10:02:00Z\n',
    );
  });

  it('an unknown key: the hint names the token’s iss and the key given', async () => {
    const token = await forgeToken({ ...clock, key: { apiKey: 'APIproduction', apiSecret: 'prod-secret' } });
    const r = cli(['verify', token, ...NOW], { env: { LIVEKIT_API_KEY: 'APIstaging', LIVEKIT_API_SECRET: 'staging-secret' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_UNKNOWN_KEY');
    expect(r.stderr).toContain('hint: the token was issued by API key "APIproduction" (iss), but the key given is "APIstaging"');
    expect(r.stderr).not.toContain('staging-secret');
  });

  it.each([
    ['alg none', () => algNoneToken(clock), 'ERR_TOKEN_ALGORITHM', 'HS256 only'],
    ['a malformed token', async () => 'abc.def', 'ERR_TOKEN_MALFORMED', 'three base64url parts'],
    ['a token without exp', () => forgeToken({ ...clock, claims: { exp: undefined } }), 'ERR_TOKEN_CLAIMS', 'a claim is missing'],
  ])('%s → %s with a hint', async (_name, make, code, hint) => {
    const r = cli(['verify', '--dev', await make(), ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`invalid: ${code}: `);
    expect(r.stderr).toContain(hint);
  });

  it('--room and --identity must match', () => {
    expect(cli(['verify', '--dev', '--room', 'demo', '--identity', 'alice', valid, ...NOW]).code).toBe(0);
    const r = cli(['verify', '--dev', '--room', 'other', valid, ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_CLAIMS: token is not for the expected room');
    expect(cli(['verify', '--dev', '--identity', 'bob', valid, ...NOW]).code).toBe(1);
  });

  it('--max-ttl refuses long-lived tokens', () => {
    const r = cli(['verify', '--dev', '--max-ttl', '1h', valid, ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_CLAIMS: token lifetime 21600 s exceeds maxTtl 3600 s');
  });

  it('--json for machines, valid or not; stdin works too', async () => {
    const ok = cli(['verify', '--dev', '--json', ...NOW], { input: valid });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, claims: { sub: 'alice' } });
    const bad = cli(['verify', '--dev', '--json', await tamperedToken(clock), ...NOW]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, code: 'ERR_TOKEN_SIGNATURE', hint: expect.stringContaining('wrong secret or key') });
  });

  it('without keys it is a usage error naming the three options', () => {
    const r = cli(['verify', valid]);
    expect(r.code).toBe(2);
    // The secret file is named first: --api-secret shows in the process list.
    expect(r.stderr).toBe('error: no API key: pass --api-key with --api-secret-file (or --api-secret), set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev for LiveKit’s dev keys (devkey / secret)\n');
  });

  it('a bad --clock-tolerance is a usage error that names the flag', () => {
    const r = cli(['verify', '--dev', '--clock-tolerance', 'lots', valid]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --clock-tolerance: not a duration/);
    expect(r.stderr).not.toMatch(/\bttl must/);
  });
});
