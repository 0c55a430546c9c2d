#!/usr/bin/env node
// `npm run bench`: livekit-token against the Web Crypto and node:crypto floors and against
// livekit-server-sdk, jose and fast-jwt, on the same LiveKit payload, in one process with
// interleaved rounds; then cost growth, bundle size, cold start and (if present) the handler
// bench. Prints ratio tables and writes bench/results.json.
//
//   npm run build && npm run bench                 # Node, everything (about 2–3 minutes)
//   npm run bench -- --runtime bun                 # throughput + growth under Bun (also: deno)
//   npm run bench -- --quick                       # fewer, shorter rounds (smoke test; writes nothing)
//   env: BENCH_ROUNDS, BENCH_SLICE_MS, BENCH_WARMUP_MS, BENCH_CONCURRENCY, BENCH_SKIP_SIZE, BENCH_SKIP_COLD
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results.json');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const runtime = flag('--runtime') ?? 'node';
if (!['node', 'bun', 'deno'].includes(runtime)) throw new Error(`--runtime must be node, bun or deno (got ${runtime})`);
if (args.includes('--quick')) {
  Object.assign(process.env, { BENCH_ROUNDS: '3', BENCH_SLICE_MS: '60', BENCH_WARMUP_MS: '40', BENCH_GROWTH_ROUNDS: '2', BENCH_GROWTH_SLICE_MS: '40' });
}

// ---- the build under test ---------------------------------------------------------------
const entry = join(ROOT, 'dist', 'index.js');
if (!existsSync(entry)) {
  console.error('dist/index.js is missing: run `npm run build` first.');
  process.exit(1);
}
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
if (newest(join(ROOT, 'src')) > statSync(entry).mtimeMs) console.error('WARNING: src/ is newer than dist/: run `npm run build` to measure the current code.');

// ---- formatting ---------------------------------------------------------------------------
const fmtOps = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
const fmtX = (x) => (x == null ? '—' : `${x.toFixed(2)}×`);
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
const versionOf = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

function printThroughput(result) {
  const { table: t, labels, sanity } = result;
  for (const op of ['mint', 'verify']) {
    const rows = [];
    for (const id of Object.keys(labels)) {
      const cell = t[id]?.[op];
      if (!cell) {
        rows.push([id, sanity[id]?.skipped ?? sanity[id]?.[op] ?? 'not run', '', '', '', '', '', '', '']);
        continue;
      }
      const { seq, par } = cell;
      rows.push([id, fmtOps(seq.opsPerSec), `±${Math.round(seq.spread * 100)}%`, fmtX(seq.xWebCrypto), fmtX(seq.xNodeCrypto), fmtX(seq.xLivekitSdk), fmtOps(par.opsPerSec), fmtX(par.xWebCrypto), fmtX(par.xLivekitSdk)]);
    }
    console.log(`\n${op.toUpperCase()} (median ops/s over rounds; ratios = median of per-round ratios)`);
    console.log(table(['contender', 'seq ops/s', 'spread', 'x WebCrypto', 'x node:crypto', 'x lk-sdk', `${result.config.inFlight} in flight`, 'x WebCrypto', 'x lk-sdk'], rows));
    console.log(`(ours-async / ours-sync: ${result.build ?? 'dist/index.js'}, the build this runtime selects; ours-async-web: dist/index.js, Web Crypto)`);
  }
}

/** Who leads each column among the libraries (our two APIs, the SDK, jose, fast-jwt). */
function leaders(result) {
  const t = result.table;
  const ids = ['ours-async', 'ours-sync', 'livekit-server-sdk', 'jose', 'fast-jwt'].filter((id) => t[id]);
  const out = {};
  const rows = [];
  for (const op of ['mint', 'verify']) {
    for (const mode of ['seq', 'par']) {
      // Ranked by the median of per-round ratios to the Web Crypto floor (pairs rounds, as every ratio here).
      const ranked = ids.filter((id) => t[id][op]?.[mode]).sort((a, b) => t[b][op][mode].xWebCrypto - t[a][op][mode].xWebCrypto);
      const [first, second] = ranked;
      out[`${op} ${mode}`] = { leader: first, next: second, margin: +(t[first][op][mode].xWebCrypto / t[second][op][mode].xWebCrypto).toFixed(2) };
      rows.push([`${op}, ${mode === 'seq' ? 'sequential' : `${result.config.inFlight} in flight`}`, first, fmtOps(t[first][op][mode].opsPerSec), second, `${fmtX(out[`${op} ${mode}`].margin)} ahead`]);
    }
  }
  console.log(`\nLEADERS (${result.runtime}; ranked by median per-round ratio to the Web Crypto floor)`);
  console.log(table(['column', 'leader', 'ops/s', 'next', 'margin'], rows));
  return out;
}

/**
 * The goals: the default async API ≥ 2× livekit-server-sdk (sequential and in flight); the sync
 * API ≥ 1.2× fast-jwt sequentially (≥ 0.8× on Bun, whose fast-jwt signs with its native HMAC) and
 * ≥ 0.5× the node:crypto floor (the HMAC alone on a precomputed input, no claims).
 */
function goals(result) {
  const t = result.table;
  const checks = [];
  const check = (what, value, goal) => checks.push({ what, value: value == null ? null : +value.toFixed(2), goal, met: value != null && value >= goal });
  const fastJwtGoal = result.runtime.startsWith('bun') ? 0.8 : 1.2;
  for (const op of ['mint', 'verify']) {
    check(`createToken/verifyToken ${op} sequential x livekit-server-sdk`, t['ours-async']?.[op]?.seq.xLivekitSdk, 2);
    check(`createToken/verifyToken ${op} ${result.config.inFlight} in flight x livekit-server-sdk`, t['ours-async']?.[op]?.par.xLivekitSdk, 2);
  }
  for (const op of ['mint', 'verify']) check(`createTokenSync/verifyTokenSync ${op} sequential x fast-jwt`, t['ours-sync']?.[op]?.seq.xFastJwt, fastJwtGoal);
  for (const op of ['mint', 'verify']) check(`createTokenSync/verifyTokenSync ${op} sequential x node:crypto floor`, t['ours-sync']?.[op]?.seq.xNodeCrypto, 0.5);
  console.log(`\nGOALS (${result.runtime}, build ${result.build ?? 'dist/index.js'}; median of per-round ratios)`);
  console.log(table(['goal', 'measured', 'goal', ''], checks.map((c) => [c.what, fmtX(c.value), `≥ ${c.goal}×`, c.met ? 'met' : 'MISSED'])));
  return checks;
}

function printGrowth(g) {
  const rows = Object.entries(g.metadata).map(([size, e]) => [
    `${size} B metadata (token ${g.info.metadata[size].tokenLength} chars)`,
    e.async.mint.usPerOp, e.sync.mint.usPerOp, e.async.verify.usPerOp, e.sync.verify.usPerOp, g.info.metadata[size].verify,
  ]);
  console.log('\nCOST GROWTH: payload size (µs per sequential op, medians)');
  console.log(table(['payload', 'async mint', 'sync mint', 'async verify', 'sync verify', 'verify outcome'], rows));
  console.log('\nCOST GROWTH: key set size (record lookup; µs per sequential verify)');
  console.log(table(['keys', 'async verify', 'sync verify'], Object.entries(g.keys).map(([n, e]) => [`${n} keys`, e.async.verify.usPerOp, e.sync.verify.usPerOp])));
}

// ---- run ----------------------------------------------------------------------------------
const started = performance.now();
// The load average goes to the results (to judge a run by), not to the docs.
const machine = { cpu: cpus()[0]?.model.trim(), cores: cpus().length };
const loadAtStart = loadavg().map((l) => +l.toFixed(2));
console.error(`${machine.cpu}, ${machine.cores} cores; load average ${loadAtStart.join(' ')}`);
let measured;
if (runtime === 'node') {
  // A real gc() before each slice keeps one cell's garbage from being collected in another's.
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc');
  const { throughput, growth, CONFIG, runtimeName, selectedBuild } = await import('./throughput.mjs');
  // What `import 'livekit-token'` loads in Node (the `node` export condition), and the Web build.
  const lib = await import(new URL(`../${selectedBuild()}`, import.meta.url).href);
  const web = await import(new URL('../dist/index.js', import.meta.url).href);
  measured = { runtime: runtimeName(), build: selectedBuild(), config: CONFIG, ...(await throughput(lib, web)), growth: await growth(lib) };
} else {
  const bin = join(ROOT, 'node_modules', '.bin', runtime);
  const argv = runtime === 'deno' ? ['run', '-A', '--v8-flags=--expose-gc', 'bench/throughput.mjs'] : ['bench/throughput.mjs'];
  console.error(`running bench/throughput.mjs under ${runtime}…`);
  const child = spawnSync(bin, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20, env: process.env });
  if (child.status !== 0) {
    console.error(`${runtime} failed (exit ${child.status})${child.error ? `: ${child.error.message}` : ''}`);
    process.exit(1);
  }
  measured = JSON.parse(child.stdout.trim().split('\n').at(-1));
}
console.log(`\nlivekit-token benchmark — ${measured.runtime}; ${measured.config.rounds} interleaved rounds × ${measured.config.sliceMs} ms per cell`);
console.log(`peers: livekit-server-sdk ${versionOf('livekit-server-sdk')}, jose ${versionOf('jose')}, fast-jwt ${versionOf('fast-jwt')}; reference token ${measured.referenceTokenLength} chars`);
printThroughput(measured);
const lead = leaders(measured);
const goalTable = goals(measured);
printGrowth(measured.growth);

// Our own work per step of a sync mint and verify (CPU time per call), in both engine sets.
let stageProfile;
if (runtime === 'node' && !process.env.BENCH_SKIP_STAGES) {
  const { stages, printStages } = await import('./stages.mjs');
  stageProfile = await stages({ roots: [ROOT], rounds: args.includes('--quick') ? 3 : 15 });
  printStages(stageProfile);
}

let size;
let cold;
let handler;
if (runtime === 'node') {
  const { sizes, coldStart } = await import('./size.mjs');
  if (!process.env.BENCH_SKIP_SIZE) {
    size = await sizes();
    console.log('\nBUNDLE SIZE (esbuild --bundle --minify, ESM, es2022; gzip -9)');
    console.log(table(['entry', 'bytes', 'gzip', 'platform'], Object.entries(size).map(([k, v]) => [k, v.bytes ?? v.error, v.gzip ?? '', v.platform ?? ''])));
  }
  if (!process.env.BENCH_SKIP_COLD) {
    cold = coldStart(args.includes('--quick') ? 3 : 7);
    console.log('\nCOLD START (fresh `node` process: import + one mint; median wall time)');
    console.log(table(['script', 'median ms', 'over bare node'], Object.entries(cold).map(([k, v]) => [k, v.medianMs ?? v.error, v.overBareMs ?? ''])));
  }
  // Another helper's bench for the token service, reported alongside when it exists.
  const handlerBench = join(ROOT, 'bench', 'handler.mjs');
  if (existsSync(handlerBench)) {
    console.log('\nHANDLER (bench/handler.mjs)');
    const child = spawnSync(process.execPath, [handlerBench, ...(args.includes('--quick') ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    handler = { status: child.status, output: (child.stdout ?? '') + (child.stderr ?? '') };
    console.log(handler.output.trimEnd() || `(no output, exit ${child.status})`);
  }
}

// results.json keeps one section per runtime, so a Bun or Deno run does not erase the Node one.
let previous = {};
try {
  previous = JSON.parse(readFileSync(RESULTS, 'utf8'));
} catch {
  // first run
}
const strip = (m) => ({ ...m });
const results = {
  ...previous,
  peers: { 'livekit-server-sdk': versionOf('livekit-server-sdk'), jose: versionOf('jose'), 'fast-jwt': versionOf('fast-jwt') },
  // `targets`: the goal checks (test/docs/bench-tables.mjs prints them for docs/performance.md).
  [runtime]: { date: new Date().toISOString(), ...machine, load: { start: loadAtStart, end: loadavg().map((l) => +l.toFixed(2)) }, ...strip(measured), leaders: lead, targets: goalTable },
  ...(size ? { size } : {}),
  ...(cold ? { coldStart: cold } : {}),
  ...(handler ? { handler } : {}),
  ...(stageProfile ? { stages: stageProfile } : {}),
};
// A --quick run is a smoke test: its figures are too rough to replace the committed ones.
if (args.includes('--quick')) console.log(`\n--quick: bench/results.json left unchanged; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
else {
  writeFileSync(RESULTS, JSON.stringify(results, null, 1) + '\n');
  console.log(`\nwrote bench/results.json (${runtime}); total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
