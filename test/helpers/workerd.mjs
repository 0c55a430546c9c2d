// Serves one bundled ES-module Worker with the real workerd binary on a free 127.0.0.1 port.
// Shared by the runtime matrix and the examples test. workerd prints nothing when ready, so the
// socket is polled (up to ~20 s).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts workerd serving `dir/<module>` with text `bindings`; resolves `{ base, child }` once it
 * answers HTTP. The caller kills `child`.
 */
export async function startWorkerd({ dir, module, bindings = {}, stdio = 'ignore' }) {
  const port = await freePort();
  const text = Object.entries(bindings).map(([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`);
  const config = join(dir, 'workerd.capnp');
  writeFileSync(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "${module}", esModule = embed "${module}") ],
  compatibilityDate = "2025-01-01",
  bindings = [ ${text.join(', ')} ],
);
`);
  const child = spawn(join(root, 'node_modules/.bin/workerd'), ['serve', config], { cwd: dir, stdio });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${base}/`, { method: 'HEAD' });
      return { base, child };
    } catch (error) {
      if (attempt >= 200 || child.exitCode !== null) {
        child.kill();
        throw new Error(`workerd did not answer on ${base}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
