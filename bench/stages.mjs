#!/usr/bin/env node
// Per-stage profile of a mint and a verify of the bench token: how many µs each stage of our own
// work costs, and the HMAC of each engine, so that "what is left besides the HMAC" is a number
// per stage rather than a guess. Built from the sources (esbuild bundles the internal functions),
// timed in CPU time per op (`process.cpuUsage`, this process only), which a busy machine disturbs
// far less than wall time; the median of interleaved rounds. The Web Crypto HMAC is timed both
// ways, because most of its cost is waiting for the thread pool (wall) rather than work (CPU).
//
//   node bench/stages.mjs [--node] [--src <dir with src/>] [--rounds 9] [--json]
//   --node: the Node build's files (Buffer base64url and UTF-8), as dist/node is built.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { API_KEY, API_SECRET, KEY, ourOptions, referenceToken } from './contenders.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ strict: false, options: { node: { type: 'boolean', default: false }, src: { type: 'string' }, rounds: { type: 'string', default: '9' }, ms: { type: 'string', default: '60' }, json: { type: 'boolean', default: false } } });
const srcRoot = resolve(args.src ?? ROOT);

/** As tsup.config.ts builds dist/node: `lib/<name>.js` resolves to `lib/<name>-node.ts` when it exists. */
const nodeEngine = {
  name: 'engine-node',
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\/(?:lib\/)?(?:hmac|sha256|base64url|utf8|jws)\.js$/ }, async (a) => {
      const { existsSync } = await import('node:fs');
      if (a.importer.includes('-node.ts')) return undefined;
      const file = join(a.resolveDir, a.path.replace(/\.js$/, '-node.ts'));
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};

/** The internal functions of the sources at `dir`, bundled once into .tmp/ (portable or Node build). */
async function internals(dir, node = false) {
  const has = (f) => import('node:fs').then((fs) => fs.existsSync(join(dir, f)));
  const lines = [
    "export { tokenPayload, HEADER_SEGMENT } from './src/jwt/create.ts';",
    "export { parseToken } from './src/jwt/parse.ts';",
    "export { planVerify, checkHeader, issuer, checkClaims } from './src/jwt/validate.ts';",
    "export { lookupSecret, requireSecret } from './src/keys.ts';",
    "export { encodeBytes } from './src/lib/base64url.ts';",
    "export { utf8 } from './src/lib/utf8.ts';",
    "export { parseTtl } from './src/ttl.ts';",
    "export { hmacSha256 as hmacJs } from './src/lib/sha256.ts';",
    "export { hmacSign as webSign, hmacVerify as webVerify } from './src/lib/hmac.ts';",
  ];
  if (await has('src/lib/hmac-node.ts')) lines.push("export { hmacSha256Node as hmacNode } from './src/lib/hmac-node.ts';");
  // The Node build's own files for the stages it replaces (the plugin handles the internal imports).
  if (node) for (const name of ['base64url', 'utf8']) if (await has(`src/lib/${name}-node.ts`)) lines.forEach((l, i) => (lines[i] = l.replace(`/lib/${name}.ts'`, `/lib/${name}-node.ts'`)));
  const out = join(ROOT, '.tmp', 'bench', `stages-${Buffer.from(dir).toString('base64url').slice(-24)}${node ? '-node' : ''}.mjs`);
  mkdirSync(join(ROOT, '.tmp', 'bench'), { recursive: true });
  await build({ stdin: { contents: lines.join('\n'), resolveDir: dir, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', target: 'es2022', outfile: out, logLevel: 'error', plugins: node ? [nodeEngine] : [] });
  return import(pathToFileURL(out).href);
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
let sink = 0;
/** µs of CPU per call of a synchronous `fn`, over about `ms` of CPU time. */
function cpuPerOp(fn, ms) {
  let n = 0;
  const c0 = cpuNow();
  let c = c0;
  while (c - c0 < ms * 1000) {
    for (let i = 0; i < 64; i++) sink ^= fn()?.length ?? 1;
    n += 64;
    c = cpuNow();
  }
  return (c - c0) / n;
}
/** µs of wall time and of CPU per awaited call of an async `fn`. */
async function asyncPerOp(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  const c0 = cpuNow();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 16; i++) sink ^= (await fn())?.byteLength ?? 1;
    n += 16;
    t = performance.now();
  }
  return { wall: ((t - t0) * 1000) / n, cpu: (cpuNow() - c0) / n };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

export async function stages({ dir = srcRoot, rounds = Number(args.rounds), ms = Number(args.ms), node = !!args.node } = {}) {
  const m = await internals(dir, node);
  const options = ourOptions();
  const payloadBytes = m.tokenPayload(KEY, options, m.parseTtl);
  const json = new TextDecoder().decode(payloadBytes);
  const claims = JSON.parse(json);
  const input = `${m.HEADER_SEGMENT}.${m.encodeBytes(payloadBytes)}`;
  const inputBytes = m.utf8(input);
  const token = referenceToken();
  const parsed = m.parseToken(token);
  const sig = parsed.signature;
  const verifyInput = m.utf8(parsed.input);
  const sig32 = m.hmacJs(API_SECRET, inputBytes);

  const mint = {
    'options check + claims object': () => m.tokenPayload(KEY, options, m.parseTtl), // minus JSON and UTF-8 below
    'JSON.stringify': () => JSON.stringify(claims),
    'UTF-8 encode': () => m.utf8(json),
    'base64url payload + header': () => `${m.HEADER_SEGMENT}.${m.encodeBytes(payloadBytes)}`,
    'base64url signature + join': () => `${input}.${m.encodeBytes(sig32)}`,
    'HMAC, JavaScript (sync API; Deno build)': () => m.hmacJs(API_SECRET, inputBytes),
    ...(m.hmacNode ? { 'HMAC, node:crypto (Node build)': () => m.hmacNode(API_SECRET, inputBytes) } : {}),
  };
  const verify = {
    'parse: split, base64url, UTF-8, JSON.parse': () => m.parseToken(token),
    'verify options + header + key lookup': () => {
      m.planVerify(undefined);
      m.checkHeader(parsed.header);
      return m.requireSecret(m.lookupSecret(KEY, m.issuer(parsed.claims)));
    },
    'UTF-8 of the signing input': () => m.utf8(parsed.input),
    'claim checks (types, exp/nbf)': () => m.checkClaims(parsed.claims, m.planVerify(undefined)),
  };
  const samples = {};
  const push = (k, v) => (samples[k] ??= []).push(v);
  for (const f of [...Object.values(mint), ...Object.values(verify)]) cpuPerOp(f, ms / 2); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [k, f] of Object.entries(mint)) push(`mint|${k}`, cpuPerOp(f, ms));
    for (const [k, f] of Object.entries(verify)) push(`verify|${k}`, cpuPerOp(f, ms));
    const w = await asyncPerOp(() => m.webSign(API_SECRET, inputBytes), ms);
    push('mint|HMAC, Web Crypto wall', w.wall);
    push('mint|HMAC, Web Crypto CPU (all threads)', w.cpu);
    const v = await asyncPerOp(() => m.webVerify(API_SECRET, sig, verifyInput), ms);
    push('verify|HMAC, Web Crypto wall', v.wall);
  }
  const us = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, +median(xs).toFixed(2)]));
  // tokenPayload includes JSON and UTF-8: report the rest as the options check + claims stage.
  const k = 'mint|options check + claims object';
  us[k] = +(us[k] - us['mint|JSON.stringify'] - us['mint|UTF-8 encode']).toFixed(2);
  const own = {
    mint: +['options check + claims object', 'JSON.stringify', 'UTF-8 encode', 'base64url payload + header', 'base64url signature + join'].reduce((s, n) => s + us[`mint|${n}`], 0).toFixed(2),
    verify: +['parse: split, base64url, UTF-8, JSON.parse', 'verify options + header + key lookup', 'UTF-8 of the signing input', 'claim checks (types, exp/nbf)'].reduce((s, n) => s + us[`verify|${n}`], 0).toFixed(2),
  };
  return { us, own, sink: sink & 1 };
}

export function printStages(result, title = 'STAGES') {
  console.log(`\n${title} (µs per op, CPU time of this process, median of rounds; Web Crypto also wall time)`);
  for (const op of ['mint', 'verify']) {
    for (const [k, v] of Object.entries(result.us)) if (k.startsWith(`${op}|`)) console.log(`  ${op.padEnd(6)} ${k.slice(op.length + 1).padEnd(44)} ${v.toFixed(2).padStart(7)}`);
    console.log(`  ${op.padEnd(6)} ${'= own work (everything but the HMAC)'.padEnd(44)} ${result.own[op].toFixed(2).padStart(7)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await stages();
  if (args.json) console.log(JSON.stringify(result));
  else printStages(result, `STAGES of ${srcRoot}${args.node ? ', Node build' : ''}`);
}
