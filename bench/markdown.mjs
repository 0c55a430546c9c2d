// Writes docs/performance.md from bench/results.json (what `npm run bench` stores): every figure
// on that page comes from the results file, none is typed by hand.
//
//   node bench/markdown.mjs           # prints the page
//   node bench/markdown.mjs --write   # writes docs/performance.md
//
// test/docs/performance.test.ts fails when the page differs from what this prints.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleTable, goalsTable } from '../test/docs/bench-tables.mjs';
import { stagesMarkdown } from './stages.mjs';

const x = (v) => (v == null ? '—' : `${v.toFixed(v >= 10 ? 0 : 2)}×`);
const rows = (headers, body) => [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const RUNTIMES = ['node', 'bun', 'deno'];

const NAMES = {
  'floor-webcrypto': 'floor: Web Crypto `subtle.sign`, key cached, input precomputed',
  'floor-node': 'floor: `node:crypto` `createHmac`, input precomputed',
  'ours-async': '**`createToken` / `verifyToken`**',
  'ours-async-web': '`createToken` / `verifyToken`, Web build (Web Crypto)',
  'ours-sync': '**`createTokenSync` / `verifyTokenSync`**',
  'livekit-server-sdk': '`livekit-server-sdk`',
  jose: '`jose`',
  'fast-jwt': '`fast-jwt`',
};

/** A runtime's throughput table: ratios to the SDK and to fast-jwt, same round. */
function throughputTable(r) {
  const body = Object.keys(NAMES)
    .filter((id) => r.table[id])
    .map((id) => {
      const t = r.table[id];
      return [NAMES[id], x(t.mint?.seq.xLivekitSdk), x(t.mint?.par.xLivekitSdk), x(t.verify?.seq.xLivekitSdk), x(t.verify?.par.xLivekitSdk), x(t.mint?.seq.xFastJwt), x(t.verify?.seq.xFastJwt), x(t.mint?.seq.xNodeCrypto), x(t.verify?.seq.xNodeCrypto)];
    });
  const n = r.config.inFlight;
  return rows(['× the speed of', 'SDK: mint', `SDK: mint, ${n} in flight`, 'SDK: verify', `SDK: verify, ${n} in flight`, 'fast-jwt: mint', 'fast-jwt: verify', 'HMAC floor: mint', 'HMAC floor: verify'], body);
}

function leadersTable(results) {
  const runtimes = RUNTIMES.filter((k) => results[k]?.leaders);
  if (!runtimes.length) return '';
  const cols = Object.keys(results[runtimes[0]].leaders);
  return rows(['column', ...runtimes.map((k) => results[k].runtime)], cols.map((c) => [c.replace('seq', 'sequential').replace('par', 'in flight'), ...runtimes.map((k) => {
    const l = results[k].leaders[c];
    return l ? `${l.leader} (${x(l.margin)} ahead of ${l.next})` : '—';
  })]));
}

function growthTables(g) {
  const base = g.metadata[0];
  const refused = 'refused (> 8 KiB)';
  const size = rows(['metadata', 'token chars', 'async mint', 'sync mint', 'async verify', 'sync verify'], Object.entries(g.metadata).map(([n, e]) => {
    const ok = g.info.metadata[n].verify === 'verified';
    return [`${n} B`, g.info.metadata[n].tokenLength, x(e.async.mint.usPerOp / base.async.mint.usPerOp), x(e.sync.mint.usPerOp / base.sync.mint.usPerOp), ok ? x(e.async.verify.usPerOp / base.async.verify.usPerOp) : refused, ok ? x(e.sync.verify.usPerOp / base.sync.verify.usPerOp) : refused];
  }));
  const one = g.keys[1];
  const keys = rows(['keys in the record', 'async verify', 'sync verify'], Object.entries(g.keys).map(([n, e]) => [n, x(e.async.verify.usPerOp / one.async.verify.usPerOp), x(e.sync.verify.usPerOp / one.sync.verify.usPerOp)]));
  return `${size}\n\n${keys}`;
}

/** "Node 20.20.2 (2026-12-06)" for each stored run. */
const runs = (results) => RUNTIMES.filter((k) => results[k]).map((k) => `${results[k].runtime.replace(/^\w/, (c) => c.toUpperCase())} (${results[k].date.slice(0, 10)})`).join(', ');

export function performancePage(results) {
  const node = results.node;
  const peers = Object.entries(results.peers ?? {}).map(([name, v]) => `\`${name}\` ${v}`).join(', ');
  const out = [];
  out.push(`# Performance

How fast \`livekit-token\` mints and verifies next to \`livekit-server-sdk\`, \`jose\` and
\`fast-jwt\` in Node, Bun and Deno; where the time of one call goes; how cost grows with the token;
bundle sizes; cold start; and the token service under load. Every figure on this page comes from
one run of the project's benchmark per runtime (its method is described in the source repository,
not in this package). Runs: ${runs(results)}, on ${node?.cpu ?? 'an unnamed CPU'}
(${node?.cores ?? '?'} cores), against ${peers}. Each runtime loads the build its export
condition selects (see [Engines](#engines-which-build-each-runtime-loads)). Ratios are medians of
per-round ratios between contenders measured in the same round; single cells spread by tens of
percent between rounds, so read them as rough.

## Which API to use

- **\`createToken\` / \`verifyToken\`** (async) are the default in every runtime. In Node and Bun they
  sign with \`node:crypto\` on the calling thread, in Deno with the package's own SHA-256 for
  token-sized inputs, elsewhere with Web Crypto (see Engines below).
- **\`createTokenSync\` / \`verifyTokenSync\`** take the same arguments, run the same validation in
  the same order, and produce byte-identical tokens and identical errors (the test suite replays
  the core tests through both). They use the same HMAC as the async API in Node and Bun, and
  elsewhere a SHA-256/HMAC written in this package (checked against FIPS 180-4, RFC 4231, Web
  Crypto and \`node:crypto\`), so a mint never waits for another thread. A key resolver passed to
  \`verifyTokenSync\` must be synchronous (a returned promise is \`ERR_INVALID_OPTIONS\`).

In Node, Bun and Deno the two APIs do the same work, so pick by calling style. In edge runtimes
the async API carries no hashing code of its own (a smaller bundle); the sync one answers a single
request sooner.

## Engines: which build each runtime loads

All builds share one API, one set of type declarations, the same validation and the same errors,
and mint byte-identical tokens: the core test suites are replayed on the Node build's files, the
three builds are checked against each other on the same calls (malformed tokens included), and
every case runs on both builds in Node 20/22/24, Bun and Deno.

| runtime | condition | build | HMAC | base64url, UTF-8 |
| --- | --- | --- | --- | --- |
| Node 20+, Bun | \`node\` | \`dist/node/\` | \`node:crypto\` \`createHmac\`, key object cached per secret, signing input passed as a string | \`Buffer\`, after a strict check of the alphabet and the last character |
| Deno (\`npm:livekit-token\`) | \`deno\` | \`dist/deno/\` | own SHA-256 up to 1 KB, Web Crypto above | portable |
| browsers, Workers, edge runtimes, bundlers targeting them | none (\`import\`, \`require\`) | \`dist/\` | Web Crypto | portable |

Only the Node build imports anything from Node (\`node:crypto\`, \`node:buffer\`); the Deno build
uses Web APIs only. JSR users get the sources, that is the Web Crypto engine. On Node and Bun a
Web Crypto call costs several times the hash itself (it goes to a worker thread and back); in
Deno \`node:crypto\` has a fixed cost per call and Web Crypto's hop is expensive, so the package's
own SHA-256 wins for a token-sized input, and native hashing from about 1 KB on.

## Throughput`);
  for (const k of RUNTIMES) {
    const r = results[k];
    if (!r) continue;
    out.push(`### ${r.runtime} (${r.date.slice(0, 10)}, ${r.config.rounds} rounds, build \`${r.build ?? 'dist/index.js'}\`)\n\n${throughputTable(r)}`);
  }
  out.push(`"HMAC floor" is \`node:crypto\`'s \`createHmac\` alone on a precomputed signing input: no claims, no
JSON, no validation. Every contender pays one \`await\` per operation, sync or not.

### Who leads each column

Ranked by the median per-round ratio to the Web Crypto floor.

${leadersTable(results)}

## Design goals

${goalsTable(results)}`);
  if (results.stages) {
    out.push(`## Where the time goes

Each step of a sync mint and a sync verify of a typical participant
token (${results.stages.tokenLength} characters) is timed on its own, in CPU time per call, in both sets of
engine files, next to the whole call of the built package (${results.stages.runtime}, median of
${results.stages.rounds} interleaved rounds). "Own work" is everything but the HMAC.

${stagesMarkdown(results.stages)}

The Node files hand the signing input to \`createHmac\` as a string and take the signature back as
base64url, so a mint makes no intermediate buffers, and a verify compares that base64url with the
token's signature as text (in constant time) instead of decoding it; the portable files build the
token in one byte buffer that their HMAC reads in place. What is left of a verify's own work is
mostly decoding the payload (base64url, then \`JSON.parse\`) and copying the claims as their types
are checked. The last row of each half is the same call written by hand in Node with the same
native steps and no validation beyond the signature and the times: the difference is what the
checks of options, names, limits and claim types cost.`);
  }
  if (node?.growth) out.push(`## Cost growth (Node; time relative to the 0 B payload, sequential)

${growthTables(node.growth)}

Mint and verify cost grows linearly with the token's bytes, not with the number of keys: a
record is one own-property lookup. Over the 8 KiB bound a token is refused before any decoding.`);
  if (results.coldStart) {
    out.push(`## Cold start (fresh \`node\`: import + one mint, minus bare \`node\`, median ms)

${rows(['script', 'ms over bare node'], Object.entries(results.coldStart).filter(([k]) => k !== 'bare node').map(([k, v]) => [k, v.overBareMs ?? v.error]))}`);
  }
  if (results.size) {
    out.push(`## Bundle size

An esbuild bundle of one import, minified for the browser, then gzip; 1 kB = 1000 bytes.
The project's size check measures the same way, fails when a bundle grows past its budget, and
proves tree-shaking: a bundle of \`createToken\` alone contains no verification, webhook, preset or
compat code.

${bundleTable(results)}`);
  }
  const handler = results.handler?.status === 0 ? results.handler.output.split('\n').filter((l) => l.startsWith('|')).join('\n') : '';
  if (handler) {
    out.push(`## Token service

The service benchmark sends \`POST /token\` with 64 requests in
flight over keep-alive loopback connections to a minimal \`node:http\` server minting with
\`livekit-server-sdk\`, to \`livekit-token/handler\` (anonymous, and with an \`authorize\` hook and a
\`grantPolicy\`), and to two references: the same minimal server minting with this package's
\`createTokenSync\` (what a service written by hand around the core costs, without the handler's
checks, rate limits and hook \`Request\`), and a \`node:http\` floor answering a reply of the same
size without minting.
Figures per server: requests per second of wall-clock time and the server's CPU time per request;
ratios to the \`livekit-server-sdk\` server within each round, then the median. ✓ or ✗: whether
the handler reaches the project's goal of twice the \`livekit-server-sdk\` server's rate.

${handler}`);
  }
  return `${out.join('\n\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
  const page = performancePage(results);
  if (process.argv.includes('--write')) writeFileSync(new URL('../docs/performance.md', import.meta.url), page);
  else process.stdout.write(page);
}
