import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/index.js';
import { assertBuilt, cli, root, start } from './run.js';

beforeAll(assertBuilt);

/** Starts `serve`, waits for its "listening on URL" line, and returns the URL and a stopper. */
async function serving(args: string[], env: Record<string, string> = {}) {
  const child = start(['serve', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      return { code: await exited, stderr };
    },
  };
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('serve', () => {
  it('with --dev and --allow-anonymous on a random 127.0.0.1 port: mints one token, stops on SIGTERM', async () => {
    const server = await serving(['--dev', '--allow-anonymous', '--port', '0']);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await post(`${server.url}/token`, { room: 'demo', identity: 'alice' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; wsUrl: string; identity: string; room: string };
      expect(body).toMatchObject({ wsUrl: 'ws://localhost:7880', identity: 'alice', room: 'demo' });
      expect((await verifyToken(body.token, { devkey: 'secret' }, { room: 'demo', identity: 'alice' })).sub).toBe('alice');
    } finally {
      const { code, stderr } = await server.stop();
      expect(code).toBe(0);
      expect(stderr).toContain('anonymous minting is ON (dev only)');
      expect(stderr).toMatch(/POST \/token 200 minted identity="alice" room="demo"/);
      expect(stderr).toContain('stopped (SIGTERM)');
    }
  });

  it('takes keys, URL, port and the anonymous choice from the environment, and never prints the secret', async () => {
    const secret = 'env-secret-never-printed-0123456789';
    const server = await serving([], { LIVEKIT_API_KEY: 'APIenv', LIVEKIT_API_SECRET: secret, LIVEKIT_WS_URL: 'wss://example.livekit.cloud', PORT: '0', ALLOW_ANONYMOUS: '1' });
    let stderr = '';
    try {
      const res = await post(`${server.url}/token`, { room: 'r', identity: 'bob' });
      const body = (await res.json()) as { token: string; wsUrl: string };
      expect(body.wsUrl).toBe('wss://example.livekit.cloud');
      expect((await verifyToken(body.token, { APIenv: secret })).iss).toBe('APIenv');
    } finally {
      ({ stderr } = await server.stop());
    }
    expect(stderr).not.toContain(secret);
  });

  it.each([
    ['without keys', ['--allow-anonymous'], {}, /no API key: pass --api-key with --api-secret-file \(or --api-secret\), set LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or use --dev/],
    ['without an authorization choice', ['--dev'], {}, /serve has no authorization: pass --allow-anonymous \(or set ALLOW_ANONYMOUS=1\).*local development only/],
    ['with ALLOW_ANONYMOUS=0', ['--dev'], { ALLOW_ANONYMOUS: '0' }, /serve has no authorization/],
    ['without a LiveKit URL for real keys', ['--allow-anonymous'], { LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }, /no LiveKit URL for clients: pass --ws-url/],
    ['with a bad PORT', ['--dev', '--allow-anonymous'], { PORT: 'eighty' }, /PORT must be a port number/],
    // The URL's errors name where it came from: the flag, or the variable that was read.
    ['with a --ws-url that is no URL', ['--dev', '--allow-anonymous', '--ws-url', 'my-project.livekit.cloud'], {}, /--ws-url must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/],
    ['with a padded --ws-url', ['--dev', '--allow-anonymous', '--ws-url', 'wss://x.livekit.cloud '], {}, /--ws-url starts or ends with whitespace/],
    ['with a padded LIVEKIT_URL', ['--dev', '--allow-anonymous'], { LIVEKIT_URL: ' wss://x.livekit.cloud' }, /^error: LIVEKIT_URL starts or ends with whitespace/m],
    ['with a LIVEKIT_WS_URL that is no URL', ['--dev', '--allow-anonymous'], { LIVEKIT_WS_URL: 'x.livekit.cloud', LIVEKIT_URL: 'wss://ok.livekit.cloud' }, /^error: LIVEKIT_WS_URL must be a ws:\/\//m],
    ['with an unknown flag', ['--dev', '--allow-anon'], {}, /unknown option '--allow-anon'/],
  ])('refuses to start %s (exit 2)', (_name, args, env, message) => {
    const r = cli(['serve', ...args], { env: { ...env } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('help, version and unknown commands', () => {
  it('--help lists the commands and the key options (exit 0)', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['create', 'decode', 'verify', 'serve', '--api-key', 'LIVEKIT_API_KEY', '--dev', 'NO_COLOR']) expect(r.stdout).toContain(word);
  });

  it.each(['create', 'decode', 'verify', 'serve'])('%s --help shows its usage and examples, and runs nothing', (command) => {
    const r = cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: livekit-token ${command}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`livekit-token ${command} `);
    expect(cli(['help', command]).stdout).toBe(r.stdout);
  });

  it('every flag create accepts is documented in create --help', () => {
    const help = cli(['create', '--help']).stdout;
    for (const f of ['room', 'identity', 'name', 'join', 'admin', 'create', 'list', 'record', 'egress', 'ingress', 'allow-source', 'allow-update-metadata', 'metadata', 'attribute', 'valid-for', 'grant', 'agent', 'kind', 'preset', 'phone', 'json', 'now', 'api-key', 'api-secret', 'dev']) {
      expect(help, f).toContain(`--${f}`);
    }
  });

  it('no command: the help on stderr and exit 2; an unknown command: exit 2', () => {
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: livekit-token <command>');
    const bad = cli(['mint']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: unknown command "mint": use one of create, decode, verify, serve, inspect (livekit-token --help)\n');
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version']).stdout).toBe(`${version}\n`);
  });
});
