// Runs livekit-server-sdk's own unit tests for tokens, grants and webhooks against
// livekit-token/compat: the test files are copied to a temporary folder, every import of the
// SDK's ./AccessToken.js, ./grants.js and ./WebhookReceiver.js is pointed at livekit-token/compat
// (protobuf classes stay on @livekit/protocol, jose stays jose), and vitest runs them. The test
// bodies are not changed; the script checks that only import lines differ.
//
//   npm run build
//   node scripts/run-sdk-tests.mjs node_modules/livekit-server-sdk/src
//
// The folder is the SDK's src/ (its npm package ships it) or packages/livekit-server-sdk/src of a
// livekit/node-sdks checkout. Nothing is downloaded; nothing of the SDK is kept in this repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FILES = ['AccessToken.test.ts', 'grants.test.ts', 'WebhookReceiver.test.ts'];
// Where compat follows the LiveKit server over the SDK, by test name: the server refuses a
// roomJoin token without a room (ErrNoRoomName), so compat refuses to mint one.
const DOCUMENTED = {
  'adding grants should not overwrite existing grants > should not overwrite existing grants':
    'a roomJoin token without room, which the LiveKit server refuses (ErrNoRoomName); compat refuses to mint it',
};
const SDK_MODULE = /(\bfrom\s+)(['"])\.\/(?:AccessToken|grants|WebhookReceiver)\.js\2/g;

const root = resolve(import.meta.dirname, '..');
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node scripts/run-sdk-tests.mjs <folder with the SDK tests, e.g. node_modules/livekit-server-sdk/src>');
  process.exit(2);
}
const compat = join(root, 'dist/node/compat/index.js');
if (!existsSync(compat)) {
  console.error('dist/node/compat/index.js is missing: run `npm run build` first');
  process.exit(2);
}

/** The test file with its SDK imports pointed at compat; fails if anything but import lines would change. */
function pointAtCompat(file, text) {
  const rewritten = text.replace(SDK_MODULE, '$1$2livekit-token/compat$2');
  const before = text.split('\n');
  const after = rewritten.split('\n');
  const changed = after.filter((line, i) => line !== before[i]);
  if (changed.length === 0) throw new Error(`${file}: no import of the SDK's token, grant or webhook modules`);
  for (const line of changed) if (!/^(?:import\s.*|\}\s*)from\s/.test(line)) throw new Error(`${file}: a changed line is not an import: ${line}`);
  const local = rewritten.match(/\bfrom\s+['"]\.{1,2}\/[^'"]+['"]/g);
  if (local) throw new Error(`${file}: imports another SDK module, which compat does not replace: ${local.join(', ')}`);
  return rewritten;
}

const work = mkdtempSync(join(tmpdir(), 'livekit-sdk-tests-'));
try {
  for (const file of FILES) {
    const source = join(folder, file);
    if (!existsSync(source)) throw new Error(`${source} is missing: pass the SDK's src/ folder`);
    writeFileSync(join(work, file), pointAtCompat(file, readFileSync(source, 'utf8')));
  }
  // @livekit/protocol, jose and vitest come from this repository's devDependencies; the compat
  // import resolves to this repository's build, as an installed package would.
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(
    join(work, 'vitest.config.mjs'),
    `export default { resolve: { alias: { 'livekit-token/compat': ${JSON.stringify(compat)} } }, test: { include: ${JSON.stringify(FILES)} } };\n`,
  );
  const results = join(work, 'results.json');
  spawnSync(join(root, 'node_modules/.bin/vitest'), ['run', '--root', work, '--reporter', 'verbose', '--reporter', 'json', '--outputFile.json', results], { stdio: 'inherit' });
  const tests = JSON.parse(readFileSync(results, 'utf8')).testResults.flatMap((file) => file.assertionResults);
  const failed = tests.filter((t) => t.status !== 'passed').map((t) => [...t.ancestorTitles, t.title].join(' > '));
  console.log(`\nlivekit-server-sdk's own tests against livekit-token/compat: ${tests.length - failed.length}/${tests.length} passing`);
  for (const name of failed) console.log(`  not passing: ${name}${DOCUMENTED[name] ? ` (documented: ${DOCUMENTED[name]})` : ' (NOT DOCUMENTED)'}`);
  process.exitCode = tests.length > 0 && failed.every((name) => DOCUMENTED[name]) ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
