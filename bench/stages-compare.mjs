#!/usr/bin/env node
// `npm run bench:stages`: where the time of one sync mint and one sync verify goes, in µs per
// stage, for a typical participant token (identity, name, metadata, a room join grant with
// sources), next to the whole `createTokenSync`/`verifyTokenSync` of the built package (Web and
// Node builds), and the same for another built checkout in the same rounds (`--compare`): a
// before/after of the core's own work. Each internal step is timed on its own, with inputs
// prepared by the step before it. (`bench/stages.mjs`, which `npm run bench` prints, profiles
// the engines' stages per build from the sources alone.)
//
//   npx tsup && npm run bench:stages                   # about 20 s
//   npm run bench:stages -- --compare ../old-checkout  # and other built checkouts, same rounds
//   npm run bench:stages -- --rounds 21 --markdown     # more rounds; a markdown table
//
// The internals are bundled from src/ with esbuild (the portable files, as the Web build has
// them). A row marked "(rest of …)" is the whole step minus the rows timed inside it, not timed
// on its own. Timings on a shared machine are noisy: each figure is the median over rounds, the
// rounds interleave the stages (of both checkouts) in a shuffled order so that a slow moment
// does not hit one stage only, and times are CPU time (see `cpu` below).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
// This checkout, then every `--compare <dir>` in the order given.
const ROOTS = [fileURLToPath(new URL('..', import.meta.url)), ...args.flatMap((a, i) => (a === '--compare' && args[i + 1] ? [resolve(args[i + 1])] : []))];
const ROUNDS = Number(flag('--rounds', 15));
const ROUND_MS = Number(flag('--round-ms', 25));

// ---- the internals, bundled from src/ ----------------------------------------------------------
// Every name a stage below reads. A name the checkout does not have is left out of the bundle.
const INTERNALS = {
  'jwt/create.ts': ['tokenPayload', 'HEADER_SEGMENT'],
  'jwt/parse.ts': ['parseToken'],
  'jwt/validate.ts': ['planVerify', 'checkHeader', 'checkClaims', 'issuer'],
  'claims.ts': ['checkClaimTypes'],
  'lib/json.ts': ['parseJsonObject'],
  'lib/utf8.ts': ['utf8', 'fromUtf8'],
  'lib/base64url.ts': ['encodeInto', 'encodedLength', 'decodeBytes'],
  'lib/sha256.ts': ['hmacSha256'],
  'lib/hmac-node.ts': ['hmacSha256Node'],
  'keys.ts': ['lookupSecret', 'requireSecret'],
  'ttl.ts': ['parseTtl'],
};
async function internals(root) {
  const { readFileSync } = await import('node:fs');
  const lines = Object.entries(INTERNALS).map(([file, names]) => {
    const path = join(root, 'src', file);
    const text = readFileSync(path, 'utf8');
    const present = names.filter((n) => new RegExp(`export (?:async )?(?:function|const|let) ${n}\\b`).test(text));
    return present.length ? `export { ${present.join(', ')} } from ${JSON.stringify(path)};` : '';
  });
  const result = await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true, write: false, format: 'esm', platform: 'node', target: 'es2022', logLevel: 'error',
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

/** The stages of one checkout: [label, fn] pairs, the labels the table below reads. */
async function stagesOf(root) {
  const I = await internals(root);
  const web = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const node = await import(pathToFileURL(join(root, 'dist', 'node', 'index.js')).href);
  const TOKEN = web.createTokenSync(KEY, OPTIONS);
  if (node.createTokenSync(KEY, OPTIONS) !== TOKEN) throw new Error('the Web and Node builds mint different tokens');

  // Intermediate values, each produced by the step before, so every stage sees real input.
  const payload = I.tokenPayload(KEY, OPTIONS, I.parseTtl);
  const json = I.fromUtf8(payload);
  const claimsObject = JSON.parse(json);
  const head = I.utf8(`${I.HEADER_SEGMENT}.`);
  const signatureAt = head.length + I.encodedLength(payload.length);
  const tokenBytes = new Uint8Array(signatureAt + 44);
  tokenBytes.set(head);
  I.encodeInto(payload, tokenBytes, head.length);
  tokenBytes[signatureAt] = 46;
  const signingInput = tokenBytes.subarray(0, signatureAt);
  const mac = I.hmacSha256(KEY.apiSecret, signingInput);
  I.encodeInto(mac, tokenBytes, signatureAt + 1);
  if (I.fromUtf8(tokenBytes) !== TOKEN) throw new Error('the stages do not rebuild the token');

  const [, p64, s64] = TOKEN.split('.');
  const pBytes = I.decodeBytes(p64);
  const pText = I.fromUtf8(pBytes);
  const parsed = I.parseToken(TOKEN);
  const plan = I.planVerify(VERIFY);
  const input = TOKEN.slice(0, TOKEN.lastIndexOf('.'));
  if (I.utf8(input).length !== signingInput.length) throw new Error('verify signs other bytes');

  // Indented labels are steps inside the unindented one above them. Verify's HMAC reads the same
  // bytes as the mint's, so it is timed once.
  const create = [
    ['tokenPayload: options check, claims object, JSON, UTF-8', () => keep(I.tokenPayload(KEY, OPTIONS, I.parseTtl))],
    ['  JSON.stringify (claims object → text)', () => keep(JSON.stringify(claimsObject))],
    ['  UTF-8 encode', () => keep(I.utf8(json))],
    ['base64url encode (payload and signature)', () => {
      I.encodeInto(payload, tokenBytes, head.length);
      I.encodeInto(mac, tokenBytes, signatureAt + 1);
    }],
    ['token bytes → string', () => keep(I.fromUtf8(tokenBytes))],
    ['HMAC-SHA256, JavaScript (Web build)', () => keep(I.hmacSha256(KEY.apiSecret, signingInput))],
    ['HMAC-SHA256, node:crypto (Node build)', () => keep(I.hmacSha256Node(KEY.apiSecret, signingInput))],
    ['createTokenSync, Web build', () => keep(web.createTokenSync(KEY, OPTIONS))],
    ['createTokenSync, Node build', () => keep(node.createTokenSync(KEY, OPTIONS))],
  ];
  const verify = [
    ['verify options', () => keep(I.planVerify(VERIFY))],
    ['parseToken: size, split, header, decode, JSON', () => keep(I.parseToken(TOKEN))],
    ['  base64url decode (payload, signature)', () => keep(I.decodeBytes(p64) && I.decodeBytes(s64))],
    ['  UTF-8 decode (payload)', () => keep(I.fromUtf8(pBytes))],
    ['  JSON parse (payload)', () => keep(I.parseJsonObject(pText))],
    ['header check, iss, key lookup', () => {
      I.checkHeader(parsed.header);
      keep(I.requireSecret(I.lookupSecret(KEYS, I.issuer(parsed.claims))));
    }],
    ['signing input → UTF-8', () => keep(I.utf8(input))],
    ['checkClaims: types and times', () => keep(I.checkClaims(parsed.claims, plan))],
    ['  claim type checks', () => keep(I.checkClaimTypes(parsed.claims))],
    ['verifyTokenSync, Web build', () => keep(web.verifyTokenSync(TOKEN, KEYS, VERIFY))],
    ['verifyTokenSync, Node build', () => keep(node.verifyTokenSync(TOKEN, KEYS, VERIFY))],
  ];
  return Object.assign([...create, ...verify], { token: TOKEN });
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
// the stage causes.)
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
function measure(stages) {
  const cells = stages.map(([label, fn]) => ({ label, fn, n: calibrate(fn, ROUND_MS), samples: [] }));
  for (let r = 0; r < ROUNDS; r++) for (const c of shuffle([...cells])) c.samples.push(runFor(c.fn, c.n));
  return new Map(cells.map((c) => [c.label.trim(), median(c.samples)]));
}

const all = await Promise.all(ROOTS.map(stagesOf));
const tokens = new Set(all.map((stages) => stages.token));
if (tokens.size > 1) throw new Error('the checkouts mint different tokens');
const measured = measure(all.flatMap((stages, i) => stages.map(([label, fn]) => [`${i} ${label.trim()}`, fn])));

/** The table's rows for checkout `i`. */
const rowsOf = (i) => {
  const at = (label) => measured.get(`${i} ${label}`);
  const own = (whole, hmac) => at(whole) - at(hmac);
  return [
  ['**createTokenSync**'],
  ['options check + claims object (rest of tokenPayload)', at('tokenPayload: options check, claims object, JSON, UTF-8') - at('JSON.stringify (claims object → text)') - at('UTF-8 encode')],
  ['JSON.stringify', at('JSON.stringify (claims object → text)')],
  ['UTF-8 encode', at('UTF-8 encode')],
  ['base64url encode', at('base64url encode (payload and signature)')],
  ['token bytes → string', at('token bytes → string')],
  ['HMAC (JavaScript, Web build)', at('HMAC-SHA256, JavaScript (Web build)')],
  ['HMAC (node:crypto, Node build)', at('HMAC-SHA256, node:crypto (Node build)')],
  ['whole call, Web build', at('createTokenSync, Web build')],
  ['whole call, Node build', at('createTokenSync, Node build')],
  ['own work (whole − HMAC), Web build', own('createTokenSync, Web build', 'HMAC-SHA256, JavaScript (Web build)')],
  ['own work (whole − HMAC), Node build', own('createTokenSync, Node build', 'HMAC-SHA256, node:crypto (Node build)')],
  ['**verifyTokenSync**'],
  ['verify options', at('verify options')],
  ['size check, split, header (rest of parseToken)', at('parseToken: size, split, header, decode, JSON') - at('base64url decode (payload, signature)') - at('UTF-8 decode (payload)') - at('JSON parse (payload)')],
  ['base64url decode (payload, signature)', at('base64url decode (payload, signature)')],
  ['UTF-8 decode (payload)', at('UTF-8 decode (payload)')],
  ['JSON parse (payload)', at('JSON parse (payload)')],
  ['header check, iss, key lookup', at('header check, iss, key lookup')],
  ['signing input → UTF-8', at('signing input → UTF-8')],
  ['claim type checks', at('claim type checks')],
  ['time checks (rest of checkClaims)', at('checkClaims: types and times') - at('claim type checks')],
  ['HMAC (JavaScript, Web build)', at('HMAC-SHA256, JavaScript (Web build)')],
  ['HMAC (node:crypto, Node build)', at('HMAC-SHA256, node:crypto (Node build)')],
  ['whole call, Web build', at('verifyTokenSync, Web build')],
  ['whole call, Node build', at('verifyTokenSync, Node build')],
  ['own work (whole − HMAC), Web build', own('verifyTokenSync, Web build', 'HMAC-SHA256, JavaScript (Web build)')],
  ['own work (whole − HMAC), Node build', own('verifyTokenSync, Node build', 'HMAC-SHA256, node:crypto (Node build)')],
  ];
};

const us = (x) => (x === undefined ? '—' : x.toFixed(2));
const tables = ROOTS.map((_, i) => rowsOf(i));
const names = ROOTS.map((root, i) => (i === 0 ? 'this checkout' : root));
console.log(`${process.release.name} ${process.versions.node}, ${ROUNDS} rounds, token of ${[...tokens][0].length} characters, µs per call (CPU time, median)`);
if (args.includes('--markdown')) {
  console.log(`| stage | ${names.join(' | ')} |\n| --- |${' ---: |'.repeat(names.length)}`);
  tables[0].forEach(([label], r) => console.log(`| ${label} |${tables.map((t) => ` ${t[r][1] === undefined ? '' : us(t[r][1])} |`).join('')}`));
} else {
  console.log(`${''.padEnd(56)}${names.map((n) => n.padStart(16)).join('')}`);
  tables[0].forEach(([label], r) => {
    if (tables[0][r][1] === undefined) console.log(`\n${label.replaceAll('*', '')}`);
    else console.log(`  ${label.padEnd(54)}${tables.map((t) => us(t[r][1]).padStart(16)).join('')}`);
  });
}
if (sink === 0.5) console.log(''); // keeps the results alive
