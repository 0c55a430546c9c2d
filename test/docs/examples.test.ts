// Runs every example in examples/ against the BUILT package (`npm test` builds first), on
// loopback only, each bounded by a timeout:
// - Node (`node:http`), Deno (node_modules/.bin/deno) and Bun (node_modules/.bin/bun): started as
//   real servers, then called over HTTP. They import 'livekit-token', which resolves to dist/
//   through the package's own `exports` (self-reference), exactly as in a user's project.
// - Cloudflare Worker: bundled with esbuild and served by workerd (node_modules/.bin/workerd).
// - Next.js-style route: bundled with esbuild and its `POST` export called in Node.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerd } from '../helpers/workerd.mjs';

const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, LIVEKIT_API_KEY: 'example-key', LIVEKIT_API_SECRET: 'example-secret-of-reasonable-length', PORT: '0' };
const keys = { 'example-key': 'example-secret-of-reasonable-length' };

let verifyToken: (token: string, keys: object, options?: object) => Promise<Record<string, unknown>>;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ verifyToken } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href));
  mkdirSync(join(root, '.tmp'), { recursive: true });
  work = mkdtempSync(join(root, '.tmp', 'examples-'));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Starts a server process and resolves with its base URL once it prints `listening on <url>`. */
function start(command: string, args: string[], timeoutMs = 20_000): Promise<string> {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

/** The contract every token example follows: 401 without a user, 400 without a room, else a token. */
async function checkTokenEndpoint(base: string) {
  expect((await fetch(`${base}/token?room=demo`)).status).toBe(401);
  expect((await fetch(`${base}/token`, { headers: { 'x-user-id': 'alice' } })).status).toBe(400);
  const res = await fetch(`${base}/token?room=demo`, { headers: { 'x-user-id': 'alice' } });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const claims = await verifyToken(token, keys, { room: 'demo', identity: 'alice' });
  expect(Number(claims['exp']) - Number(claims['nbf'])).toBe(600);
  return token;
}

async function bundle(entry: string, name: string) {
  const outfile = join(work, name);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    alias: { 'livekit-token': join(root, 'dist', 'index.js') },
    logLevel: 'silent',
  });
  return outfile;
}

describe('examples run against the built package', () => {
  it('node:http server', async () => {
    await checkTokenEndpoint(await start(process.execPath, ['examples/node-http/server.mjs']));
  });

  it('Deno.serve', async () => {
    const base = await start(bin('deno'), ['run', '--quiet', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env', '--allow-read', 'examples/deno/main.ts']);
    await checkTokenEndpoint(base);
  });

  it('Bun.serve', async () => {
    await checkTokenEndpoint(await start(bin('bun'), ['examples/bun/server.ts']));
  });

  it('Cloudflare Worker in workerd', async () => {
    await bundle('examples/cloudflare-worker/worker.ts', 'worker.js');
    const { base, child } = await startWorkerd({ dir: work, module: 'worker.js', bindings: { LIVEKIT_API_KEY: env.LIVEKIT_API_KEY, LIVEKIT_API_SECRET: env.LIVEKIT_API_SECRET } });
    children.push(child);
    const token = await checkTokenEndpoint(base);
    const who = await fetch(`${base}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(await who.json()).toEqual({ identity: 'alice', room: 'demo' });
    const bad = await fetch(`${base}/whoami`, { headers: { authorization: `Bearer ${token}x` } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { code: string }).code).toMatch(/^ERR_TOKEN_/);
  });

  it('Next.js-style edge route handler (POST export, called in Node)', async () => {
    const file = await bundle('examples/nextjs-route/route.ts', 'route.mjs');
    const route = (await import(pathToFileURL(file).href)) as { POST: (r: Request) => Promise<Response>; runtime: string };
    expect(route.runtime).toBe('edge');
    const saved = { key: process.env['LIVEKIT_API_KEY'], secret: process.env['LIVEKIT_API_SECRET'] };
    process.env['LIVEKIT_API_KEY'] = env.LIVEKIT_API_KEY;
    process.env['LIVEKIT_API_SECRET'] = env.LIVEKIT_API_SECRET;
    try {
      const post = (body: unknown, user?: string) =>
        route.POST(new Request('http://localhost/api/livekit-token', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(user ? { 'x-user-id': user } : {}) },
          body: JSON.stringify(body),
        }));
      expect((await post({ room: 'demo' })).status).toBe(401);
      expect((await post({}, 'alice')).status).toBe(400);
      const res = await post({ room: 'demo' }, 'alice');
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const claims = await verifyToken(token, keys, { room: 'demo', identity: 'alice' });
      expect(claims['video']).toEqual({ roomJoin: true, room: 'demo' });
    } finally {
      for (const [name, value] of [['LIVEKIT_API_KEY', saved.key], ['LIVEKIT_API_SECRET', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('every example folder is covered above', () => {
    for (const dir of ['node-http', 'deno', 'bun', 'cloudflare-worker', 'nextjs-route']) {
      expect(existsSync(join(root, 'examples', dir)), dir).toBe(true);
    }
  });
});
