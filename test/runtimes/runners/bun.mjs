// Bun runner.
import { lib, modules } from '../../../.tmp/runtimes/entry.mjs';
import { report, runSuite } from '../suite.mjs';

if (typeof Bun === 'undefined') throw new Error('not running in Bun');
const result = await runSuite(lib, modules);
console.log(report('bun', result));
process.exit(result.failed > 0 ? 1 : 0);
