#!/usr/bin/env node
// `npm run bench:parse`: time per call of every parser that reads text from a request, on hostile
// inputs from 16 bytes to 16 KiB (the token service's body limit). The time should stay flat
// (input refused by its length before any work) or grow in proportion to the size (one pass),
// never faster. Prints a table; nothing is asserted: timings on a shared machine are noise.
//
//   npx tsup && npm run bench:parse
//   env: PARSE_BENCH_SLICE_MS (time per measurement, default 40)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${ROOT}dist/index.js`) || !existsSync(`${ROOT}dist/handler/index.js`)) {
  console.error('dist/ is missing: run `npx tsup` (or `npm run build`) first.');
  process.exit(1);
}
const { parseTtl, decodeToken, verifyToken, verifyWebhook } = await import(`${ROOT}dist/index.js`);
const { createTokenHandler } = await import(`${ROOT}dist/handler/index.js`);

const SLICE_MS = Number(process.env.PARSE_BENCH_SLICE_MS ?? 40);
const SIZES = Array.from({ length: 11 }, (_, i) => 16 * 2 ** i); // 16 B … 16 KiB
const KEY = { apiKey: 'bench-key', apiSecret: 'bench-secret-bench-secret-bench-secret' };

const fill = (unit, size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
// The ISO string that made the former pattern backtrack: four digit runs and a failing end.
const isoNesting = (n) => {
  const run = '1'.repeat(Math.max(1, Math.floor((n - 6) / 4)));
  return `P${run}W${run}DT${run}H${run}!`;
};

const swallow = (f) => {
  try {
    f();
  } catch {
    // Refusal is the expected result; only the time matters here.
  }
};

// A handler that lets the request through to field validation: anonymous, no rate limit, and a
// body limit above the largest input so that the TTL (not the size check) is what refuses it.
const handler = createTokenHandler({ keys: KEY, wsUrl: 'wss://bench.invalid', allowAnonymous: true, rateLimit: false, maxBodyBytes: 64 * 1024 });
const post = (path, body, headers = {}) =>
  handler(new Request(`http://127.0.0.1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));

/** name → (size) → a function doing one call (sync or async). */
const parsers = {
  'parseTtl ISO nesting': (n) => { const s = isoNesting(n); return () => swallow(() => parseTtl(s)); },
  'parseTtl digits': (n) => { const s = `${'1'.repeat(n - 1)}!`; return () => swallow(() => parseTtl(s)); },
  'parseTtl many units': (n) => { const s = fill('1h', n); return () => swallow(() => parseTtl(s)); },
  'parseTtl spaces': (n) => { const s = `1${' '.repeat(n - 2)}s`; return () => swallow(() => parseTtl(s)); },
  'decodeToken garbage': (n) => { const s = fill('eyJ', n); return () => swallow(() => decodeToken(s)); },
  'decodeToken 3 parts': (n) => { const s = `${'a'.repeat(n >> 1)}.${'b'.repeat(n >> 2)}.c`; return () => swallow(() => decodeToken(s)); },
  'verifyToken garbage': (n) => { const s = `${fill('eyJ', n - 4)}.a.b`; return () => verifyToken(s, KEY).catch(() => {}); },
  'verifyWebhook auth': (n) => { const auth = `Bearer${' '.repeat(n - 7)}x`; return () => verifyWebhook('{}', auth, KEY).catch(() => {}); },
  'POST /token ttl': (n) => { const ttl = isoNesting(n); return () => post('/token', { room: 'r', identity: 'a', ttl }); },
  'POST /token/verify': (n) => { const token = fill('eyJ', n); return () => post('/token/verify', { token }); },
  'POST content-type': (n) => () => post('/token', { room: 'r', identity: 'a' }, { 'content-type': `application/json${' '.repeat(n)}x` }),
};

/** Microseconds per call: the best of three slices of SLICE_MS each. */
async function measure(call) {
  const probe = call();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  let best = Infinity;
  for (let slice = 0; slice < 3; slice++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < SLICE_MS) {
      for (let i = 0; i < 16; i++) {
        const r = call();
        if (isAsync) await r;
      }
      calls += 16;
      elapsed = performance.now() - start;
    }
    best = Math.min(best, (elapsed * 1000) / calls);
  }
  return best;
}

const label = (n) => (n >= 1024 ? `${n / 1024} KiB` : `${n} B`);
const us = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const width = 22;
console.log(`Time per call (µs), hostile input of each size; ${process.version}, best of 3 × ${SLICE_MS} ms.`);
console.log(`${'parser'.padEnd(width)}${SIZES.map((n) => label(n).padStart(8)).join('')}   16 KiB / 16 B`);
for (const [name, make] of Object.entries(parsers)) {
  const row = [];
  for (const size of SIZES) row.push(await measure(make(size)));
  const growth = row.at(-1) / row[0];
  console.log(`${name.padEnd(width)}${row.map((v) => us(v).padStart(8)).join('')}   ${growth.toFixed(1).padStart(6)}×`);
}
console.log('Input grows 1024× from first to last column: a ratio near 1 is flat, up to ~1024 is linear.');
