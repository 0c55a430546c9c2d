import { beforeAll, describe, expect, it } from 'vitest';
import { agentGrant, decodeToken, participantGrant, recorderGrant, roomAdminGrant, sipCallerToken, verifyToken, viewerGrant } from '../../src/index.js';
import { assertBuilt, cli } from './run.js';

const NOW = '2025-03-01T10:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const SECRET = 'sekrit-do-not-print-0123456789abcdef';
const KEYS = { LIVEKIT_API_KEY: 'APIenv', LIVEKIT_API_SECRET: SECRET };
const TOKEN = /^eyJ[\w-]+\.[\w-]+\.[\w-]{43}\n$/;

beforeAll(assertBuilt);

/** Runs create at a fixed clock and returns its verified claims. */
async function mint(args: string[], env: Record<string, string> = {}) {
  const r = cli(['create', '--now', NOW, ...args], { env });
  expect(r.stderr).not.toContain('error');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(TOKEN);
  return verifyToken(r.stdout.trim(), { devkey: 'secret', APIenv: SECRET, APIflag: 'flag-secret' }, { now: Date.parse(NOW) });
}

describe('create', () => {
  it('--dev --room --identity: a join token for 6 h, the token alone on stdout, notes on stderr', async () => {
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(TOKEN);
    const claims = await verifyToken(r.stdout.trim(), { devkey: 'secret' }, { now: Date.parse(NOW) });
    expect(claims).toEqual({ iss: 'devkey', sub: 'alice', nbf: NOW_S, exp: NOW_S + 21600, video: { roomJoin: true, room: 'demo' } });
    expect(r.stderr).toBe(
      'alice may join room demo, publish, subscribe, expires in 6 h\n' +
        'expires 2025-03-01T16:00:00Z (the default lifetime 6 h; change it with --valid-for)\n',
    );
  });

  it('every grant and participant flag lands in the claims', async () => {
    const claims = await mint([
      '--dev', '--room', 'demo', '--identity', 'alice', '--name', 'Alice', '--join', '--admin', '--create', '--list', '--record',
      '--ingress', '--allow-source', 'camera,microphone', '--allow-source', 'screen_share', '--allow-update-metadata',
      '--metadata', '{"team":"blue"}', '--attribute', 'tier=gold', '--attribute', 'expr=a=b', '--valid-for', '10m',
      '--grant', '{"hidden":true,"canSubscribe":false}', '--agent', 'helper', '--kind', 'standard',
    ]);
    expect(claims).toEqual({
      iss: 'devkey', sub: 'alice', nbf: NOW_S, exp: NOW_S + 600, name: 'Alice', kind: 'standard', metadata: '{"team":"blue"}',
      attributes: { tier: 'gold', expr: 'a=b' },
      video: {
        roomJoin: true, room: 'demo', hidden: true, canSubscribe: false, roomAdmin: true, roomCreate: true, roomList: true,
        roomRecord: true, ingressAdmin: true, canUpdateOwnMetadata: true, canPublishSources: ['camera', 'microphone', 'screen_share'],
      },
      roomConfig: { agents: [{ agentName: 'helper' }] },
    });
  });

  it('server-API flags without --join make a token that does not join; --egress means roomRecord', async () => {
    expect((await mint(['--dev', '--egress'])).video).toEqual({ roomRecord: true });
    expect((await mint(['--dev', '--room', 'demo', '--admin'])).video).toEqual({ room: 'demo', roomAdmin: true });
    const server = await mint(['--dev', '--create', '--list', '--valid-for', '90s']);
    expect(server).toEqual({ iss: 'devkey', nbf: NOW_S, exp: NOW_S + 90, video: { roomCreate: true, roomList: true } });
  });

  it('--json prints {token, url, identity, room, expiresAt, claims}', async () => {
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'alice', '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['token', 'url', 'identity', 'room', 'expiresAt', 'claims']);
    expect(out).toMatchObject({ url: null, identity: 'alice', room: 'demo', expiresAt: '2025-03-01T16:00:00Z' });
    expect(out.claims).toEqual(decodeToken(out.token).claims);
    const server = JSON.parse(cli(['create', '--dev', '--list', '--json']).stdout);
    expect([server.identity, server.room]).toEqual([null, null]);
  });

  it.each([
    ['participant', participantGrant('demo'), undefined],
    ['viewer', viewerGrant('demo'), undefined],
    ['admin', roomAdminGrant('demo'), undefined],
    ['recorder', recorderGrant('demo'), 'egress'],
    ['agent', agentGrant('demo'), 'agent'],
  ])('--preset %s uses the role preset', async (preset, video, kind) => {
    const claims = await mint(['--dev', '--preset', preset, '--room', 'demo', '--identity', 'x']);
    expect(claims.video).toEqual(video);
    expect(claims.kind).toBe(kind);
  });

  it('--preset sip builds the SIP caller token; flags still refine a preset', async () => {
    const claims = await mint(['--dev', '--preset', 'sip', '--room', 'call-1', '--phone', '+15551234567', '--agent', 'receptionist']);
    const expected = sipCallerToken({ room: 'call-1', phoneNumber: '+15551234567', agentName: 'receptionist' });
    expect(claims).toMatchObject({ sub: expected.identity, kind: 'sip', name: '+15551234567', metadata: expected.metadata, attributes: expected.attributes, video: expected.video, roomConfig: expected.roomConfig });
    expect(claims.exp! - claims.nbf!).toBe(3600);
    const viewer = await mint(['--dev', '--preset', 'viewer', '--room', 'demo', '--identity', 'v', '--allow-update-metadata']);
    expect(viewer.video).toEqual({ ...viewerGrant('demo'), canUpdateOwnMetadata: true });
  });

  it('keys: LIVEKIT_API_KEY/SECRET from the environment, flags before the environment', async () => {
    expect((await mint(['--room', 'demo', '--identity', 'a'], KEYS)).iss).toBe('APIenv');
    expect((await mint(['--room', 'demo', '--identity', 'a', '--api-key', 'APIflag', '--api-secret', 'flag-secret'], KEYS)).iss).toBe('APIflag');
    // A key from the flag and its secret from the environment.
    expect((await mint(['--room', 'demo', '--identity', 'a', '--api-key', 'APIenv'], { LIVEKIT_API_SECRET: SECRET })).iss).toBe('APIenv');
  });
});

describe('create errors: exit 2, one line naming the problem, nothing on stdout', () => {
  it.each([
    ['no key at all', ['--room', 'demo', '--identity', 'a'], {}, /no API key: pass --api-key with --api-secret-file \(or --api-secret\), set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev/],
    ['a key without its secret', ['--room', 'demo', '--identity', 'a', '--api-key', 'APIx'], {}, /no API secret for key "APIx".*--dev/],
    ['a secret without a key', ['--room', 'demo', '--identity', 'a'], { LIVEKIT_API_SECRET: SECRET }, /an API secret but no API key/],
    ['--dev with --api-key', ['--dev', '--api-key', 'APIx', '--room', 'demo', '--identity', 'a'], {}, /either --dev or --api-key/],
    ['--room without --identity', ['--dev', '--room', 'demo'], {}, /--identity is required to join a room \(--room alone means --join/],
    ['--join without --room', ['--dev', '--join', '--identity', 'a'], {}, /--join needs --room/],
    // The message starts with the flag's name, not the core's "ttl …", so the user sees which flag.
    ['a bad --valid-for', ['--dev', '--room', 'demo', '--identity', 'a', '--valid-for', '1 fortnight'], {}, /^error: --valid-for: not a duration; write one such as 90s, 10m, 1h30m/],
    ['--grant that is not JSON', ['--dev', '--grant', '{nope'], {}, /--grant must be valid JSON/],
    ['--grant that is not an object', ['--dev', '--grant', '[1]'], {}, /--grant must be a JSON object/],
    ['a misspelt grant field', ['--dev', '--grant', '{"roomName":"demo"}'], {}, /ERR_INVALID_OPTIONS: video\.roomName is not a known field/],
    ['an unknown source', ['--dev', '--room', 'demo', '--identity', 'a', '--allow-source', 'webcam'], {}, /ERR_INVALID_OPTIONS: video\.canPublishSources must be/],
    ['an unknown kind', ['--dev', '--list', '--kind', 'robot'], {}, /ERR_INVALID_OPTIONS: kind must be/],
    ['an attribute without =', ['--dev', '--list', '--attribute', 'tier'], {}, /--attribute must be key=value/],
    ['an unknown flag', ['--dev', '--roomname', 'demo'], {}, /livekit-token create: unknown option '--roomname' \(see livekit-token create --help\)/],
    ['a stray argument', ['--dev', 'demo'], {}, /unexpected argument "demo"/],
    ['an unknown preset', ['--dev', '--preset', 'god', '--room', 'demo', '--identity', 'a'], {}, /--preset must be one of participant, viewer, admin, recorder, agent, sip/],
    ['a preset without --room', ['--dev', '--preset', 'viewer', '--identity', 'a'], {}, /--preset viewer needs --room/],
    ['the sip preset without --phone', ['--dev', '--preset', 'sip', '--room', 'call'], {}, /--preset sip needs --phone/],
    ['a bad --now', ['--dev', '--list', '--now', 'teatime'], {}, /--now must be an ISO 8601 date/],
  ] as const)('%s', (_name, args, env, message) => {
    const r = cli(['create', ...args], { env: { ...env } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('never prints the secret, in any output', () => {
    for (const args of [['--room', 'demo', '--identity', 'a'], ['--room', 'demo', '--identity', 'a', '--json'], ['--grant', '{"x":1}']]) {
      const r = cli(['create', '--api-key', 'APIflag', '--api-secret', SECRET, ...args]);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });
});
