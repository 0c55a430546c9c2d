// Edge VM runner (host side, Node): evaluates the bundled cases inside @edge-runtime/vm, a Web-only
// context like Vercel/Netlify edge functions, with no `process` and no `Buffer`.
// Like Next.js's edge sandbox, the VM has its own intrinsics (Promise, Uint8Array …) while its Web
// APIs come from the host realm: `x instanceof Promise` is false for a promise that
// `crypto.subtle` returns, so code must test for thenables, not instances.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';
import { bundle, here, work } from '../host.mjs';
import { report } from '../suite.mjs';

const file = await bundle(join(here, 'runners/edge-entry.mjs'), join(work, 'edge.js'), 'iife');
const vm = new EdgeVM();
const globals = vm.evaluate('[typeof process, typeof Buffer, typeof require]');
if (globals.join() !== 'undefined,undefined,undefined') throw new Error(`the edge VM exposes Node globals: ${globals}`);
vm.evaluate(readFileSync(file, 'utf8'));
const result = await vm.evaluate('globalThis.__matrixResult');
if (result.failures.some((f) => f.includes('not of type CryptoKey'))) {
  console.log('  hint: a promise from crypto.subtle was passed on as if it were a CryptoKey; an `instanceof Promise` check fails across realms (test for `.then` instead)');
}
console.log(report('edge-vm', result));
process.exitCode = result.failed > 0 ? 1 : 0;
