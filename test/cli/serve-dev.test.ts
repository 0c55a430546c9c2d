// `serve --dev` names a random room and identity when a request names none; without --dev such
// a request is still refused (the handler's newRoomName/newIdentity are only set for --dev).
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/index.js';
import { assertBuilt, listeningUrl, start } from './run.js';

beforeAll(assertBuilt);

/** Runs `fn` against a started `serve …args`, then stops it with SIGTERM. */
async function withServer(args: string[], env: Record<string, string>, fn: (url: string) => Promise<void>): Promise<void> {
  const child = start(['serve', ...args], env);
  const exited = once(child, 'exit');
  try {
    await fn(await listeningUrl(child));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const mint = async (url: string, body: unknown) => {
  const res = await fetch(`${url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { token?: string; room?: string; identity?: string; error?: { code: string } } };
};

describe('serve --dev: names for a request that has none', () => {
  it('an empty body gets a fresh random room and identity, in the token as in the reply', async () => {
    await withServer(['--dev', '--allow-anonymous', '--port', '0'], {}, async (url) => {
      const first = await mint(url, {});
      const second = await mint(url, {});
      expect(first.status).toBe(200);
      expect(first.body.room).toMatch(/^room-[0-9a-f]{8}$/);
      expect(first.body.identity).toMatch(/^user-[0-9a-f]{8}$/);
      const claims = await verifyToken(first.body.token!, { devkey: 'secret' }, { room: first.body.room, identity: first.body.identity });
      expect(claims.video).toMatchObject({ roomJoin: true, room: first.body.room });
      // Never shared: LiveKit disconnects the first of two participants with one identity.
      expect(second.body.identity).not.toBe(first.body.identity);
      expect(second.body.room).not.toBe(first.body.room);
    });
  });

  it('a name the request gives is kept; only the missing one is made up', async () => {
    await withServer(['--dev', '--allow-anonymous', '--port', '0'], {}, async (url) => {
      const roomOnly = await mint(url, { room: 'demo' });
      expect(roomOnly.body).toMatchObject({ room: 'demo', identity: expect.stringMatching(/^user-[0-9a-f]{8}$/) });
      const identityOnly = await mint(url, { identity: 'alice' });
      expect(identityOnly.body).toMatchObject({ identity: 'alice', room: expect.stringMatching(/^room-[0-9a-f]{8}$/) });
    });
  });

  it('without --dev a request that names no room is refused as before', async () => {
    const env = { LIVEKIT_API_KEY: 'APIreal', LIVEKIT_API_SECRET: 'real-secret-for-tests', LIVEKIT_WS_URL: 'wss://example.livekit.cloud' };
    await withServer(['--allow-anonymous', '--port', '0'], env, async (url) => {
      const r = await mint(url, { identity: 'alice' });
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('ERR_MISSING_FIELD');
    });
  });
});
