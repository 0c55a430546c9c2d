// The "Defaults" table of docs/README.md is the one page that lists every entry point's default
// lifetime and limits. Each row is checked against what the code does, measured through the
// public API (a token's exp − nbf, where a bound starts refusing), not against constants copied
// here: when a default changes, this test names the row to update.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokenHandler } from '../../src/handler/index.js';
import {
  createToken, decodeToken, refreshToken, roomManagementToken, sipCallerToken, verifyToken,
} from '../../src/index.js';
import { forgeToken } from '../../src/testing/index.js';

const root = join(import.meta.dirname, '..', '..');
const page = readFileSync(join(root, 'docs', 'README.md'), 'utf8');
const key = { apiKey: 'devkey', apiSecret: 'secret' };
const NOW = Date.UTC(2026, 0, 1);

/** The Defaults table row whose first cell starts with `label`. */
function row(label: string): string {
  const table = page.slice(page.indexOf('## Defaults'));
  const line = table.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!line) throw new Error(`docs/README.md, Defaults: no row for ${label}`);
  return line;
}

/** A lifetime as the table writes it: 6 h, 10 min, 1 h, 10 s. */
function words(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const lifetime = (token: string) => {
  const { claims } = decodeToken(token);
  return claims.exp! - claims.nbf!;
};

/** Largest n in [1, limit] for which ok(n) holds, assuming ok is true up to a point, then false. */
async function edge(ok: (n: number) => Promise<boolean>, limit: number): Promise<number> {
  let lo = 1;
  let hi = limit;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

describe('docs/README.md, Defaults', () => {
  it('createToken: 6 h, token at most 8 KiB', async () => {
    const seconds = lifetime(await createToken(key, { identity: 'a', video: { roomJoin: true, room: 'r' } }));
    expect(row('`createToken`')).toContain(`| ${words(seconds)} |`);
    // The largest metadata that still mints puts the token just under the bound.
    const size = async (n: number) => (await createToken(key, { identity: 'a', metadata: 'x'.repeat(n) })).length;
    const fits = await edge(async (n) => size(n).then(() => true, () => false), 16 * 1024);
    const largest = await size(fits);
    expect(largest).toBeLessThanOrEqual(8 * 1024);
    expect(largest).toBeGreaterThan(8 * 1024 - 4); // base64url grows by 4 characters per 3 bytes
    expect(row('`createToken`')).toContain('8 KiB');
  });

  it('server-API presets: 10 min; sipCallerToken: 1 h', async () => {
    expect(row('server-API presets')).toContain(words(lifetime(await createToken(key, roomManagementToken()))));
    const caller = await createToken(key, sipCallerToken({ room: 'call-1', phoneNumber: '+15551234567' }));
    expect(row('`sipCallerToken`')).toContain(`| ${words(lifetime(caller))} |`);
  });

  it('refreshToken: at least 10 min', async () => {
    const old = await createToken(key, { identity: 'a', ttl: 60, video: { roomJoin: true, room: 'r' }, now: NOW });
    expect(row('`refreshToken`')).toContain(words(lifetime(await refreshToken(old, key, { now: NOW }))));
  });

  it('verifyToken: clock tolerance 10 s', async () => {
    const token = await createToken(key, { identity: 'a', ttl: 60, now: NOW });
    const late = async (s: number) => verifyToken(token, key, { now: NOW + (60 + s) * 1000 }).then(() => true, () => false);
    expect(row('`verifyToken`')).toContain(`clock tolerance ${words(await edge(late, 600))}`);
  });

  it('testing helpers: 10 min', async () => {
    expect(row('`livekit-token/testing`')).toContain(`| ${words(lifetime(await forgeToken({ now: NOW })))} |`);
  });

  it('token service: 10 min, 1 min to 1 h, 16 KiB body, 60 mints per identity, 600 per address', async () => {
    let address = '192.0.2.1';
    const handler = createTokenHandler({ keys: key, wsUrl: 'ws://localhost:7880', allowAnonymous: true, clientAddress: () => address });
    const post = (body: string) => handler(new Request('http://localhost/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    const mint = async (extra: Record<string, unknown> = {}) => post(JSON.stringify({ room: 'r', identity: 'a', ...extra }));
    const text = row('token service');

    const res = await mint();
    expect(res.status).toBe(200);
    expect(text).toContain(`| ${words(lifetime(((await res.json()) as { token: string }).token))};`);
    const accepted = async (ttl: number) => (await mint({ identity: `t${ttl}`, ttl })).status === 200;
    expect(text).toContain(`${words(await edge(accepted, 7200))}`);
    expect(await accepted(59)).toBe(false);
    expect(text).toContain('1 min to 1 h');

    const body = async (n: number) => (await post(JSON.stringify({ room: 'r', identity: 'b', metadata: 'x'.repeat(n) }))).status !== 413;
    const largest = (await edge(body, 32 * 1024)) + JSON.stringify({ room: 'r', identity: 'b', metadata: '' }).length;
    expect(largest).toBe(16 * 1024);
    expect(text).toContain('request body at most 16 KiB');

    // Per identity: the 61st mint for one identity within a minute is refused.
    address = '192.0.2.2';
    let mints = 0;
    while ((await mint({ identity: 'same' })).status === 200) mints++;
    expect(text).toContain(`${mints} mints per minute per identity`);
    // Per address: a caller who changes identity every time is stopped by the address bucket.
    address = '192.0.2.3';
    let requests = 0;
    while ((await mint({ identity: `id-${requests}` })).status === 200) requests++;
    expect(text).toContain(`${requests} requests per minute per client address`);
  }, 60_000);
});
