// workerd runner (host side, Node): bundles runner + cases + built package into one ES-module
// Worker, serves it with workerd on 127.0.0.1 (test/helpers/workerd.mjs) and fetches the result.
import { join } from 'node:path';
import { startWorkerd } from '../../helpers/workerd.mjs';
import { bundle, here, work } from '../host.mjs';
import { report } from '../suite.mjs';

await bundle(join(here, 'runners/workerd-worker.mjs'), join(work, 'worker.js'), 'esm');
const { base, child } = await startWorkerd({ dir: work, module: 'worker.js', stdio: ['ignore', 'inherit', 'inherit'] });
try {
  const body = await (await fetch(`${base}/`)).json();
  if (body.where.userAgent !== 'Cloudflare-Workers' || body.where.process !== 'undefined' || body.where.Buffer !== 'undefined') {
    throw new Error(`not a plain workerd isolate: ${JSON.stringify(body.where)}`);
  }
  console.log(report('workerd', body));
  process.exitCode = body.failed > 0 ? 1 : 0;
} finally {
  child.kill();
}
