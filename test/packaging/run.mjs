// `npm run test:packaging`: checks the package as a user receives it.
//   1. publint --strict and attw (every entry point, every resolution mode) on the packed tarball;
//   2. `npm pack` → install the tarball into a temporary project → `import` and `require` of every
//      subpath in `exports`, and the bin;
//   3. TypeScript consumers (node16 ESM, node16 CJS, bundler) compile against the shipped types.
// `--allow-missing` tolerates subpaths that are not built yet (development only; CI never passes it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const work = join(root, '.tmp', 'packaging');
const bin = (name) => join(root, 'node_modules/.bin', name);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const allowMissing = process.argv.includes('--allow-missing');

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    const note = fn();
    passed++;
    console.log(`✓ ${name}${note ? ` — ${note}` : ''}`);
  } catch (e) {
    failed++;
    console.log(`✗ ${name}\n${String(e.stdout ?? '') + String(e.stderr ?? '') || e.message}`.trimEnd());
  }
}
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// Subpaths from the exports map (the source of truth), and which are built.
const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const specifier = (s) => (s === '.' ? pkg.name : `${pkg.name}/${s.slice(2)}`);
const builtFile = (s) => join(root, pkg.exports[s].import.default);
const missing = subpaths.filter((s) => !existsSync(builtFile(s)));
const present = subpaths.filter((s) => existsSync(builtFile(s)));
check('every subpath in exports is built', () => {
  if (missing.length && !allowMissing) throw new Error(`not built: ${missing.join(', ')}`);
  return missing.length ? `pending (allowed during development): ${missing.join(', ')}` : subpaths.join(' ');
});
const binFile = join(root, Object.values(pkg.bin)[0]);
if (!allowMissing || existsSync(binFile)) {
  check('the bin is built and starts with a node shebang', () => {
    if (!readFileSync(binFile, 'utf8').startsWith('#!/usr/bin/env node\n')) throw new Error(`${binFile} has no #!/usr/bin/env node line`);
  });
}

// --- pack once; every later check uses this tarball ------------------------------------------
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// --ignore-scripts: `prepare` would rebuild dist; the checks are about the build under test.
run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent']);
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));

check('the tarball holds dist, README, LICENSE, CHANGELOG and no sources or tests', () => {
  const files = run('tar', ['tzf', tarball]).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  for (const need of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
    if (!files.includes(need)) throw new Error(`missing ${need}`);
  }
  const stray = files.filter((f) => /^(src|test|scripts|node_modules|\.ci)\//.test(f) || f.endsWith('.tgz'));
  if (stray.length) throw new Error(`should not ship: ${stray.join(', ')}`);
  return `${files.length} files`;
});
check('package.json has no runtime dependencies', () => {
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    if (pkg[field] && Object.keys(pkg[field]).length) throw new Error(`${field} is not empty`);
  }
});

check('jsr.json matches package.json: version, and one export per subpath pointing at its source', () => {
  const jsr = JSON.parse(readFileSync(join(root, 'jsr.json'), 'utf8'));
  if (jsr.version !== pkg.version) throw new Error(`jsr.json version ${jsr.version} ≠ package.json ${pkg.version}`);
  if (Object.keys(jsr.exports).sort().join() !== subpaths.slice().sort().join()) throw new Error(`jsr.json exports ${Object.keys(jsr.exports)} ≠ ${subpaths}`);
  for (const [s, file] of Object.entries(jsr.exports)) {
    if (file !== `./src/${s === '.' ? '' : `${s.slice(2)}/`}index.ts`) throw new Error(`jsr export ${s} → ${file}`);
    if (!existsSync(join(root, file)) && !(allowMissing && missing.includes(s))) throw new Error(`${file} does not exist`);
  }
  return jsr.name;
});
check('publint --strict', () => {
  if (missing.length && allowMissing) return 'not run: subpaths pending (development only)';
  const out = run(bin('publint'), ['--strict', '--pack', 'npm'], root);
  return out.trim().split('\n').at(-1);
});
check('attw: every entry point, every resolution mode (node10, node16 CJS/ESM, bundler)', () => {
  const args = [tarball, '--format', 'table-flipped', '--no-emoji', '--no-color'];
  if (missing.length) args.push('--exclude-entrypoints', ...missing.map((s) => s.slice(2)));
  const out = run(bin('attw'), args);
  return out.includes('No problems found') ? 'no problems found' : out;
});

// --- install the tarball into a fresh consumer project ----------------------------------------
const consumer = join(work, 'consumer');
mkdirSync(consumer);
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
check('npm install <tarball> into a temporary project', () => {
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'], consumer);
});

// What each subpath must provide at run time (a missing entry here only means "has some export").
const expected = {
  '.': ['createToken', 'verifyToken', 'decodeToken', 'parseTtl', 'LiveKitTokenError', 'isLiveKitTokenError'],
  './compat': ['AccessToken', 'TokenVerifier', 'WebhookReceiver'],
  './handler': ['createTokenHandler'],
};
const smoke = (mode) => present.map((s) => {
  const load = mode === 'esm' ? `await import(${JSON.stringify(specifier(s))})` : `require(${JSON.stringify(specifier(s))})`;
  return `{ const m = ${load}; const names = ${JSON.stringify(expected[s] ?? [])};
    const absent = names.filter((n) => !(n in m)); if (absent.length) throw new Error(${JSON.stringify(specifier(s))} + ' lacks ' + absent);
    if (Object.keys(m).length === 0) throw new Error(${JSON.stringify(specifier(s))} + ' exports nothing'); seen.push(${JSON.stringify(s)}); }`;
}).join('\n');
const roundTrip = (load) => `const { createToken, verifyToken } = ${load};
  const key = { apiKey: 'devkey', apiSecret: 'secret' };
  const claims = await verifyToken(await createToken(key, { identity: 'alice', video: { roomJoin: true, room: 'demo' } }), key, { room: 'demo' });
  if (claims.sub !== 'alice') throw new Error('round trip failed');`;
writeFileSync(join(consumer, 'esm.mjs'), `const seen = [];\n${smoke('esm')}\n${roundTrip("await import('livekit-token')")}\nconsole.log(seen.join(' '));\n`);
writeFileSync(join(consumer, 'cjs.cjs'), `(async () => { const seen = [];\n${smoke('cjs')}\n${roundTrip("require('livekit-token')")}\nconsole.log(seen.join(' ')); })().catch((e) => { console.error(e); process.exit(1); });\n`);
check('import() of every subpath from the installed package (ESM)', () => run(process.execPath, ['esm.mjs'], consumer).trim());
check('require() of every subpath from the installed package (CJS)', () => run(process.execPath, ['cjs.cjs'], consumer).trim());
if (existsSync(binFile)) {
  check('the installed bin runs: livekit-token create --dev | livekit-token verify --dev', () => {
    const cli = join(consumer, 'node_modules/.bin/livekit-token');
    const token = run(cli, ['create', '--dev', '--room', 'demo', '--identity', 'alice', '--join'], consumer).trim();
    if (!/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`create printed ${token.slice(0, 80)}`);
    const verify = spawnSync(cli, ['verify', '--dev', token], { cwd: consumer, encoding: 'utf8' });
    if (verify.status !== 0) throw new Error(`verify exited ${verify.status}: ${verify.stderr}`);
  });
}

// --- TypeScript consumers against the shipped .d.ts / .d.cts ----------------------------------
// skipLibCheck is off so our declaration files are type-checked too. The node16 projects get
// @types/node (Node users have it); the bundler project has no Node types at all, like an edge app.
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const typeUse = (s) => ({
  '.': `import { createToken, verifyToken, decodeToken, isLiveKitTokenError, type TokenOptions, type LiveKitClaims, type KeySet } from 'livekit-token';
const options: TokenOptions = { identity: 'a', ttl: '10m', video: { roomJoin: true, room: 'r', canPublishSources: ['camera'] } };
const keys: KeySet = { devkey: 'secret' };
export async function roundTrip(): Promise<LiveKitClaims> {
  const claims: LiveKitClaims = await verifyToken(await createToken({ apiKey: 'devkey', apiSecret: 'secret' }, options), keys);
  const name: string | undefined = decodeToken('x').claims.name;
  void name;
  return claims;
}
export const guard = (e: unknown): boolean => isLiveKitTokenError(e, 'ERR_TOKEN_EXPIRED');
// @ts-expect-error: roomName is not a grant (the types must catch it)
export const wrong: TokenOptions = { video: { roomName: 'r' } };`,
  './compat': `import * as compat from 'livekit-token/compat';
export const at = new compat.AccessToken('devkey', 'secret', { identity: 'a' });
export const jwt: Promise<string> = at.toJwt();`,
  './handler': `import { createTokenHandler } from 'livekit-token/handler';
export const handler: (request: Request) => Promise<Response> = createTokenHandler({ keys: { devkey: 'secret' }, wsUrl: 'wss://example.invalid', allowAnonymous: true });`,
}[s] ?? `import * as m from '${specifier(s)}';
export const names: string[] = Object.keys(m);`);
const consumers = [
  { name: 'node16, ESM (.mts)', ext: 'mts', options: { module: 'node16', moduleResolution: 'node16', types: ['node'] }, subpaths: present },
  { name: 'node16, CJS (.cts)', ext: 'cts', options: { module: 'node16', moduleResolution: 'node16', types: ['node'] }, subpaths: present },
  { name: 'bundler, no Node types', ext: 'ts', options: { module: 'esnext', moduleResolution: 'bundler', types: [] }, subpaths: present.filter((s) => s !== './node') },
];
for (const c of consumers) {
  const dir = join(consumer, `ts-${c.ext}-${c.options.moduleResolution}`);
  mkdirSync(dir);
  // One file per subpath: each is its own module, in the format its extension says.
  const files = c.subpaths.map((s) => {
    const file = `use-${s === '.' ? 'core' : s.slice(2)}.${c.ext}`;
    writeFileSync(join(dir, file), typeUse(s) + '\n');
    return file;
  });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', lib: ['es2022', 'dom'], strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false, typeRoots: [join(root, 'node_modules/@types')], ...c.options },
    files,
  }));
  check(`TypeScript consumer: ${c.name}`, () => {
    run(process.execPath, [tsc, '-p', dir], consumer);
    return c.subpaths.map(specifier).join(', ');
  });
}

console.log(`\npackaging: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
