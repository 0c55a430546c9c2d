// Deno runner: started with read permission only (see run-all.mjs). `--build deno` runs the cases
// on the Deno build (what the `deno` export condition selects) instead of the web build.
import { report, runSuite } from '../suite.mjs';

if (typeof Deno === 'undefined') throw new Error('not running in Deno');
const build = Deno.args.includes('--build') ? Deno.args[Deno.args.indexOf('--build') + 1] : 'web';
const { lib, modules } = await import(build === 'web' ? '../../../.tmp/runtimes/entry.mjs' : `../../../.tmp/runtimes/entry-${build}.mjs`);
const result = await runSuite(lib, modules);
console.log(report(`deno${build === 'web' ? '' : `/${build}-build`}`, result));
Deno.exit(result.failed > 0 ? 1 : 0);
