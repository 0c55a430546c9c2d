// Bounded load over loopback: 2 000 mints at 200 in flight through serve(). It stops by itself
// (a fixed number of requests) and asserts correctness only, never speed.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../../src/handler/index.js';
import { verifyToken } from '../../src/index.js';
import { createTokenHandler, KEY, options } from './helpers.js';

const TOTAL = 2000;
const CONCURRENCY = 200;

let server: RunningServer;
beforeAll(async () => {
  // The default per-identity limiter stays on: 2 000 distinct identities stay far below it. The
  // per-address bucket (600 a minute) would stop this one-address load at 600, as it should stop
  // a real caller: here it is switched off explicitly (a clientAddress hook answering nothing
  // falls back to the socket, so it cannot switch it off).
  server = await serve(createTokenHandler(options({ onEvent: undefined, addressRateLimit: false })), { port: 0, hostname: '127.0.0.1' });
});
afterAll(() => server.close());

function post(agent: Agent, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: '127.0.0.1', port: server.port, method: 'POST', path: '/token', headers: { 'content-type': 'application/json', authorization: 'Bearer good', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('load', () => {
  it(`${TOTAL} requests at ${CONCURRENCY} concurrency: zero errors, all tokens distinct and valid`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const results: Array<{ status: number; text: string; i: number }> = [];
    const failures: string[] = [];
    let next = 0;
    async function worker() {
      while (next < TOTAL) {
        const i = next++;
        try {
          results.push({ ...(await post(agent, JSON.stringify({ room: `room-${i % 10}`, identity: `user-${i}` }))), i });
        } catch (e) {
          failures.push(String(e));
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();

    expect(failures).toEqual([]);
    expect(results).toHaveLength(TOTAL);
    expect(results.filter((r) => r.status !== 200).map((r) => r.text).slice(0, 3)).toEqual([]);
    const tokens = results.map((r) => (JSON.parse(r.text) as { token: string }).token);
    expect(new Set(tokens).size).toBe(TOTAL);
    const claims = await Promise.all(tokens.map((t) => verifyToken(t, KEY)));
    results.forEach((r, k) => {
      expect(claims[k]!.sub).toBe(`user-${r.i}`);
      expect(claims[k]!.video?.room).toBe(`room-${r.i % 10}`);
    });
  });
});
