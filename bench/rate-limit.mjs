#!/usr/bin/env node
// What sharing the rate limit costs: mints per second through ONE token service instance
// (the built package's createTokenHandler + serve, a child process on 127.0.0.1) with
//   memory   the default in-memory limiter (createMemoryRateLimiter)
//   ioredis  rate-limiter-flexible's RateLimiterRedis over ioredis,    via fromRateLimiterFlexible
//   redis    rate-limiter-flexible's RateLimiterRedis over node-redis, via fromRateLimiterFlexible
// against a throwaway redis-server on a loopback port (persistence off). Load: POST /token over
// keep-alive HTTP from this process, `concurrency` requests in flight (and 1 in flight, for the
// per-mint latency), interleaved rounds of a fixed duration, medians. Every identity is distinct
// and the limit is far away, so each request is one counted mint. Bounded: it stops by itself
// (about 40 s by default, 120 s at most) and ends every process it started, by PID.
//
//   npm run bench:ratelimit -- [--rounds 3] [--seconds 2] [--concurrency 32] [--json]
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { startRedis, startService, stopChild } from '../test/helpers/redis.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const LIMITERS = ['memory', 'ioredis', 'redis'];
let sequence = 0;

const started = [];
const hardStop = setTimeout(async () => {
  console.error('bench: hard time limit reached');
  await cleanup();
  process.exit(2);
}, 120_000);

async function cleanup() {
  for (const child of started.splice(0)) await stopChild(child).catch(() => {});
}

try {
  const redis = await startRedis();
  started.push(redis.child);
  const services = {};
  for (const name of LIMITERS) {
    const service = await startService({ LIMITER: name, REDIS_PORT: redis.port, LIMIT: 1_000_000_000, DURATION: 600, KEY_PREFIX: `bench-${name}` });
    started.push(service.child);
    services[name] = service;
  }
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

  // Sanity: each answers 200 with a token.
  for (const [name, service] of Object.entries(services)) {
    const { status } = await mint(agent, service.port);
    if (status !== 200) throw new Error(`${name}: status ${status}`);
  }
  for (const service of Object.values(services)) await load(agent, service.port, concurrency, 500);

  const cells = {};
  for (const name of LIMITERS) cells[name] = { rps: [], latencyMs: [], serviceCpuUs: [], redisCpuUs: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? LIMITERS : [...LIMITERS].reverse();
    for (const name of order) {
      const { port, child } = services[name];
      const cpu0 = [cpuMicros(child.pid), cpuMicros(redis.pid)];
      const loaded = await load(agent, port, concurrency, seconds * 1000);
      const cpu1 = [cpuMicros(child.pid), cpuMicros(redis.pid)];
      const single = await load(agent, port, 1, Math.max(500, seconds * 250));
      if (loaded.errors + single.errors > 0) throw new Error(`${name}: ${loaded.errors + single.errors} failed requests`);
      cells[name].rps.push((loaded.count / loaded.elapsed) * 1000);
      cells[name].latencyMs.push(single.elapsed / single.count);
      if (cpu0[0] !== undefined) {
        cells[name].serviceCpuUs.push((cpu1[0] - cpu0[0]) / loaded.count);
        cells[name].redisCpuUs.push((cpu1[1] - cpu0[1]) / loaded.count);
      }
    }
  }
  agent.destroy();

  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : Number.NaN);
  const result = Object.fromEntries(
    LIMITERS.map((name) => [
      name,
      {
        mintsPerSecond: Math.round(median(cells[name].rps)),
        msPerMintOneInFlight: Number(median(cells[name].latencyMs).toFixed(2)),
        serviceCpuMicrosPerMint: Math.round(median(cells[name].serviceCpuUs)),
        redisCpuMicrosPerMint: name === 'memory' ? 0 : Math.round(median(cells[name].redisCpuUs)),
      },
    ]),
  );
  if (args.json) console.log(JSON.stringify({ concurrency, rounds, seconds, result }));
  else {
    console.log(`POST /token through one instance on loopback: ${concurrency} in flight, ${rounds} interleaved rounds × ${seconds} s, medians`);
    console.log('| limiter | mints/s | vs memory | ms per mint (1 in flight) | service CPU µs/mint | redis-server CPU µs/mint |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const name of LIMITERS) {
      const x = result[name];
      const ratio = (x.mintsPerSecond / result.memory.mintsPerSecond).toFixed(2);
      console.log(`| ${name} | ${x.mintsPerSecond} | ${ratio}× | ${x.msPerMintOneInFlight} | ${x.serviceCpuMicrosPerMint} | ${x.redisCpuMicrosPerMint} |`);
    }
  }
} finally {
  clearTimeout(hardStop);
  await cleanup();
}

/** One POST /token for a new identity: its status. */
function mint(agent, port) {
  return new Promise((resolve, reject) => {
    const body = `{"room":"bench-room","identity":"user-${sequence++}"}`;
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/token', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: 'Bearer shared' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Keeps `inFlight` mints going for `durationMs`. */
async function load(agent, port, inFlight, durationMs) {
  const start = performance.now();
  let count = 0;
  let errors = 0;
  const worker = async () => {
    while (performance.now() - start < durationMs) {
      const { status } = await mint(agent, port);
      if (status === 200) count++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { count, errors, elapsed: performance.now() - start };
}

/** User + system CPU time of a process, microseconds (Linux /proc; undefined elsewhere). */
function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}
