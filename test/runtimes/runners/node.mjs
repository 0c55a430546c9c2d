// Node runner (20, 22, 24: the same file under each binary). Runs the cases on the built package.
import { lib, modules } from '../../../.tmp/runtimes/entry.mjs';
import { report, runSuite } from '../suite.mjs';

const result = await runSuite(lib, modules);
console.log(report(`node${process.versions.node.split('.')[0]}`, result));
process.exitCode = result.failed > 0 ? 1 : 0;
