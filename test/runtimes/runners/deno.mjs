// Deno runner: started with read permission only (see run-all.mjs).
import { lib, modules } from '../../../.tmp/runtimes/entry.mjs';
import { report, runSuite } from '../suite.mjs';

if (typeof Deno === 'undefined') throw new Error('not running in Deno');
const result = await runSuite(lib, modules);
console.log(report(`deno`, result));
Deno.exit(result.failed > 0 ? 1 : 0);
