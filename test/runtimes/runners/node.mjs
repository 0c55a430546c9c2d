// Node runner (20, 22, 24: the same file under each binary). Runs the cases on the built package:
// the web build, or with `--build node` the Node build (what the `node` export condition selects).
import { report, runSuite } from '../suite.mjs';

const build = process.argv.includes('--build') ? process.argv[process.argv.indexOf('--build') + 1] : 'web';
const { lib, modules } = await import(build === 'web' ? '../../../.tmp/runtimes/entry.mjs' : `../../../.tmp/runtimes/entry-${build}.mjs`);
const result = await runSuite(lib, modules);
console.log(report(`node${process.versions.node.split('.')[0]}${build === 'web' ? '' : `/${build}-build`}`, result));
process.exitCode = result.failed > 0 ? 1 : 0;
