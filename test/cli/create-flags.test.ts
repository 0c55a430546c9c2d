// create's flags from `lk token create` (--inference, --attribute-file, --job-metadata,
// --deployment, --token-only), the refusal of a token that grants nothing, and E.164 phones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/index.js';
import { assertBuilt, cli, scratchFolder } from './run.js';

const NOW = '2025-03-01T10:00:00Z';
const { file, remove } = scratchFolder('lkt-create-');

beforeAll(assertBuilt);
afterAll(remove);

async function mint(args: string[]) {
  const r = cli(['create', '--dev', '--now', NOW, ...args]);
  expect(r.stderr).not.toMatch(/^error/);
  expect(r.code).toBe(0);
  return verifyToken(r.stdout.trim(), { devkey: 'secret' }, { now: Date.parse(NOW) });
}

function usage(args: string[]) {
  const r = cli(['create', '--dev', ...args]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr;
}

describe('create: flags of lk token create', () => {
  it('--inference grants LiveKit Inference, and is a grant on its own', async () => {
    const claims = await mint(['--identity', 'agent-1', '--inference']);
    expect(claims.inference).toEqual({ perform: true });
    expect(claims.video).toBeUndefined();
  });

  it('--attribute-file: a JSON object of strings; --attribute wins over it', async () => {
    const path = file('attrs.json', JSON.stringify({ tier: 'gold', region: 'eu' }));
    const claims = await mint(['--room', 'demo', '--identity', 'a', '--attribute-file', path, '--attribute', 'tier=platinum']);
    expect(claims.attributes).toEqual({ tier: 'platinum', region: 'eu' });
  });

  it.each([
    ['not JSON', '{tier', /--attribute-file: ".*" is not valid JSON/],
    ['an array', '["a"]', /--attribute-file must hold a JSON object of strings/],
    ['a number value', '{"n":1}', /--attribute-file: the value of "n" must be a string/],
  ])('--attribute-file that is %s is refused', (_name, text, message) => {
    expect(usage(['--room', 'demo', '--identity', 'a', '--attribute-file', file('bad.json', text)])).toMatch(message);
  });

  it('--job-metadata and --deployment apply to every --agent dispatch', async () => {
    const claims = await mint(['--room', 'demo', '--identity', 'a', '--agent', 'one', '--agent', 'two', '--job-metadata', '{"lang":"en"}', '--deployment', 'prod']);
    expect(claims.roomConfig?.agents).toEqual([
      { agentName: 'one', metadata: '{"lang":"en"}', deployment: 'prod' },
      { agentName: 'two', metadata: '{"lang":"en"}', deployment: 'prod' },
    ]);
    const sip = await mint(['--preset', 'sip', '--room', 'call', '--phone', '+15551234567', '--agent', 'receptionist', '--job-metadata', 'm']);
    expect(sip.roomConfig?.agents).toEqual([{ agentName: 'receptionist', metadata: 'm' }]);
  });

  it('--job-metadata or --deployment without --agent is refused', () => {
    expect(usage(['--room', 'demo', '--identity', 'a', '--job-metadata', 'x'])).toContain('--job-metadata applies to an agent dispatch: add --agent NAME');
    expect(usage(['--room', 'demo', '--identity', 'a', '--deployment', 'x'])).toContain('--deployment applies to an agent dispatch');
  });

  it('--token-only prints the token alone and nothing on stderr', async () => {
    const r = cli(['create', '--dev', '--room', 'demo', '--identity', 'a', '--token-only']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]{43}\n$/);
    expect(usage(['--room', 'demo', '--identity', 'a', '--token-only', '--json'])).toContain('use either --json or --token-only');
  });

  it('--json still prints {token, url, identity, room, expiresAt, claims}', () => {
    const out = JSON.parse(cli(['create', '--dev', '--inference', '--json']).stdout);
    expect(Object.keys(out)).toEqual(['token', 'url', 'identity', 'room', 'expiresAt', 'claims']);
    expect(out.claims.inference).toEqual({ perform: true });
  });
});

describe('create: a token that grants nothing', () => {
  it.each([
    ['--identity alone', ['--identity', 'alice']],
    ['nothing at all', []],
    ['an empty --grant', ['--identity', 'alice', '--grant', '{}']],
    ['only participant fields', ['--identity', 'alice', '--name', 'Alice', '--metadata', 'm', '--kind', 'standard']],
  ])('%s: exit 2 with a hint', (_name, args) => {
    const message = usage(args);
    expect(message).toContain('this token would grant nothing (no video, sip, agent, inference or observability claim)');
    expect(message).toContain('--room ROOM --identity ID');
    expect(message).toContain('--allow-empty mints it anyway');
  });

  it('--allow-empty mints it', async () => {
    const claims = await mint(['--identity', 'alice', '--allow-empty']);
    expect(claims).toEqual({ iss: 'devkey', sub: 'alice', nbf: Date.parse(NOW) / 1000, exp: Date.parse(NOW) / 1000 + 21600 });
  });
});

describe('create --preset sip --phone: E.164 only', () => {
  // The SIP guide asks for the caller's number in E.164: "+", country code and number, at most 15 digits.
  it.each(['5551234', '15551234567', '+1 555 123 4567', '+1-555-1234567', '+0123456789', '+1234567', '+1234567890123456', '+15551234567x'])('refuses %j', (phone) => {
    expect(usage(['--preset', 'sip', '--room', 'call', '--phone', phone])).toContain('--phone must be an E.164 number: + then the country code and number, 8 to 15 digits');
  });

  it.each(['+15551234567', '+4930123456', '+12345678', '+123456789012345'])('accepts %s', async (phone) => {
    const claims = await mint(['--preset', 'sip', '--room', 'call', '--phone', phone]);
    expect(claims.attributes?.['sip.phoneNumber']).toBe(phone);
  });
});
