// The CLI for scripts and health checks: `verify --valid-for-at-least`, `--now` offsets, words
// said of a given instant, "did you mean" for flags and commands, mismatches that name what the
// token holds.
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/index.js';
import { devKey, fixedClock, forgeToken } from '../../src/testing/index.js';
import { assertBuilt, cli } from './run.js';

// Minted at 10:00:00 for one hour: exp is 11:00:00.
const clock = fixedClock('2025-03-01T10:00:00Z');
let hour: string;

beforeAll(async () => {
  assertBuilt();
  hour = await createToken(devKey, { ...clock, identity: 'alice', ttl: '1h', video: { roomJoin: true, room: 'demo' } });
});

const verifyAt = (now: string, ...args: string[]) => cli(['verify', '--dev', hour, `--now=${now}`, ...args]);

describe('verify --valid-for-at-least', () => {
  it('passes when exp is exactly now + DURATION, fails one second later (exp < now + DURATION)', () => {
    expect(verifyAt('2025-03-01T10:00:00Z', '--valid-for-at-least', '1h').code).toBe(0);
    const r = verifyAt('2025-03-01T10:00:01Z', '--valid-for-at-least', '1h');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'invalid: ERR_TOKEN_EXPIRES_SOON: token expires 59 min 59 s after the given time, at 2025-03-01T11:00:00Z: less than the 1 h that --valid-for-at-least asks for\n' +
        'hint: mint a new token before this one runs out, or ask for less time\n',
    );
    expect(r.stdout).toBe('');
  });

  it('does not apply the clock tolerance: a token accepted only within it still fails', () => {
    // 2 min after exp, a 5 min tolerance accepts the token; its real expiry is what a health check asks about.
    expect(verifyAt('2025-03-01T11:02:00Z', '--clock-tolerance', '5m').code).toBe(0);
    const r = verifyAt('2025-03-01T11:02:00Z', '--clock-tolerance', '5m', '--valid-for-at-least', '1m');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_TOKEN_EXPIRES_SOON: token expired 2 min before the given time (accepted only within the clock tolerance)');
  });

  it('comes after every other check: an expired token stays ERR_TOKEN_EXPIRED, a wrong room or secret keeps its code', async () => {
    expect(verifyAt('2025-03-01T12:00:00Z', '--valid-for-at-least', '1h').stderr).toMatch(/^invalid: ERR_TOKEN_EXPIRED: /);
    expect(verifyAt('2025-03-01T10:30:00Z', '--valid-for-at-least', '1h', '--room', 'other').stderr).toMatch(/^invalid: ERR_TOKEN_CLAIMS: /);
    const r = cli(['verify', '--api-key', 'devkey', '--api-secret', 'another-secret', hour, '--now=2025-03-01T10:30:00Z', '--valid-for-at-least', '1h']);
    expect(r.stderr).toMatch(/^invalid: ERR_TOKEN_SIGNATURE: /);
  });

  it('--json: the failure as JSON on stdout, nothing on stderr', () => {
    const r = verifyAt('2025-03-01T10:30:00Z', '--valid-for-at-least', '1h', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      valid: false,
      code: 'ERR_TOKEN_EXPIRES_SOON',
      message: 'token expires 30 min after the given time, at 2025-03-01T11:00:00Z: less than the 1 h that --valid-for-at-least asks for',
      hint: 'mint a new token before this one runs out, or ask for less time',
    });
  });

  it('on the real clock: exit 0 with time to spare, 1 without, and "expires in"', async () => {
    const twoHours = await createToken(devKey, { identity: 'alice', ttl: '2h', video: { roomJoin: true, room: 'demo' } });
    expect(cli(['verify', '--dev', '--valid-for-at-least', '1h', twoHours]).code).toBe(0);
    const r = cli(['verify', '--dev', '--valid-for-at-least', '3h', twoHours]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^invalid: ERR_TOKEN_EXPIRES_SOON: token expires in 1 h \d+ min/);
    expect(r.stderr).not.toContain('given time');
  });

  it('takes a duration in the TTL grammar and names the flag when it is not one', () => {
    expect(verifyAt('2025-03-01T10:00:00Z', '--valid-for-at-least', 'PT30M').code).toBe(0);
    const r = verifyAt('2025-03-01T10:00:00Z', '--valid-for-at-least', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--valid-for-at-least: '5' is 5 seconds — did you mean '5h'?");
    expect(verifyAt('2025-03-01T10:00:00Z', '--valid-for-at-least', 'soon').stderr).toContain('--valid-for-at-least: not a duration');
  });
});

describe('--now', () => {
  it('takes a signed offset from the clock: +1h, and -30m as one argument or two', async () => {
    const twoHours = await createToken(devKey, { identity: 'alice', ttl: '2h', video: { roomJoin: true, room: 'demo' } });
    const later = cli(['verify', '--dev', twoHours, '--now', '+1h']);
    expect(later.code).toBe(0);
    expect(later.stdout).toMatch(/^valid: alice may join room demo, publish, subscribe, expires (59 min \d+ s|1 h) after the given time\n$/);
    // Node's parseArgs alone would call `--now -30m` ambiguous; the CLI reads it as the value.
    for (const args of [['--now', '-30m'], ['--now=-30m']]) {
      const r = cli(['verify', '--dev', twoHours, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^invalid: ERR_TOKEN_NOT_YET_VALID: token is not valid before \S+ \(\d+ s after the given time, clock tolerance 10 s\)\n/);
      expect(r.stderr).toMatch(/\nhint: it becomes valid (29 min \d+ s|30 min) after the given time, at \S+\n$/);
    }
  });

  it('refuses an offset that is not a duration, naming --now', () => {
    for (const bad of ['+soon', '-', '+1x']) {
      const r = verifyAt(bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--now: not a duration');
    }
  });

  it('without --now, the words are about the real clock: "ago" and the minting machine’s clock', async () => {
    // Minted with its clock an hour ahead (create takes the same offsets).
    const ahead = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--now', '+1h', '--token-only']).stdout.trim();
    const early = cli(['verify', '--dev', ahead]);
    expect(early.stderr).toMatch(/\nhint: it becomes valid in (59 min \d+ s|1 h), at \S+: is the clock of the machine that minted it ahead\?\n$/);
    const old = await createToken(devKey, { now: Date.now() - 3 * 3600_000, identity: 'alice', ttl: '1h', video: { roomJoin: true, room: 'demo' } });
    const expired = cli(['verify', '--dev', old]);
    expect(expired.stderr).toMatch(/^invalid: ERR_TOKEN_EXPIRED: token expired at \S+ \(\d+ s ago, clock tolerance 10 s\)\nhint: it expired 2 h( \d+ s)? ago, /);
  });

  it('decode speaks of the given time too', () => {
    const r = cli(['decode', hour, '--now=2025-03-01T11:03:00Z']);
    expect(r.stdout.split('\n')[0]).toBe('Status  EXPIRED 3 min before the given time (at 2025-03-01T11:00:00Z)');
  });
});

describe('did you mean', () => {
  it('suggests the flag a typo resembles (a swap of two letters is one edit)', () => {
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'a', '--vaild-for', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: livekit-token create: unknown option '--vaild-for'; did you mean --valid-for? (see livekit-token create --help)\n");
    expect(cli(['verify', '--dev', hour, '--rom', 'demo']).stderr).toContain('did you mean --room?');
    expect(cli(['verify', '--dev', hour, '--identiy=alice']).stderr).toContain('did you mean --identity?');
  });

  it('suggests a flag that the typed one begins: verify --valid-for means --valid-for-at-least', () => {
    expect(cli(['verify', '--dev', hour, '--valid-for', '1h']).stderr).toContain('did you mean --valid-for-at-least?');
  });

  it('suggests nothing for a flag unlike any, or for a huge one', () => {
    const far = cli(['verify', '--dev', hour, '--zebra']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
    const huge = cli(['verify', '--dev', hour, `--${'room'.repeat(25_000)}`]);
    expect(huge.code).toBe(2);
    // Named in 40 characters, not echoed whole.
    expect(huge.stderr).toBe(`error: livekit-token verify: unknown option '--${'room'.repeat(10)}…' (see livekit-token verify --help)\n`);
  });

  it('suggests the command a typo resembles', () => {
    const r = cli(['verfy', hour]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "verfy" (did you mean verify?)');
  });
});

describe('a room or identity mismatch names what the token holds', () => {
  it('names the token’s room and identity and the expected ones', () => {
    const room = verifyAt('2025-03-01T10:30:00Z', '--room', 'other');
    expect(room.code).toBe(1);
    expect(room.stderr).toBe('invalid: ERR_TOKEN_CLAIMS: token is not for the expected room\nhint: the token is for room "demo", not "other"\n');
    const identity = verifyAt('2025-03-01T10:30:00Z', '--identity', 'bob', '--json');
    expect(JSON.parse(identity.stdout)).toMatchObject({ code: 'ERR_TOKEN_CLAIMS', hint: 'the token is for identity "alice", not "bob"' });
  });

  it('says when the token names no room at all', async () => {
    const roomless = await forgeToken({ ...clock, claims: { video: { roomList: true } } });
    const r = cli(['verify', '--dev', roomless, '--now=2025-03-01T10:01:00Z', '--room', 'demo']);
    expect(r.stderr).toContain('hint: the token names no room, and "demo" was expected\n');
  });

  it('shows what the token holds escaped: no control or bidi character reaches the terminal', async () => {
    const hostile = await forgeToken({ ...clock, claims: { video: { roomJoin: true, room: '\u001b[2Jevil\u202eroom' } } });
    const r = cli(['verify', '--dev', hostile, '--now=2025-03-01T10:01:00Z', '--room', 'demo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hint: the token is for room "\\u001b[2Jevil\\u202eroom", not "demo"');
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
  });
});
