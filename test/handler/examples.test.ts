// The framework examples of docs/token-service.md ("Any route, any framework"), run as written:
// each ```ts block after an `<!-- example: NAME -->` marker is written to .tmp/ (with
// `livekit-token/handler` pointing at the sources, as an installed package would point at its
// build), imported, and driven as its framework would drive it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/index.js';
import { KEY } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.tmp', 'doc-examples');
const SERVICE_TOKEN = 'example-service-token';
const auth = { authorization: `Bearer ${SERVICE_TOKEN}` };

function examples(): Map<string, string> {
  const text = readFileSync(join(root, 'docs', 'token-service.md'), 'utf8');
  const found = new Map<string, string>();
  for (const m of text.matchAll(/^<!-- example: ([\w-]+) -->\n```ts\n([\s\S]*?)^```$/gm)) found.set(m[1]!, m[2]!);
  return found;
}

const blocks = examples();
// Imported lazily, once the environment the examples read is set.
async function load<T>(name: string): Promise<T> {
  const code = blocks.get(name);
  if (code === undefined) throw new Error(`docs/token-service.md has no example "${name}"`);
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, code.replaceAll("'livekit-token/handler'", JSON.stringify(join(root, 'src', 'handler', 'index.ts'))));
  return (await import(pathToFileURL(file).href)) as T;
}

const post = (url: string, body: unknown, headers: Record<string, string> = auth) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  Object.assign(process.env, { LIVEKIT_API_KEY: KEY.apiKey, LIVEKIT_API_SECRET: KEY.apiSecret, LIVEKIT_URL: 'wss://example.livekit.cloud', SERVICE_TOKEN, PORT: '0' });
});

describe('docs/token-service.md framework examples', () => {
  it('are all there, each under 15 lines', () => {
    expect([...blocks.keys()].sort()).toEqual(['express', 'get-query', 'get-token', 'hono', 'nextjs', 'token-validate']);
    for (const [name, code] of blocks) expect(code.trimEnd().split('\n').length, name).toBeLessThan(15);
  });

  it('Hono: the handler under /livekit', async () => {
    const { default: app } = await load<{ default: { fetch: (r: Request) => Promise<Response> } }>('hono');
    const res = await app.fetch(post('http://127.0.0.1/livekit/token', { room: 'demo', identity: 'ann' }));
    expect(res.status).toBe(200);
    expect(decodeToken(((await res.json()) as { token: string }).token).claims.sub).toBe('ann');
    expect((await app.fetch(post('http://127.0.0.1/livekit/token', { room: 'demo', identity: 'ann' }, {}))).status).toBe(401);
    expect((await app.fetch(new Request('http://127.0.0.1/livekit/health'))).status).toBe(200);
  });

  describe('Express: toNodeListener mounted before express.json()', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      ({ server } = await load<{ server: Server }>('express'));
      if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('mints over HTTP on 127.0.0.1', async () => {
      const res = await fetch(post(`${base}/livekit/token`, { room_name: 'demo', participant_identity: 'ann' }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ identity: 'ann', room: 'demo', server_url: 'wss://example.livekit.cloud' });
      expect((await fetch(`${base}/livekit/health`)).status).toBe(200);
    });
  });

  it('Next.js: export async function POST(request: Request)', async () => {
    const { POST } = await load<{ POST: (r: Request) => Promise<Response> }>('nextjs');
    const res = await POST(post('http://127.0.0.1/api/token', { room: 'demo', identity: 'ann' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/get-token: the token route moved', async () => {
    const { default: handler } = await load<{ default: (r: Request) => Promise<Response> }>('get-token');
    expect((await handler(post('http://127.0.0.1/get-token', { room: 'demo', identity: 'ann' }))).status).toBe(200);
    expect((await handler(post('http://127.0.0.1/token', { room: 'demo', identity: 'ann' }))).status).toBe(404);
  });

  it('/token + /validate: {token, room_name} and {valid, identity, name, room, expires_at}', async () => {
    const { app } = await load<{ app: (r: Request) => Promise<Response> }>('token-validate');
    const minted = (await (await app(post('http://127.0.0.1/token', { room: 'demo', identity: 'ann' }))).json()) as Record<string, string>;
    expect(Object.keys(minted).sort()).toEqual(['room_name', 'token']);
    expect(minted['room_name']).toBe('demo');
    const valid = (await (await app(post('http://127.0.0.1/validate', { token: minted['token'] }))).json()) as Record<string, unknown>;
    const exp = decodeToken(minted['token']!).claims.exp!;
    expect(valid).toEqual({ valid: true, identity: 'ann', name: null, room: 'demo', expires_at: new Date(exp * 1000).toISOString() });
    expect(valid['expires_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await (await app(post('http://127.0.0.1/validate', { token: 'not-a-token' }))).json()).toEqual({ valid: false });
    const refused = await app(post('http://127.0.0.1/token', { room: 'demo', identity: 'ann' }, {}));
    expect([refused.status, await refused.json()]).toEqual([401, { error: 'ERR_UNAUTHORIZED' }]);
  });

  it('GET with the room in the query: Cache-Control: no-store, refusals with their status', async () => {
    const { GET } = await load<{ GET: (r: Request) => Promise<Response> }>('get-query');
    const res = await GET(new Request('http://127.0.0.1/token?room=demo', { headers: auth }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(decodeToken(((await res.json()) as { token: string }).token).claims).toMatchObject({ sub: 'alice', video: { room: 'demo' } });
    expect((await GET(new Request('http://127.0.0.1/token'))).status).toBe(401);
    expect((await GET(new Request('http://127.0.0.1/token', { headers: auth }))).status).toBe(400);
  });
});
