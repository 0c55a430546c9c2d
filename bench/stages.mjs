#!/usr/bin/env node
// `npm run bench:stages` (and `npm run bench`, which stores the result): where the time of one
// sync mint and one sync verify goes, in µs of CPU per step, for a typical participant token
// (identity, name, metadata, a room join grant with sources), next to the whole
// `createTokenSync`/`verifyTokenSync` of each built package. Each step is timed on its own, with
// the input the step before it produced, in both sets of engine files: the portable ones (the Web
// and Deno builds) and the Node build's (`node:crypto`, `Buffer`). Last, a reference: the same
// token minted and verified by hand with the Node build's native steps and no validation.
// `--compare <dir>` adds other built checkouts, timed in the same rounds: a before/after of the
// core's own work.
//
//   npx tsup && npm run bench:stages                   # about 30 s
//   npm run bench:stages -- --compare ../old-checkout  # and other built checkouts, same rounds
//   npm run bench:stages -- --rounds 21 --markdown     # more rounds; a markdown table
//   npm run bench:stages -- --write                    # store it in bench/results.json, as npm run bench does
//
// The internals are bundled from each checkout's src/ with esbuild, once per engine set, as
// tsup.config.ts builds them. A name a checkout does not have is left out, and its rows stay
// empty. A row marked "(rest of …)" is a whole step minus the rows timed inside it. Each figure
// is the median over rounds; the rounds interleave every cell of every checkout in a shuffled
// order, so that a slow moment does not hit one step only; times are CPU time (see `cpu` below).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHmac, createSecretKey } from 'node:crypto';
import { build } from 'esbuild';

// ---- the internals, bundled from src/ ----------------------------------------------------------
// Every name a step below reads, by file. Names a checkout lacks are skipped.
const INTERNALS = {
  'jwt/create.ts': ['tokenPayload', 'HEADER_SEGMENT'],
  'jwt/parse.ts': ['parseToken'],
  'jwt/validate.ts': ['planVerify', 'checkHeader', 'checkClaims', 'issuer'],
  'claims.ts': ['checkClaimTypes'],
  'lib/json.ts': ['parseJsonObject'],
  'lib/utf8.ts': ['utf8', 'fromUtf8'],
  'lib/base64url.ts': ['decodeBytes', 'decodeText', 'isBase64url'],
  'lib/jws.ts': ['signedToken', 'signatureMatches'],
  'lib/sha256.ts': ['hmacSha256'],
  'keys.ts': ['lookupSecret', 'requireSecret'],
  'ttl.ts': ['parseTtl'],
};

/** As tsup.config.ts builds dist/node: `lib/<name>.js` resolves to `lib/<name>-node.ts` when it exists. */
const nodeEngine = {
  name: 'engine-node',
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\/(?:lib\/)?(?:hmac|sha256|base64url|utf8|jws)\.js$/ }, (a) => {
      if (a.importer.includes('-node.ts')) return undefined;
      const file = join(a.resolveDir, a.path.replace(/\.js$/, '-node.ts'));
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};

/** The internal functions of the checkout at `root`, with the portable engines or the Node build's. */
async function internals(root, engine) {
  const lines = Object.entries(INTERNALS).map(([file, names]) => {
    // The entry imports the portable file; the plugin swaps it as the Node build does.
    const path = join(root, 'src', file);
    if (!existsSync(path)) return '';
    const swapped = engine === 'node' && existsSync(path.replace(/\.ts$/, '-node.ts')) ? path.replace(/\.ts$/, '-node.ts') : path;
    const text = readFileSync(swapped, 'utf8');
    const present = names.filter((n) => new RegExp(`export (?:(?:async )?(?:function|const|let) ${n}\\b|\\{[^}]*\\b${n}\\b[^}]*\\})`).test(text));
    return present.length ? `export { ${present.join(', ')} } from ${JSON.stringify(swapped)};` : '';
  });
  const result = await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true, write: false, format: 'esm', platform: 'node', target: 'es2022', logLevel: 'error',
    plugins: engine === 'node' ? [nodeEngine] : [],
  });
  const dir = mkdtempSync(join(tmpdir(), 'lk-stages-'));
  const file = join(dir, 'internals.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the token ----------------------------------------------------------------------------------
const KEY = { apiKey: 'APIstagesKey01', apiSecret: 'a-secret-of-typical-length-for-livekit-0123456789' };
const NOW = Date.UTC(2026, 0, 1);
const OPTIONS = {
  identity: 'user-4711',
  name: 'Alice Example',
  ttl: '1h',
  now: NOW,
  metadata: '{"team":"blue","role":"speaker"}',
  video: { roomJoin: true, room: 'standup-42', canPublish: true, canSubscribe: true, canPublishSources: ['camera', 'microphone'] },
};
const KEYS = { [KEY.apiKey]: KEY.apiSecret };
const VERIFY = { now: NOW + 60_000 };
let sink = 0;
const keep = (x) => {
  sink = (sink + (typeof x === 'string' ? x.length : typeof x === 'object' && x !== null ? 1 : 0)) | 0;
};

/**
 * The steps of one engine set of one checkout, for `token` (what its built package mints):
 * [label, fn] pairs, the labels `ROWS` reads. Steps whose functions the checkout lacks are left out.
 */
async function stepsOf(root, engine, token) {
  const I = await internals(root, engine);
  const missing = ['tokenPayload', 'parseToken', 'planVerify', 'utf8', 'fromUtf8', 'parseTtl'].filter((n) => !I[n]);
  if (missing.length) throw new Error(`${root} lacks ${missing.join(', ')}`);
  // Intermediate values, each produced by the step before, so every step sees real input.
  const payload = I.tokenPayload(KEY, OPTIONS, I.parseTtl);
  const json = I.fromUtf8(payload);
  const claimsObject = JSON.parse(json);
  const [h64, p64, s64] = token.split('.');
  const input = `${h64}.${p64}`;
  const inputBytes = I.utf8(input);
  const pText = I.fromUtf8(I.decodeBytes(p64));
  const parsed = I.parseToken(token);
  const plan = I.planVerify(VERIFY);
  const steps = [
    ['tokenPayload: options check, claims object, JSON, UTF-8', () => keep(I.tokenPayload(KEY, OPTIONS, I.parseTtl))],
    ['JSON.stringify (claims object → text)', () => keep(JSON.stringify(claimsObject))],
    ['UTF-8 encode', () => keep(I.utf8(json))],
    I.signedToken && ['signedToken: base64url, HMAC, token string', () => keep(I.signedToken(KEY.apiSecret, I.HEADER_SEGMENT, payload))],
    ['HMAC-SHA256 (bytes in, bytes out)', () => keep(I.hmacSha256(KEY.apiSecret, inputBytes))],
    ['verify options', () => keep(I.planVerify(VERIFY))],
    ['parseToken: size, split, header, decode, JSON', () => keep(I.parseToken(token))],
    ['base64url + UTF-8 decode (payload)', () => keep(I.decodeText ? I.decodeText(p64) : I.fromUtf8(I.decodeBytes(p64)))],
    ['JSON parse (payload)', () => keep(I.parseJsonObject(pText))],
    // The signature stays text since the Node engine compares base64url; before, it was decoded.
    ['signature spelling check', I.isBase64url ? () => keep(I.isBase64url(s64) ? 'y' : '') : () => keep(I.decodeBytes(s64))],
    ['header check, iss, key lookup', () => {
      I.checkHeader(parsed.header);
      keep(I.requireSecret(I.lookupSecret(KEYS, I.issuer(parsed.claims))));
    }],
    I.signatureMatches && ['signatureMatches: HMAC, compare', () => keep(I.signatureMatches(KEY.apiSecret, input, parsed.signature) ? 'y' : '')],
    ['checkClaims: types and times', () => keep(I.checkClaims(parsed.claims, plan))],
    ['claim type checks', () => keep(I.checkClaimTypes(parsed.claims))],
  ];
  return steps.filter(Boolean);
}

/** The whole calls of a checkout's built packages. */
async function wholeCallsOf(root) {
  const steps = [];
  let token;
  for (const [name, file] of [['Web build', 'dist/index.js'], ['Deno build', 'dist/deno/index.js'], ['Node build', 'dist/node/index.js']]) {
    if (!existsSync(join(root, file))) continue;
    const lib = await import(pathToFileURL(join(root, file)).href);
    const minted = lib.createTokenSync(KEY, OPTIONS);
    if ((token ??= minted) !== minted) throw new Error(`the ${name} mints another token`);
    steps.push([`createTokenSync, ${name}`, () => keep(lib.createTokenSync(KEY, OPTIONS))]);
    steps.push([`verifyTokenSync, ${name}`, () => keep(lib.verifyTokenSync(token, KEYS, VERIFY))]);
  }
  return { token, steps };
}

/**
 * A reference for the whole calls: the same token minted and verified with the same native steps
 * as the Node build (JSON, \`Buffer\`, \`createHmac\` with a cached key, a constant-time compare), by
 * hand, checking nothing beyond the signature and the times. What the whole calls cost on top of
 * it is their validation: options, names, limits, claim types.
 */
function bareCalls(token) {
  const hmacKey = createSecretKey(Buffer.from(KEY.apiSecret));
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const alphabetOnly = /^[A-Za-z0-9_-]*$/;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const mint = () => {
    const nbf = Math.floor(NOW / 1000);
    const { identity: sub, name, metadata, video } = OPTIONS;
    const claims = { iss: KEY.apiKey, sub, nbf, exp: nbf + 3600, name, metadata, video: { ...video, canPublishSources: [...video.canPublishSources] } };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${createHmac('sha256', hmacKey).update(input, 'latin1').digest('base64url')}`;
  };
  const verify = () => {
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    const payload = token.slice(dot1 + 1, dot2);
    const signature = token.slice(dot2 + 1);
    if (!alphabetOnly.test(payload) || !alphabetOnly.test(signature)) throw new Error('malformed');
    const claims = JSON.parse(utf8.decode(Buffer.from(payload, 'base64url')));
    const expected = createHmac('sha256', hmacKey).update(token.slice(0, dot2), 'latin1').digest('base64url');
    let diff = expected.length ^ signature.length;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
    const now = (NOW + 60_000) / 1000;
    if (diff !== 0 || claims.iss !== KEY.apiKey || now > claims.exp + 10 || now < claims.nbf - 10) throw new Error('refused');
    return claims;
  };
  if (mint() !== token) throw new Error('the bare mint makes another token');
  return [['bare mint', () => keep(mint())], ['bare verify', () => keep(verify())]];
}

// ---- timing -------------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const shuffle = (a) => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
// CPU time of this process, not wall time: on a shared machine the process is often descheduled,
// which wall time would count. (It includes the garbage collector's helper threads, whose work
// the step causes.)
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
function runFor(fn, n) {
  const start = cpu();
  for (let i = 0; i < n; i++) fn();
  return (cpu() - start) / n; // µs per op
}
/** Iterations that take about `ms`, after a warm-up that lets the JIT settle. */
function calibrate(fn, ms) {
  let n = 64;
  for (let t = 0; n < 1e8; n *= 2) {
    t = runFor(fn, n) * n;
    if (t > ms * 1000) return Math.max(1, Math.round((n * ms * 1000) / t));
  }
  return n;
}
function measure(cells, rounds, ms) {
  const timed = cells.map(([label, fn]) => ({ label, fn, n: calibrate(fn, ms), samples: [] }));
  for (let r = 0; r < rounds; r++) for (const c of shuffle([...timed])) c.samples.push(runFor(c.fn, c.n));
  return new Map(timed.map((c) => [c.label, median(c.samples)]));
}

// ---- the table ----------------------------------------------------------------------------------
/**
 * Rows: [label, value(at, engine)], where `at(label, engine)` is a measured µs figure; the
 * engine is 'web' (portable files) or 'node'. A row without a function is a heading.
 */
const ROWS = [
  ['createTokenSync'],
  ['options check + claims object (rest of tokenPayload)', (at, e) => at('tokenPayload: options check, claims object, JSON, UTF-8', e) - at('JSON.stringify (claims object → text)', e) - at('UTF-8 encode', e)],
  ['JSON.stringify', (at, e) => at('JSON.stringify (claims object → text)', e)],
  ['UTF-8 encode', (at, e) => at('UTF-8 encode', e)],
  ['base64url, token string (rest of signedToken)', (at, e) => at('signedToken: base64url, HMAC, token string', e) - at('HMAC-SHA256 (bytes in, bytes out)', e)],
  ['HMAC-SHA256', (at, e) => at('HMAC-SHA256 (bytes in, bytes out)', e)],
  ['own work, sum of the steps but the HMAC', (at, e) => at('tokenPayload: options check, claims object, JSON, UTF-8', e) + at('signedToken: base64url, HMAC, token string', e) - at('HMAC-SHA256 (bytes in, bytes out)', e)],
  ['whole call, built package', (at, e) => at(`createTokenSync, ${BUILD[e]}`)],
  ['the same by hand: native steps, no validation (Node)', (at, e) => (e === 'node' ? at('bare mint') : NaN)],
  ['verifyTokenSync'],
  ['verify options', (at, e) => at('verify options', e)],
  ['size check, split, header (rest of parseToken)', (at, e) => at('parseToken: size, split, header, decode, JSON', e) - at('base64url + UTF-8 decode (payload)', e) - at('JSON parse (payload)', e) - at('signature spelling check', e)],
  ['base64url + UTF-8 decode (payload)', (at, e) => at('base64url + UTF-8 decode (payload)', e)],
  ['JSON parse (payload)', (at, e) => at('JSON parse (payload)', e)],
  ['signature spelling check (strict base64url)', (at, e) => at('signature spelling check', e)],
  ['header check, iss, key lookup', (at, e) => at('header check, iss, key lookup', e)],
  ['compare (rest of signatureMatches)', (at, e) => at('signatureMatches: HMAC, compare', e) - at('HMAC-SHA256 (bytes in, bytes out)', e)],
  ['claim type checks', (at, e) => at('claim type checks', e)],
  ['time checks (rest of checkClaims)', (at, e) => at('checkClaims: types and times', e) - at('claim type checks', e)],
  ['HMAC-SHA256', (at, e) => at('HMAC-SHA256 (bytes in, bytes out)', e)],
  ['own work, sum of the steps but the HMAC', (at, e) => at('verify options', e) + at('parseToken: size, split, header, decode, JSON', e) + at('header check, iss, key lookup', e) + at('signatureMatches: HMAC, compare', e) - at('HMAC-SHA256 (bytes in, bytes out)', e) + at('checkClaims: types and times', e)],
  ['whole call, built package', (at, e) => at(`verifyTokenSync, ${BUILD[e]}`)],
  ['the same by hand: native steps, no validation (Node)', (at, e) => (e === 'node' ? at('bare verify') : NaN)],
];
/** The build whose whole call goes next to each engine set's steps (Deno runs the portable files too). */
const BUILD = { web: 'Web build', node: 'Node build' };
const ENGINES = { web: 'Web/Deno files', node: 'Node files' };

/**
 * Times every step of every checkout (`roots[0]` first) in both engine sets and returns, per
 * checkout and engine, the table's rows as `{ label, us }` (headings have no `us`).
 */
export async function stages({ roots, rounds = 15, ms = 25 }) {
  const cells = [];
  const tokens = new Set();
  for (const [i, root] of roots.entries()) {
    const whole = await wholeCallsOf(root);
    tokens.add(whole.token);
    for (const [label, fn] of whole.steps) cells.push([`${i} ${label}`, fn]);
    for (const engine of Object.keys(ENGINES)) {
      for (const [label, fn] of await stepsOf(root, engine, whole.token)) cells.push([`${i} ${engine} ${label}`, fn]);
    }
  }
  if (tokens.size > 1) throw new Error('the checkouts mint different tokens');
  cells.push(...bareCalls([...tokens][0]));
  const measured = measure(cells, rounds, ms);
  const tables = roots.map((_, i) => {
    // The bare calls are one reference for every checkout.
    const at = (label, engine) => measured.get(engine ? `${i} ${engine} ${label}` : label.startsWith('bare ') ? label : `${i} ${label}`) ?? NaN;
    return Object.fromEntries(Object.keys(ENGINES).map((engine) => [engine, ROWS.map(([label, f]) => (f ? { label, us: +f(at, engine).toFixed(2) } : { label }))]));
  });
  return { runtime: `${process.release.name} ${process.versions.node}`, rounds, tokenLength: [...tokens][0].length, tables, sink: sink & 1 };
}

const fmt = (x) => (x == null || Number.isNaN(x) ? '—' : x < 0.1 ? '< 0.1' : x.toFixed(2)); // NaN: a step the checkout lacks (null once stored as JSON)

/** The result as a markdown table: a column per checkout and engine set. */
export function stagesMarkdown(result, names = result.tables.map((_, i) => (i ? `checkout ${i}` : ''))) {
  const cols = result.tables.flatMap((t, i) => Object.keys(ENGINES).map((e) => [`${ENGINES[e]}${names[i] ? `, ${names[i]}` : ''}`, t[e]]));
  const lines = [`| step (µs per call) | ${cols.map(([n]) => n).join(' | ')} |`, `| --- |${' ---: |'.repeat(cols.length)}`];
  ROWS.forEach(([label, f], r) => lines.push(f ? `| ${label} | ${cols.map(([, t]) => fmt(t[r].us)).join(' | ')} |` : `| **\`${label}\`** |${' |'.repeat(cols.length)}`));
  return lines.join('\n');
}

/** The result as plain text for a terminal. */
export function printStages(result, names = result.tables.map((_, i) => (i ? `checkout ${i}` : 'this checkout'))) {
  const cols = result.tables.flatMap((t, i) => Object.keys(ENGINES).map((e) => [`${names[i]}, ${e}`, t[e]]));
  console.log(`\nSTAGES (${result.runtime}, ${result.rounds} rounds, token of ${result.tokenLength} characters; µs of CPU per call, median)`);
  console.log(`${''.padEnd(56)}${cols.map(([n]) => n.slice(-22).padStart(24)).join('')}`);
  ROWS.forEach(([label, f], r) => {
    if (!f) console.log(`${label}`);
    else console.log(`  ${label.padEnd(54)}${cols.map(([, t]) => fmt(t[r].us).padStart(24)).join('')}`);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : args[i + 1];
  };
  // This checkout, then every `--compare <dir>` in the order given.
  const roots = [fileURLToPath(new URL('..', import.meta.url)), ...args.flatMap((a, i) => (a === '--compare' && args[i + 1] ? [resolve(args[i + 1])] : []))];
  const result = await stages({ roots, rounds: Number(flag('--rounds', 15)), ms: Number(flag('--round-ms', 25)) });
  const names = roots.map((root, i) => (i ? root : 'this checkout'));
  if (args.includes('--write')) {
    const file = new URL('./results.json', import.meta.url);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), stages: result }, null, 1) + '\n');
  }
  if (args.includes('--markdown')) console.log(stagesMarkdown(result, names));
  else if (args.includes('--json')) console.log(JSON.stringify(result));
  else printStages(result, names);
}
