// Sanity checks, the interleaved throughput table and the cost-growth series, in the current
// runtime. Imported by run.mjs under Node; run directly by Bun or Deno (`run.mjs --runtime`),
// in which case it prints its result as JSON on stdout.
import { jwtVerify } from 'jose';
import { API_KEY, API_SECRET, IDENTITY, KEY, METADATA, NAME, VIDEO, claimsAt, contenders, ourOptions, referenceToken } from './contenders.mjs';
import { interleave, median, pairedRatio, spread } from './measure.mjs';

const env = (name, fallback) => {
  try {
    const v = globalThis.process?.env?.[name] ?? globalThis.Deno?.env.get(name);
    return v === undefined || v === '' ? fallback : Number(v);
  } catch {
    return fallback;
  }
};

const envText = (name) => {
  try {
    return globalThis.process?.env?.[name] ?? globalThis.Deno?.env.get(name) ?? undefined;
  } catch {
    return undefined;
  }
};

export const CONFIG = {
  rounds: env('BENCH_ROUNDS', 9),
  sliceMs: env('BENCH_SLICE_MS', 200), // as the independent harness: same slices, same method
  warmupMs: env('BENCH_WARMUP_MS', 100),
  inFlight: env('BENCH_CONCURRENCY', 64),
  growthRounds: env('BENCH_GROWTH_ROUNDS', 5),
  growthSliceMs: env('BENCH_GROWTH_SLICE_MS', 100),
};

/**
 * The build this runtime loads for `import 'livekit-token'`: the `deno` export condition selects
 * dist/deno, `node` (Node and Bun) dist/node; without them (a plain path import, a bundler for
 * the browser) it is the Web build, dist/index.js.
 */
export function selectedBuild() {
  return globalThis.Deno ? 'dist/deno/index.js' : 'dist/node/index.js';
}

export function runtimeName() {
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  return `node ${globalThis.process.versions.node}`;
}

const log = (...a) => (globalThis.__benchLog ?? console.error)(...a);
const secretBytes = new TextEncoder().encode(API_SECRET);

async function mintIsRight(mint) {
  const token = await mint();
  const { payload } = await jwtVerify(token, secretBytes, { issuer: API_KEY });
  const problems = [];
  if (payload.sub !== IDENTITY) problems.push('sub');
  if (payload.name !== NAME) problems.push('name');
  if (payload.metadata !== METADATA) problems.push('metadata');
  for (const [k, v] of Object.entries(VIDEO)) if (payload.video?.[k] !== v) problems.push(`video.${k}`);
  if (Math.abs(payload.exp - payload.nbf - 3600) > 1) problems.push('exp-nbf');
  if (problems.length) throw new Error(`wrong claims: ${problems.join(', ')}`);
  return token.length;
}

async function verifierIsRight(verify, good, bad) {
  const ok = await verify(good);
  if (ok === false || ok === undefined || ok === null) throw new Error('rejected the reference token');
  const rejected = await Promise.resolve()
    .then(() => verify(bad))
    .then((r) => !r, () => true);
  if (!rejected) throw new Error('accepted a tampered signature');
}

const tamper = (token) => token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);

/** Sanity, then throughput of every contender × {mint, verify} × {sequential, in flight}. */
export async function throughput(lib, web) {
  const list = await contenders(lib, web);
  const ref = referenceToken();
  const sanity = {};
  const cells = [];
  const only = envText('BENCH_ONLY')?.split(',');
  for (const c of list) {
    if (only && !only.includes(c.id) && !c.id.startsWith('floor-')) continue;
    sanity[c.id] = {};
    if (c.skipped) {
      sanity[c.id] = { skipped: c.skipped };
      log(`SKIP ${c.id}: ${c.skipped}`);
      continue;
    }
    const verifyFn = c.prepareVerify ? (t) => c.prepareVerify(t)().then(() => true) : c.verify;
    const ops = {
      mint: [c.mint, () => mintIsRight(c.mint).then((len) => `ok, token ${len} chars`)],
      verify: [c.prepareVerify ? c.prepareVerify(ref) : () => c.verify(ref), () => verifierIsRight(verifyFn, ref, tamper(ref)).then(() => 'ok')],
    };
    for (const [op, [fn, check]] of Object.entries(ops)) {
      try {
        sanity[c.id][op] = await check();
      } catch (e) {
        sanity[c.id][op] = `FAIL: ${e?.message ?? e}`;
        log(`FAIL ${c.id} ${op}: ${e?.message ?? e} (not timed)`);
        continue;
      }
      cells.push({ key: `${c.id}|${op}|seq`, fn, inFlight: 1 });
      cells.push({ key: `${c.id}|${op}|par`, fn, inFlight: CONFIG.inFlight });
    }
  }
  log(`throughput: ${cells.length} cells × ${CONFIG.rounds} rounds × ${CONFIG.sliceMs} ms`);
  const samples = await interleave(cells, { ...CONFIG, onRound: (r) => log(`  round ${r}/${CONFIG.rounds}`) });
  const table = {};
  for (const [key, xs] of Object.entries(samples)) {
    const [id, op, mode] = key.split('|');
    const vs = (floor) => (samples[`${floor}|${op}|${mode}`] ? pairedRatio(xs, samples[`${floor}|${op}|${mode}`]) : null);
    ((table[id] ??= {})[op] ??= {})[mode] = {
      opsPerSec: Math.round(median(xs)),
      spread: +spread(xs).toFixed(2),
      xWebCrypto: vs('floor-webcrypto'),
      xNodeCrypto: vs('floor-node'),
      xLivekitSdk: vs('livekit-server-sdk'),
      xFastJwt: vs('fast-jwt'),
      samples: xs.map(Math.round),
    };
  }
  return { sanity, table, labels: Object.fromEntries(list.map((c) => [c.id, c.label])), referenceTokenLength: ref.length };
}

/** How mint/verify cost grows with metadata size and with the number of keys in a record. */
export async function growth(lib) {
  const cells = [];
  const sizes = [0, 1024, 4096, 7168];
  const nbf = Math.floor(Date.now() / 1000);
  const engines = [
    ['async', (o) => lib.createToken(KEY, o), (t, k) => lib.verifyToken(t, k)],
    ['sync', async (o) => lib.createTokenSync(KEY, o), async (t, k) => lib.verifyTokenSync(t, k)],
  ];
  const info = { metadata: {}, keys: {} };
  for (const size of sizes) {
    const metadata = size ? 'm'.repeat(size) : undefined;
    // Minting refuses tokens over 8 KiB unless told otherwise: the growth series goes beyond.
    const options = { ...ourOptions(metadata), maxTokenBytes: 16384 };
    const token = referenceToken({ ...claimsAt(nbf, metadata) });
    // Over the 8 KiB bound the verifier refuses the token before any work: time that refusal.
    const refused = await lib.verifyToken(token, KEY).then(() => false, (e) => e.code === 'ERR_TOKEN_MALFORMED');
    info.metadata[size] = { tokenLength: token.length, verify: refused ? 'refused (over the 8 KiB bound)' : 'verified' };
    for (const [engine, mint, verify] of engines) {
      cells.push({ key: `metadata|${size}|${engine}|mint`, fn: () => mint(options), inFlight: 1 });
      cells.push({ key: `metadata|${size}|${engine}|verify`, fn: refused ? () => verify(token, KEY).catch(() => {}) : () => verify(token, KEY), inFlight: 1 });
    }
  }
  const token = referenceToken();
  for (const n of [1, 10, 1000]) {
    // The right key is the last one inserted into the record.
    const keys = Object.fromEntries(Array.from({ length: n - 1 }, (_, i) => [`APIother${i}`, `secret-${i}`]).concat([[API_KEY, API_SECRET]]));
    info.keys[n] = { type: 'record' };
    for (const [engine, , verify] of engines) cells.push({ key: `keys|${n}|${engine}|verify`, fn: () => verify(token, keys), inFlight: 1 });
  }
  log(`growth: ${cells.length} cells × ${CONFIG.growthRounds} rounds × ${CONFIG.growthSliceMs} ms`);
  const samples = await interleave(cells, { rounds: CONFIG.growthRounds, sliceMs: CONFIG.growthSliceMs, warmupMs: 50, seed: 7 });
  const out = { metadata: {}, keys: {}, info };
  for (const [key, xs] of Object.entries(samples)) {
    const [kind, n, engine, op] = key.split('|');
    ((out[kind][n] ??= {})[engine] ??= {})[op] = { usPerOp: +(1e6 / median(xs)).toFixed(2), spread: +spread(xs).toFixed(2) };
  }
  return out;
}

// Run directly (Bun / Deno child): print JSON.
// (`import.meta.main` is true in the entry module under Bun and Deno, absent under Node 20.)
if (import.meta.main === true) {
  const lib = await import(new URL(`../${selectedBuild()}`, import.meta.url).href);
  const web = await import(new URL('../dist/index.js', import.meta.url).href);
  const result = { runtime: runtimeName(), build: selectedBuild(), config: CONFIG, ...(await throughput(lib, web)), growth: await growth(lib) };
  console.log(JSON.stringify(result));
}
