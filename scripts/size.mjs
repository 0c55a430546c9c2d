// Size budget (`npm run test:size`): bundles single exports of the BUILT package with esbuild,
// minified, and measures gzip. Fails when a budget is exceeded or when tree-shaking breaks, i.e.
// importing only `createToken` pulls in verification, webhook, preset or compat code.
// `--markdown` prints the README table.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const core = join(root, 'dist/index.js');
const KB = 1000; // budgets are in kB of 1000 bytes, the stricter reading

// `max` is enforced: it sits a few percent above today's size, so growth fails CI.
// `target` is issue #5's original goal, not met: the strict option validation the SPEC asks for
// (every grant field typed, field-named errors), the TTL grammar, and a core entry that also holds
// the sync engine, presets, webhook and describe helpers cost more than those budgets allow.
// Raised for the hostile-input checks (JSON-safe metadata, time range, character and byte rules,
// token size), the one readable claim schema and the egress credentials guard (createToken
// 2.83 → 3.95 kB, verifyToken 3.85 → 4.39 kB, whole entry 8.07 → 9.46 kB), then for the linear
// TTL parser with compound durations and clock objects for `now` (→ 4.38, 4.81, 10.57 kB).
// Lowered again (→ 4.22, 4.64, 10.43 kB; decodeToken 2.06 → 2.01 kB) by leaving out what a
// bundle carries but never runs (the createToken-only options table in verify and decode, the
// clock reading in compat) and by checking each thing once (one part scanner for compound and
// ISO spans, NaN as the one "not a duration", field types' tests next to their wording).
// Raised for speed (createToken 4.23 → 4.39 kB, verifyToken 4.71 → 4.84 kB, whole entry
// 10.51 → 10.73 kB): the schema compiled once into one check per field and the claims built as
// one object literal cut a mint's option and claims work from about 12 to under 4 µs, and
// verifyToken reads the usual header without decoding it and counts a token's bytes only when
// its length cannot tell (`npm run bench:stages`).
// Raised for the last rule gaps and LiveKit's key formats (createToken 4.39 → 4.55 kB: lone
// surrogates in names ~30 B, the egress guard's every credential field ~45 B, the bare-number
// TTL hint ~90 B; whole entry 10.73 → 12.61 kB, of which keySetFromLiveKit, the YAML subset the
// LiveKit server's key formats use, with line-numbered errors, is ~1.7 kB; it is tree-shaken
// from every bundle that does not import it).
// Raised for phone numbers (whole entry 12.66 → 12.95 kB): sipCallerToken checks that a caller's
// and a called number are E.164 and mints for withheld caller IDs (`callerIdWithheld`), ~770 B
// minified in presets.ts, ~240 B gzip; tree-shaken from bundles that do not import the preset.
const budgets = [
  { what: '`createToken` alone', exports: ['createToken'], max: 4.58 * KB, target: 1.2 * KB },
  { what: '`verifyToken` alone', exports: ['verifyToken'], max: 4.87 * KB, target: 1.5 * KB },
  { what: 'whole core entry (`import *`)', exports: '*', max: 12.95 * KB, target: 4 * KB },
];
// Reported, not budgeted: other exports users commonly take alone, when they exist.
const informational = ['decodeToken', 'parseTtl', 'verifyWebhook', 'createTokenSync', 'verifyTokenSync'];

async function bundle(source, entry = core, src = false) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: src ? 'ts' : 'js' },
    bundle: true, minify: true, write: false, format: 'esm', platform: 'neutral', target: 'es2022',
    metafile: true, logLevel: 'error',
  });
  const code = result.outputFiles[0].text;
  return { code, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}
/** Where the bytes of an over-budget bundle come from: minified bytes per source file. */
async function largest(names) {
  const { metafile } = await bundle(reexport(names, join(root, 'src/index.ts')), undefined, true);
  return Object.entries(Object.values(metafile.outputs)[0].inputs).filter(([, v]) => v.bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput).slice(0, 8)
    .map(([f, v]) => `${f.replace(/^src\//, '')} ${v.bytesInOutput} B`).join(', ') + ' (minified, before gzip)';
}
const reexport = (names, from = core) => (names === '*' ? `export * from ${JSON.stringify(from)};` : `export { ${names.join(', ')} } from ${JSON.stringify(from)};`);

if (!existsSync(core)) throw new Error('dist/index.js is missing: run `npm run build` first');
const mod = await import(core);
const rows = [];
let passed = 0;
let failed = 0;
const check = (ok, message) => {
  if (ok) passed++;
  else {
    failed++;
    console.error(`✗ ${message}`);
  }
};

for (const b of budgets) {
  const { raw, gzip } = await bundle(reexport(b.exports));
  rows.push({ ...b, raw, gzip });
  check(gzip <= b.max, `${b.what}: ${gzip} B gzip exceeds the budget of ${b.max} B by ${gzip - b.max} B; largest sources: ${gzip <= b.max ? '' : await largest(b.exports)}`);
}
for (const name of informational.filter((n) => typeof mod[n] === 'function')) {
  const { raw, gzip } = await bundle(reexport([name]));
  rows.push({ what: `\`${name}\` alone`, raw, gzip });
}

// Tree-shaking proof, twice: by source file (esbuild metafile over src/, which names every module
// that contributes bytes) and on the built file (no verification or webhook messages in the output).
const forbidden = /src\/(jwt\/verify|jwt\/validate|webhook|presets|helpers|describe|meanings|compat|handler|testing|node|cli)\b/;
const fromSrc = await bundle(reexport(['createToken'], join(root, 'src/index.ts')), undefined, true);
const contributing = Object.entries(Object.values(fromSrc.metafile.outputs)[0].inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k);
const leaked = contributing.filter((f) => forbidden.test(f));
check(contributing.some((f) => f.endsWith('jwt/create.ts')) && leaked.length === 0, `createToken alone pulls in ${leaked.join(', ')}`);
const fromDist = await bundle(reexport(['createToken']));
const markers = ['signature does not match', 'not valid before', 'ERR_TOKEN_SIGNATURE', 'ERR_TOKEN_EXPIRED', 'ERR_WEBHOOK_BODY', 'roomAdmin:!0'];
const found = markers.filter((m) => fromDist.code.includes(m));
check(found.length === 0, `the built createToken bundle contains verification/webhook/preset code: ${found.join(', ')}`);
const verifyOnly = await bundle(reexport(['verifyToken']));
check(verifyOnly.code.includes('signature does not match'), 'the marker check is meaningful: verifyToken contains its message');

const kb = (n) => `${(n / KB).toFixed(2)} kB`;
if (process.argv.includes('--markdown')) {
  console.log('| import | minified | min + gzip | budget |\n| --- | ---: | ---: | --- |');
  const verdict = (r) =>
    !r.max ? '—' : `${kb(r.max)} ${r.gzip <= r.max ? '✓' : `✗ (over by ${r.gzip - r.max} B)`}; target ${kb(r.target)} not met`;
  for (const r of rows) console.log(`| ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${verdict(r)} |`);
} else {
  for (const r of rows) console.log(`${r.what.padEnd(36)} ${String(r.raw).padStart(6)} B min  ${String(r.gzip).padStart(5)} B gzip${r.max ? `  (budget ${r.max} B, target ${r.target} B)` : ''}`);
  console.log(`createToken alone is built from: ${contributing.map((f) => f.replace(/^src\//, '')).join(', ')}`);
}
console.log(`size: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
