// The Worker that runs the cases inside workerd: bundled with the entry by runners/workerd.mjs.
// Cases run per request (workerd forbids crypto work at global scope), result as JSON.
import { lib, modules } from '../../../.tmp/runtimes/entry.mjs';
import { runSuite } from '../suite.mjs';

export default {
  async fetch() {
    const result = await runSuite(lib, modules);
    // Proof of where this ran: workerd's navigator, and no Node globals without nodejs_compat.
    const where = { userAgent: globalThis.navigator?.userAgent, process: typeof globalThis.process, Buffer: typeof globalThis.Buffer };
    return Response.json({ ...result, where });
  },
};
