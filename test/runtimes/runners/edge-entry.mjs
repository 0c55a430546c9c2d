// Runs inside @edge-runtime/vm (bundled as a classic script by runners/edge-vm.mjs).
import { lib, modules } from '../../../.tmp/runtimes/entry.mjs';
import { runSuite } from '../suite.mjs';

globalThis.__matrixResult = runSuite(lib, modules);
