// Bun runner. `--build node` runs the cases on the Node build (Bun matches the `node` export
// condition) instead of the web build.
import { report, runSuite } from '../suite.mjs';

if (typeof Bun === 'undefined') throw new Error('not running in Bun');
const build = process.argv.includes('--build') ? process.argv[process.argv.indexOf('--build') + 1] : 'web';
const { lib, modules } = await import(build === 'web' ? '../../../.tmp/runtimes/entry.mjs' : `../../../.tmp/runtimes/entry-${build}.mjs`);
const result = await runSuite(lib, modules);
console.log(report(`bun${build === 'web' ? '' : `/${build}-build`}`, result));
process.exit(result.failed > 0 ? 1 : 0);
