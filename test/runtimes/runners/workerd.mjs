// workerd runner (host side, Node): bundles runner + cases + built package into one ES-module
// Worker, writes a capnp config serving it on 127.0.0.1 at a free port, fetches the result once.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundle, here, root, work } from '../host.mjs';
import { report } from '../suite.mjs';

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

await bundle(join(here, 'runners/workerd-worker.mjs'), join(work, 'worker.js'), 'esm');
const port = await freePort();
writeFileSync(join(work, 'workerd.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .matrix) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const matrix :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-01-01",
);
`);

const child = spawn(join(root, 'node_modules/.bin/workerd'), ['serve', join(work, 'workerd.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
let exited = false;
child.on('exit', () => { exited = true; });
try {
  let body;
  for (let attempt = 0; attempt < 100 && !body && !exited; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      body = await res.json();
    } catch {
      await new Promise((r) => setTimeout(r, 100)); // workerd still starting
    }
  }
  if (!body) throw new Error('workerd did not answer (see its output above)');
  if (body.where.userAgent !== 'Cloudflare-Workers' || body.where.process !== 'undefined' || body.where.Buffer !== 'undefined') {
    throw new Error(`not a plain workerd isolate: ${JSON.stringify(body.where)}`);
  }
  console.log(report('workerd', body));
  process.exitCode = body.failed > 0 ? 1 : 0;
} finally {
  child.kill();
}
