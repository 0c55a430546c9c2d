// `create` for scripts: server-API tokens default to 10 minutes, `--url`/`LIVEKIT_URL` in
// `--json`, and `--room-config FILE`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, parseTtl, SERVER_API_TTL } from '../../src/index.js';
import { assertBuilt, cli, scratchFolder } from './run.js';

const NOW = '2025-03-01T10:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const files = scratchFolder('livekit-token-create-');

beforeAll(assertBuilt);
afterAll(files.remove);

const lifetimeOf = (args: string[]) => {
  const r = cli(['create', '--dev', '--now', NOW, ...args]);
  expect(r.code).toBe(0);
  const { claims } = decodeToken(r.stdout.trim());
  return { seconds: claims.exp! - claims.nbf!, stderr: r.stderr };
};

describe('create: lifetimes', () => {
  it.each([
    ['--admin', ['--admin', '--room', 'demo']],
    ['--create', ['--create']],
    ['--list', ['--list']],
    ['--record', ['--record']],
    ['--egress', ['--egress']],
    ['--ingress', ['--ingress']],
    ['--create --list', ['--create', '--list']],
  ])('%s without --join: a server-API token for 10 minutes, as the presets', (_name, args) => {
    const { seconds, stderr } = lifetimeOf(args);
    expect(seconds).toBe(parseTtl(SERVER_API_TTL));
    expect(seconds).toBe(600);
    expect(stderr).toContain('(the default lifetime of a server-API token 10 min; change it with --valid-for)');
  });

  it('a server permission with --join, or a plain join token, keeps the 6 h default', () => {
    expect(lifetimeOf(['--admin', '--join', '--room', 'demo', '--identity', 'alice']).seconds).toBe(21600);
    expect(lifetimeOf(['--room', 'demo', '--identity', 'alice']).seconds).toBe(21600);
    expect(lifetimeOf(['--inference']).seconds).toBe(21600);
  });

  it('--valid-for wins over the server-API default', () => {
    const { seconds, stderr } = lifetimeOf(['--list', '--valid-for', '1h']);
    expect(seconds).toBe(3600);
    expect(stderr).toContain('(lifetime 1 h)');
  });
});

describe('create: --url and LIVEKIT_URL', () => {
  it('--url puts url into --json, LIVEKIT_URL when the flag is absent, the flag winning', () => {
    const json = (args: string[], env: Record<string, string> = {}) => JSON.parse(cli(['create', '--dev', '--list', '--json', ...args], { env }).stdout);
    expect(json(['--url', 'wss://flag.livekit.cloud']).url).toBe('wss://flag.livekit.cloud');
    expect(json([], { LIVEKIT_URL: 'wss://env.livekit.cloud' }).url).toBe('wss://env.livekit.cloud');
    expect(json(['--url', 'https://flag.example'], { LIVEKIT_URL: 'wss://env.livekit.cloud' }).url).toBe('https://flag.example');
    expect(json([]).url).toBeNull();
  });

  it('refuses a value padded with whitespace, naming where it came from and never echoing it', () => {
    for (const [args, env, source] of [
      [['--url', 'wss://padded.livekit.cloud '], {}, '--url'],
      [[], { LIVEKIT_URL: ' wss://padded.livekit.cloud' }, 'LIVEKIT_URL'],
      [[], { LIVEKIT_URL: 'wss://padded.livekit.cloud\n' }, 'LIVEKIT_URL'],
    ] as const) {
      const r = cli(['create', '--dev', '--list', '--json', ...args], { env: { ...env } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: ${source} starts or ends with whitespace (a space, tab or line break): it is used byte for byte, so remove the whitespace\n`);
    }
  });

  it('refuses what is not a ws, wss, http or https URL', () => {
    for (const url of ['ftp://x.example', 'my-project.livekit.cloud', '']) {
      const r = cli(['create', '--dev', '--list', '--json', `--url=${url}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--url must be a ws://, wss://, http:// or https:// URL');
    }
  });
});

describe('create: --room-config FILE', () => {
  it('puts the RoomConfiguration into the token, --agent dispatches after the file’s', () => {
    const path = files.file('room.json', JSON.stringify({ name: 'demo', emptyTimeout: 300, maxParticipants: 4, agents: [{ agentName: 'greeter' }] }));
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--room-config', path, '--agent', 'helper', '--job-metadata', 'm']);
    expect(r.code).toBe(0);
    expect(decodeToken(r.stdout.trim()).claims.roomConfig).toEqual({
      name: 'demo',
      emptyTimeout: 300,
      maxParticipants: 4,
      // --job-metadata belongs to the --agent dispatches; the file's stay as written.
      agents: [{ agentName: 'greeter' }, { agentName: 'helper', metadata: 'm' }],
    });
  });

  it('checks it as createToken checks roomConfig: a wrong field is a usage error naming the flag, the file and the field', () => {
    for (const [content, field] of [
      [{ emptyTimeout: '5' }, 'roomConfig.emptyTimeout must be an integer ≥ 0'],
      [{ agents: 'greeter' }, 'roomConfig.agents must be a list of objects'],
      [{ colour: 'blue' }, 'roomConfig.colour is not a known field'],
    ] as const) {
      const path = files.file('bad.json', JSON.stringify(content));
      const withAgent = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--room-config', path, '--agent', 'helper']);
      expect(withAgent.code).toBe(2);
      expect(withAgent.stderr).toMatch(/^error: --room-config "[^"]+": ERR_INVALID_OPTIONS: /);
      expect(withAgent.stderr.endsWith(`: ERR_INVALID_OPTIONS: ${field}\n`)).toBe(true);
    }
  });

  it('refuses a file that is not a JSON object, or that cannot be read', () => {
    const cases: Array<[string, string]> = [
      [files.file('list.json', '[1]'), '--room-config must hold a JSON object (a RoomConfiguration)'],
      [files.file('text.json', 'emptyTimeout=5'), 'is not valid JSON'],
      [files.file('huge.json', `{"name":"${'x'.repeat(70_000)}"}`), 'is larger than 64 KiB'],
      [`${files.dir}/missing.json`, '(ENOENT)'],
    ];
    for (const [path, message] of cases) {
      const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--room-config', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
