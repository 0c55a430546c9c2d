// The performance tables of README.md and docs/performance.md that bench/markdown.mjs does not
// print, computed from bench/results.json (what `npm run bench` wrote). After a new bench run:
//   node test/docs/bench-tables.mjs
// and paste its output; test/docs/performance.test.ts fails until the pages match the results.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNTIMES = ['node', 'bun', 'deno'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Same rounding as bench/markdown.mjs.
const x = (v) => `${v.toFixed(v >= 10 ? 0 : 2)}×`;
const rows = (headers, body) =>
  [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Median over rounds of the per-round ratio `ours / peer` (how bench/measure.mjs pairs cells). */
function ratio(table, ours, peer, op, mode) {
  const a = table[ours]?.[op]?.[mode]?.samples;
  const b = table[peer]?.[op]?.[mode]?.samples;
  if (!a || !b || a.length !== b.length) return undefined;
  return median(a.map((v, i) => v / b[i]));
}

/** "Runtime x.y" for a column header: `node 20.20.2` → `Node 20`. */
function runtimeName(r) {
  const [name, version] = r.runtime.split(' ');
  const major = name === 'node' ? version.split('.')[0] : version.split('.').slice(0, 2).join('.');
  return `${name[0].toUpperCase()}${name.slice(1)} ${major}`;
}

/** README: how many times the speed of livekit-server-sdk / jose, mint / verify. */
export function readmeTable(results) {
  const runtimes = RUNTIMES.filter((rt) => results[rt]);
  const cell = (ours, peer, mode) => (rt) => {
    const t = results[rt].table;
    const m = ratio(t, ours, peer, 'mint', mode);
    const v = ratio(t, ours, peer, 'verify', mode);
    return m === undefined || v === undefined ? '—' : `${x(m)} / ${x(v)}`;
  };
  const inFlight = results[runtimes[0]].config.inFlight;
  const lines = [
    ['`createToken` / `verifyToken` vs `livekit-server-sdk`', cell('ours-async', 'livekit-server-sdk', 'seq')],
    [`… with ${inFlight} requests in flight`, cell('ours-async', 'livekit-server-sdk', 'par')],
    ['`createTokenSync` / `verifyTokenSync` vs `livekit-server-sdk`', cell('ours-sync', 'livekit-server-sdk', 'seq')],
    ['`createToken` / `verifyToken` vs `jose`', cell('ours-async', 'jose', 'seq')],
    ['`createTokenSync` / `verifyTokenSync` vs `jose`', cell('ours-sync', 'jose', 'seq')],
  ];
  return rows(['speed ratio (mint / verify)', ...runtimes.map((rt) => runtimeName(results[rt]))], lines.map(([label, f]) => [label, ...runtimes.map(f)]));
}

/** docs/performance.md: bundle sizes measured by the bench (esbuild, minified, gzip). */
export function bundleTable(results) {
  const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
  return rows(
    ['bundle of', 'minified', 'min + gzip'],
    Object.entries(results.size ?? {}).map(([name, s]) => [name, s.error ? s.error : kB(s.bytes), s.error ? '' : kB(s.gzip)]),
  );
}

/** docs/performance.md: the design goals the bench checks, per runtime. */
export function goalsTable(results) {
  const runtimes = RUNTIMES.filter((rt) => results[rt]?.targets);
  const goals = results[runtimes[0]].targets.map((t) => t.what);
  const value = (rt, what) => {
    const t = results[rt].targets.find((g) => g.what === what);
    return t ? `${t.value}× ${t.met ? '✓' : '✗'}` : '—';
  };
  const goal = (what) => results[runtimes[0]].targets.find((g) => g.what === what).goal;
  return rows(['goal', ...runtimes.map((rt) => runtimeName(results[rt]))], goals.map((what) => [`${what} ≥ ${goal(what)}`, ...runtimes.map((rt) => value(rt, what))]));
}

export function loadResults() {
  return JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = loadResults();
  console.log('README.md, Performance:\n');
  console.log(readmeTable(results));
  console.log('\ndocs/performance.md, bundle sizes:\n');
  console.log(bundleTable(results));
  console.log('\ndocs/performance.md, design goals:\n');
  console.log(goalsTable(results));
}
