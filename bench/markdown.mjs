// Prints the README's performance tables (ratios only) from bench/results.json:
//   node bench/markdown.mjs
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
const x = (v) => (v == null ? '—' : `${v.toFixed(v >= 10 ? 0 : 2)}×`);
const rows = (headers, body) => [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const NAMES = {
  'floor-webcrypto': 'floor: Web Crypto `subtle.sign`, key cached, input precomputed',
  'floor-node': 'floor: `node:crypto` `createHmac`',
  'ours-async': '**`createToken` / `verifyToken`**',
  'ours-async-web': '`createToken` / `verifyToken`, Web build (Web Crypto)',
  'ours-sync': '**`createTokenSync` / `verifyTokenSync`**',
  'livekit-server-sdk': '`livekit-server-sdk`',
  jose: '`jose`',
  'fast-jwt': '`fast-jwt`',
};

for (const runtime of ['node', 'bun', 'deno']) {
  const r = results[runtime];
  if (!r) continue;
  console.log(`\n#### ${r.runtime} (${r.date.slice(0, 10)}, ${r.config.rounds} rounds, build ${r.build ?? 'dist/index.js'}; ratio to the Web Crypto floor, same round)\n`);
  const body = Object.keys(NAMES)
    .filter((id) => r.table[id])
    .map((id) => {
      const t = r.table[id];
      return [NAMES[id], x(t.mint?.seq.xWebCrypto), x(t.mint?.par.xWebCrypto), x(t.verify?.seq.xWebCrypto), x(t.verify?.par.xWebCrypto), x(t.mint?.seq.xLivekitSdk), x(t.verify?.seq.xLivekitSdk)];
    });
  console.log(rows(['', 'mint', `mint, ${r.config.inFlight} in flight`, 'verify', `verify, ${r.config.inFlight} in flight`, 'mint vs lk-sdk', 'verify vs lk-sdk'], body));
}

// Who leads each column (the goal table is test/docs/bench-tables.mjs's).
const runtimes = ['node', 'bun', 'deno'].filter((k) => results[k]?.leaders);
if (runtimes.length) {
  console.log(`\n#### Who leads each column\n`);
  const cols = Object.keys(results[runtimes[0]].leaders ?? {});
  console.log(rows(['column', ...runtimes.map((k) => results[k].runtime)], cols.map((c) => [c.replace('seq', 'sequential').replace('par', 'in flight'), ...runtimes.map((k) => { const l = results[k].leaders?.[c]; return l ? `${l.leader} (${x(l.margin)} ahead of ${l.next})` : '—'; })])));
}

const node = results.node;
if (node?.growth) {
  const g = node.growth;
  const base = g.metadata[0];
  console.log('\n#### Cost growth (Node; time relative to the 0 B payload, sequential)\n');
  console.log(
    rows(
      ['metadata', 'token chars', 'async mint', 'sync mint', 'async verify', 'sync verify'],
      Object.entries(g.metadata).map(([size, e]) => [
        `${size} B`,
        g.info.metadata[size].tokenLength,
        x(e.async.mint.usPerOp / base.async.mint.usPerOp),
        x(e.sync.mint.usPerOp / base.sync.mint.usPerOp),
        g.info.metadata[size].verify === 'verified' ? x(e.async.verify.usPerOp / base.async.verify.usPerOp) : 'refused (> 8 KiB)',
        g.info.metadata[size].verify === 'verified' ? x(e.sync.verify.usPerOp / base.sync.verify.usPerOp) : 'refused (> 8 KiB)',
      ]),
    ),
  );
  const one = g.keys[1];
  console.log('\n' + rows(['keys in the record', 'async verify', 'sync verify'], Object.entries(g.keys).map(([n, e]) => [n, x(e.async.verify.usPerOp / one.async.verify.usPerOp), x(e.sync.verify.usPerOp / one.sync.verify.usPerOp)])));
}
if (results.coldStart) {
  console.log('\n#### Cold start (fresh `node`: import + one mint, minus bare `node`, median ms)\n');
  console.log(rows(['script', 'ms over bare node'], Object.entries(results.coldStart).filter(([k]) => k !== 'bare node').map(([k, v]) => [k, v.overBareMs ?? v.error])));
}
