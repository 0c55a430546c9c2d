// Three token service processes (the built package: createTokenHandler + serve, each on its own
// port of 127.0.0.1) share one Redis through rate-limiter-flexible and fromRateLimiterFlexible —
// two over ioredis, one over node-redis, one keyPrefix. A burst for one identity spread across them
// gets exactly `limit` tokens in total; then Redis stops mid-run and every instance fails closed
// (503 with Retry-After) without crashing; Redis comes back on the same port and the services
// count again without a restart. Needs `npx tsup` first (the services import dist/).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, startService, stopChild, type RedisProcess, type ServiceProcess } from '../helpers/redis.mjs';

const LIMIT = 10;
const UNAVAILABLE_RETRY_AFTER = 2;
const CLIENTS = ['ioredis', 'redis', 'ioredis'] as const;
let redis: RedisProcess | undefined;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/handler/index.js', import.meta.url))) throw new Error('build first: npx tsup');
  redis = await startRedis();
  for (const client of CLIENTS) {
    services.push(
      await startService({ LIMITER: client, REDIS_PORT: redis.port, LIMIT, DURATION: 60, KEY_PREFIX: 'lk-mint-shared', UNAVAILABLE_RETRY_AFTER }),
    );
  }
}, 40_000);

afterAll(async () => {
  for (const service of services.splice(0)) await stopChild(service.child);
  await redis?.stop();
}, 20_000);

interface Answer {
  instance: number;
  status: number;
  retryAfter: string | null;
  code?: string;
  token?: string;
}

async function mint(instance: number, identity: string): Promise<Answer> {
  const res = await fetch(`${services[instance]!.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer shared' },
    body: JSON.stringify({ room: 'town-hall', identity }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { token?: string; error?: { code: string } };
  const answer: Answer = { instance, status: res.status, retryAfter: res.headers.get('retry-after') };
  if (body.error) answer.code = body.error.code;
  if (body.token) answer.token = body.token;
  return answer;
}

/** `count` mints for one identity, round-robin over the instances, all in flight at once. */
const burst = (identity: string, count: number) => Promise.all(Array.from({ length: count }, (_, i) => mint(i % services.length, identity)));

function tally(answers: Answer[]) {
  return services.map((_, instance) => {
    const mine = answers.filter((a) => a.instance === instance);
    return { instance, client: CLIENTS[instance], allowed: mine.filter((a) => a.status === 200).length, denied: mine.filter((a) => a.status === 429).length };
  });
}

const alive = () => services.every((s) => s.child.exitCode === null && s.child.signalCode === null);

describe('three instances, one Redis', () => {
  it(`a burst of ${3 * LIMIT} mints for one identity: exactly ${LIMIT} tokens in total, the rest 429 with Retry-After`, async () => {
    const answers = await burst('burst-user', 3 * LIMIT);
    const counts = tally(answers);
    console.log('burst (allowed/denied per instance):', JSON.stringify(counts));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(LIMIT);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(2 * LIMIT);
    for (const a of answers.filter((x) => x.status === 200)) expect(a.token).toMatch(/^eyJ/);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.code).toBe('ERR_RATE_LIMITED');
      // The window is 60 s and began with this burst.
      expect(a.retryAfter).toMatch(/^\d+$/);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(55);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(60);
    }
    // Every instance took part, and the identity is refused on each of them now.
    expect(counts.every((c) => c.allowed + c.denied === LIMIT)).toBe(true);
    for (let i = 0; i < services.length; i++) expect((await mint(i, 'burst-user')).status).toBe(429);
    // The budget is per identity: someone else still gets a token anywhere.
    for (let i = 0; i < services.length; i++) expect((await mint(i, `other-${i}`)).status).toBe(200);
  });

  it('Redis stops mid-run: every instance answers 503 ERR_RATE_LIMIT_UNAVAILABLE with Retry-After, never crashes; Redis back: they recover without restart', async () => {
    const statuses: number[] = [];
    const pids = services.map((s) => s.child.pid);
    // Running: some mints before the outage.
    for (let round = 0; round < 3; round++) for (let i = 0; i < services.length; i++) statuses.push((await mint(i, 'steady-user')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);

    await redis!.stop();
    const during: Answer[] = [];
    for (let round = 0; round < 4; round++) for (let i = 0; i < services.length; i++) during.push(await mint(i, 'steady-user'));
    during.push(...(await burst('burst-during-outage', 9)));
    for (const a of during) {
      expect(a).toMatchObject({ status: 503, code: 'ERR_RATE_LIMIT_UNAVAILABLE', retryAfter: String(UNAVAILABLE_RETRY_AFTER) });
      expect(a.token).toBeUndefined();
    }
    // Still up and answering: health, and no process ended.
    for (const s of services) expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect(alive()).toBe(true);

    await redis!.start();
    // Each instance's client reconnects by itself; bounded wait for the first token.
    const attempts: number[] = [];
    for (let i = 0; i < services.length; i++) {
      let n = 0;
      for (; n < 100; n++) {
        const a = await mint(i, `recovery-${i}`);
        expect([200, 503]).toContain(a.status);
        if (a.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(n).toBeLessThan(100);
      attempts.push(n + 1);
    }
    console.log('attempts to the first token after Redis came back, per instance:', attempts.join(', '));
    // Counting across instances works again (Redis restarted empty: a fresh window).
    const after = await burst('after-outage', LIMIT + 5);
    expect(after.filter((a) => a.status === 200)).toHaveLength(LIMIT);
    expect(after.filter((a) => a.status === 429)).toHaveLength(5);
    expect(alive()).toBe(true);
    expect(services.map((s) => s.child.pid)).toEqual(pids);
  });
});
