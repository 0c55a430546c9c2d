// Bundle size per export (esbuild, minified, gzip -9) and cold start (fresh process: import +
// one mint, minus a bare process). Node only; imported by run.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median } from './measure.mjs';
import { API_KEY, API_SECRET, IDENTITY, METADATA, NAME, VIDEO } from './contenders.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => fileURLToPath(new URL(`../dist/${p}`, import.meta.url));

/** [label, entry source, platform]. Peer entries do the same job, for comparison. */
function entries() {
  const core = JSON.stringify(dist('index.js'));
  const list = [
    ['createToken', `export { createToken } from ${core};`],
    ['verifyToken', `export { verifyToken } from ${core};`],
    ['createToken + verifyToken', `export { createToken, verifyToken } from ${core};`],
    ['decodeToken', `export { decodeToken } from ${core};`],
    ['createTokenSync', `export { createTokenSync } from ${core};`],
    ['verifyTokenSync', `export { verifyTokenSync } from ${core};`],
    ['createTokenSync + verifyTokenSync', `export { createTokenSync, verifyTokenSync } from ${core};`],
    ['whole core (export *)', `export * from ${core};`],
  ];
  for (const sub of ['compat', 'handler', 'testing']) {
    if (existsSync(dist(`${sub}/index.js`))) list.push([`livekit-token/${sub} (export *)`, `export * from ${JSON.stringify(dist(`${sub}/index.js`))};`]);
  }
  list.push(
    ['peer: livekit-server-sdk AccessToken + TokenVerifier', `export { AccessToken, TokenVerifier } from 'livekit-server-sdk';`],
    ['peer: jose SignJWT + jwtVerify', `export { SignJWT, jwtVerify } from 'jose';`],
    ['peer: fast-jwt createSigner + createVerifier', `export { createSigner, createVerifier } from 'fast-jwt';`],
  );
  return list;
}

async function bundle(contents, platform) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

export async function sizes() {
  const out = {};
  for (const [label, contents] of entries()) {
    let platform = 'browser';
    let code;
    try {
      code = await bundle(contents, platform);
    } catch {
      // Needs Node built-ins (fast-jwt): measure with those left external.
      platform = 'node';
      try {
        code = await bundle(contents, platform);
      } catch (e) {
        out[label] = { error: String(e.message ?? e).split('\n')[0] };
        continue;
      }
    }
    out[label] = { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, platform };
  }
  return out;
}

const PAYLOAD = `{ identity: ${JSON.stringify(IDENTITY)}, name: ${JSON.stringify(NAME)}, metadata: ${JSON.stringify(METADATA)}, ttl: 3600, video: ${JSON.stringify(VIDEO)} }`;
const KEYS = `{ apiKey: ${JSON.stringify(API_KEY)}, apiSecret: ${JSON.stringify(API_SECRET)} }`;
const CORE = JSON.stringify(pathToFileURL(dist('index.js')).href);

/** [label, script]: each prints one token. */
const COLD = [
  ['bare node', ''],
  ['createToken', `import { createToken } from ${CORE}; console.log(await createToken(${KEYS}, ${PAYLOAD}));`],
  ['createTokenSync', `import { createTokenSync } from ${CORE}; console.log(createTokenSync(${KEYS}, ${PAYLOAD}));`],
  // What Node loads for `import 'livekit-token'` (the `node` export condition).
  ['createToken, Node build', `import { createToken } from 'livekit-token'; console.log(await createToken(${KEYS}, ${PAYLOAD}));`],
  ['peer: livekit-server-sdk', `import { AccessToken } from 'livekit-server-sdk'; const at = new AccessToken(${JSON.stringify(API_KEY)}, ${JSON.stringify(API_SECRET)}, { identity: ${JSON.stringify(IDENTITY)}, ttl: 3600 }); at.addGrant(${JSON.stringify(VIDEO)}); console.log(await at.toJwt());`],
  ['peer: jose', `import { SignJWT } from 'jose'; const n = Math.floor(Date.now() / 1000); console.log(await new SignJWT({ iss: ${JSON.stringify(API_KEY)}, sub: ${JSON.stringify(IDENTITY)}, nbf: n, exp: n + 3600, video: ${JSON.stringify(VIDEO)} }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(${JSON.stringify(API_SECRET)})));`],
  ['peer: fast-jwt', `import { createSigner } from 'fast-jwt'; const n = Math.floor(Date.now() / 1000); console.log(createSigner({ key: ${JSON.stringify(API_SECRET)}, algorithm: 'HS256', noTimestamp: true })({ iss: ${JSON.stringify(API_KEY)}, sub: ${JSON.stringify(IDENTITY)}, nbf: n, exp: n + 3600, video: ${JSON.stringify(VIDEO)} }));`],
];

function spawnOnce(script) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.status}`);
  if (script && !/^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(r.stdout.trim())) throw new Error('did not print a token');
  return ms;
}

export function coldStart(runs = 7) {
  const times = Object.fromEntries(COLD.map(([label]) => [label, []]));
  const broken = {};
  for (const [label, script] of COLD) {
    try {
      spawnOnce(script); // warm-up (file cache), also checks the script works
    } catch (e) {
      broken[label] = e.message;
    }
  }
  for (let r = 0; r < runs; r++) {
    for (const [label, script] of COLD) if (!broken[label]) times[label].push(spawnOnce(script));
  }
  const bare = median(times['bare node']);
  return Object.fromEntries(
    COLD.map(([label]) => [label, broken[label] ? { error: broken[label] } : { medianMs: +median(times[label]).toFixed(1), overBareMs: +(median(times[label]) - bare).toFixed(1) }]),
  );
}
