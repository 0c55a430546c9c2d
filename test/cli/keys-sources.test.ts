// Keys for the CLI: --keys-file and LIVEKIT_KEYS in the LiveKit server's own format
// (livekit/livekit pkg/config/config.go: key_file, refused by the server unless other users
// have no access, and the --keys flag / LIVEKIT_KEYS), and one rule for every key and secret
// read from outside: exact bytes, padded with whitespace → refused, naming the source.
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, verifyToken } from '../../src/index.js';
import { assertBuilt, cli, scratchFolder } from './run.js';

const SECRET = 'keys-file-secret-never-printed-0123456789';
const OLD = 'old-keys-file-secret-never-printed-987654';
const KEYS = `# rotated keys\nAPIold: ${OLD}\nAPInew: "${SECRET}"\n`;
const { file, remove } = scratchFolder('lkt-keys-');

beforeAll(assertBuilt);
afterAll(remove);

/** A key file only its owner may read, as the LiveKit server wants it. */
function privateFile(name: string, text: string): string {
  const path = file(name, text);
  chmodSync(path, 0o600);
  return path;
}

const mint = (args: string[], env: Record<string, string> = {}) => cli(['create', '--list', '--token-only', ...args], { env });
const issuer = async (stdout: string) => (await verifyToken(stdout.trim(), { APIold: OLD, APInew: SECRET })).iss;

describe('--keys-file', () => {
  it('signs with the first key, or the one --api-key names; prints nothing else', async () => {
    const path = privateFile('keys.yaml', KEYS);
    const first = mint(['--keys-file', path]);
    expect(first.stderr).toBe('');
    expect(await issuer(first.stdout)).toBe('APIold');
    expect(await issuer(mint(['--keys-file', path, '--api-key', 'APInew']).stdout)).toBe('APInew');
  });

  it('verify accepts a token signed by any key of the file', async () => {
    const token = await createToken({ apiKey: 'APInew', apiSecret: SECRET }, { identity: 'a', video: { roomJoin: true, room: 'demo' } });
    const r = cli(['verify', '--keys-file', privateFile('k2.yaml', KEYS), token]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: /);
  });

  it('warns on stderr when other users may read the file, even with --token-only', async () => {
    const path = file('open.yaml', KEYS);
    chmodSync(path, 0o644);
    const r = mint(['--keys-file', path]);
    expect(r.code).toBe(0);
    expect(await issuer(r.stdout)).toBe('APIold');
    expect(r.stderr).toMatch(/^warning: --keys-file ".*open\.yaml" is open to other users of this machine \(mode 644\); the LiveKit server refuses such a key file: chmod o-rwx it\n$/);
  });

  it.each([
    ['a key --api-key names but the file lacks', ['--api-key', 'APIother'], /--api-key names the key "APIother", which --keys-file does not hold/],
    ['--keys-file with --api-secret', ['--api-secret', SECRET], /use either --keys-file or --api-secret\(-file\), not both/],
    ['--keys-file with --dev', ['--dev'], /use either --dev or --api-key\/--api-secret\(-file\)\/--keys-file, not both/],
  ])('refuses %s', (_name, extra, message) => {
    const r = mint(['--keys-file', privateFile('k3.yaml', KEYS), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('names the file and the line of a wrong entry, never the secret', () => {
    const r = mint(['--keys-file', privateFile('bad.yaml', `APIa: ${SECRET}\nAPIa: ${OLD}\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --keys-file ".*bad\.yaml": line 2: this API key is already defined on line 1\n$/);
  });
});

describe('LIVEKIT_KEYS', () => {
  it('signs with the first key, or the one --api-key or LIVEKIT_API_KEY names', async () => {
    expect(await issuer(mint([], { LIVEKIT_KEYS: KEYS }).stdout)).toBe('APIold');
    expect(await issuer(mint(['--api-key', 'APInew'], { LIVEKIT_KEYS: KEYS }).stdout)).toBe('APInew');
    expect(await issuer(mint([], { LIVEKIT_KEYS: KEYS, LIVEKIT_API_KEY: 'APInew' }).stdout)).toBe('APInew');
  });

  it('is an error together with LIVEKIT_API_SECRET', () => {
    const r = mint([], { LIVEKIT_KEYS: KEYS, LIVEKIT_API_KEY: 'APInew', LIVEKIT_API_SECRET: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: LIVEKIT_KEYS and LIVEKIT_API_SECRET are both set: keep one of them\n');
  });

  it('names LIVEKIT_KEYS and the line of a wrong entry', () => {
    const r = mint([], { LIVEKIT_KEYS: `APIa: 12345` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: LIVEKIT_KEYS: line 1: the secret is not a string/);
  });
});

describe('every key and secret is used exactly as given', () => {
  it.each([
    ['--api-secret', ['--api-key', 'APIx', '--api-secret', `${SECRET} `], {}],
    ['--api-key', ['--api-key', ' APIx', '--api-secret', SECRET], {}],
    ['LIVEKIT_API_SECRET', [], { LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: `${SECRET}\n` }],
    ['LIVEKIT_API_KEY', [], { LIVEKIT_API_KEY: 'APIx\t', LIVEKIT_API_SECRET: SECRET }],
  ])('refuses %s padded with whitespace, before any other check, naming it', (source, args, env) => {
    const r = mint(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${source} starts or ends with whitespace (a space, tab or line break): it is used byte for byte, so remove the whitespace\n`);
  });

  it('serve refuses a padded secret as create does (it used to trim it)', () => {
    const r = cli(['serve', '--allow-anonymous', '--ws-url', 'ws://127.0.0.1:7880', '--port', '0'], { env: { LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: `${SECRET} ` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: LIVEKIT_API_SECRET starts or ends with whitespace/);
  });
});
