#!/usr/bin/env node
// Requests per second of `POST /token` through livekit-token/handler's Node adapter versus the
// service people write by hand: a minimal node:http server minting with livekit-server-sdk.
//
// The servers run in one child process (only one is under load at a time); this process is
// the load generator: raw HTTP/1.1 over keep-alive sockets on 127.0.0.1, a fixed number of
// requests in flight, interleaved rounds of a fixed duration, medians. It stops by itself
// (rounds × cells × duration, about 45 s by default) and imports the BUILT dist.
//
// Servers: the baseline; ours anonymous (development); ours with authorize + grantPolicy (as
// deployed); and two references: the baseline's code minting with our createTokenSync instead
// (what a service written by hand around the core costs, without the handler's checks, limits
// and hook Request), and a floor that answers without minting (node:http's own cost per request).
//
//   node bench/handler.mjs [--rounds 5] [--seconds 2] [--concurrency 64] [--pipelining 1] [--quick] [--json]
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const KEY = { apiKey: 'APIbench', apiSecret: 'bench-secret-0123456789abcdefghijklmnopq' };
const WS_URL = 'wss://bench.livekit.cloud';
const root = new URL('..', import.meta.url);
let sequence = 0; // makes every identity distinct (and keeps the default rate limiter out of the way)

const { values: args } = parseArgs({
  options: {
    server: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '64' },
    pipelining: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false }, // 3 rounds × 1 s, for `npm run bench -- --quick`
  },
});

if (args.server) await runServers();
else await runBench();

// ---------------------------------------------------------------------------------------------
// Child: the two servers.

async function runServers() {
  const http = await import('node:http');
  // By package name, as a deployed service imports it: Node's `node` export condition selects the
  // Node build (native HMAC).
  const { createTokenHandler, serve, PARTICIPANT_GRANTS } = await import('livekit-token/handler');
  const { AccessToken } = await import('livekit-server-sdk');
  const { createTokenSync } = await import('livekit-token');

  // Ours, deployed behind a proxy: the caller's address (which keys the built-in per-address
  // rate limit) is the last X-Forwarded-For hop. The load generator plays many clients, each
  // request from a new address and for a new identity, so that no built-in limit is reached.
  const clientAddress = (request) => lastHop(request.headers.get('x-forwarded-for'));
  // Anonymous, as in development; otherwise defaults everywhere (the in-memory rate limits stay on).
  const ours = await serve(createTokenHandler({ keys: KEY, wsUrl: WS_URL, allowAnonymous: true, clientAddress }), { port: 0 });
  // As in production: an authorize hook and a grant policy, both reading the request they receive.
  const authorize = (request) => request.headers.get('authorization') === 'Bearer bench';
  const moderator = [...PARTICIPANT_GRANTS, 'hidden'];
  const grantPolicy = (request) => (request.headers.get('x-role') === 'moderator' ? moderator : PARTICIPANT_GRANTS);
  const withHook = await serve(createTokenHandler({ keys: KEY, wsUrl: WS_URL, authorize, grantPolicy, clientAddress }), { port: 0 });

  // The typical hand-written service: read the body, parse, check, mint, answer. `mint` is
  // livekit-server-sdk's AccessToken for the baseline, our createTokenSync for the reference.
  const byHand = (mint) => http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/token') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    let input;
    try {
      input = JSON.parse(body);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid json"}');
      return;
    }
    const { room, identity, ttl_seconds: ttl = 600 } = input;
    if (typeof room !== 'string' || typeof identity !== 'string') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"room and identity are required"}');
      return;
    }
    const token = await mint(identity, room, ttl);
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, wsUrl: WS_URL, expiresAt, identity, room }));
  });
  const baseline = byHand(async (identity, room, ttl) => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity, ttl });
    at.addGrant({ roomJoin: true, room });
    return at.toJwt();
  });
  const withCore = byHand((identity, room, ttl) => createTokenSync(KEY, { identity, ttl, video: { roomJoin: true, room } }));
  await new Promise((resolve) => withCore.listen(0, '127.0.0.1', resolve));
  await new Promise((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  // The floor: node:http reading the body and answering a reply of the same size, minting
  // nothing. What every server here pays per request before doing any work of its own.
  const canned = JSON.stringify({ token: 'x'.repeat(330), wsUrl: WS_URL, expiresAt: 0, identity: 'user-0', room: 'bench-room' });
  const floor = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(canned.length) }).end(canned);
    });
  });
  await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
  function lastHop(forwarded) {
    if (forwarded === null) return undefined;
    const comma = forwarded.lastIndexOf(',');
    return forwarded.slice(comma + 1).trim() || undefined;
  }
  process.stdout.write(`${JSON.stringify({ ours: ours.port, withHook: withHook.port, baseline: baseline.address().port, withCore: withCore.address().port, floor: floor.address().port })}\n`);
  // Each line on stdin asks for this process's CPU time so far (µs, user + system); exit with the parent.
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (lines) => {
    for (let n = lines.split('\n').length - 1; n > 0; n--) {
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${user + system}\n`);
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Parent: load generator.

async function runBench() {
  const rounds = args.quick ? 3 : Number(args.rounds);
  const seconds = args.quick ? 1 : Number(args.seconds);
  const concurrency = Number(args.concurrency);
  const pipelining = Number(args.pipelining);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--server'], { stdio: ['pipe', 'pipe', 'inherit'] });
  // The child answers one line per question: first its ports, then its CPU time when asked.
  const lines = [];
  const waiting = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    partial += d;
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve)));
  child.on('exit', (code) => {
    if (code) console.error(`server process exited with ${code}`);
  });
  const serverCpu = async () => {
    child.stdin.write('cpu\n');
    return Number(await nextLine());
  };
  const ports = JSON.parse(await nextLine());
  const hardStop = setTimeout(() => {
    console.error('bench: hard time limit reached');
    child.kill();
    process.exit(2);
  }, 180_000);
  try {
    const { verifyToken } = await import(new URL('dist/index.js', root).href);
    const cells = {
      'node:http + livekit-server-sdk': ports.baseline,
      'livekit-token/handler, anonymous': ports.ours,
      'livekit-token/handler, authorize + grantPolicy': ports.withHook,
      'reference: the baseline minting with createTokenSync': ports.withCore,
      'floor: node:http answering without minting': ports.floor,
    };

    // Sanity: every server answers 200 with a valid token for the asked identity.
    for (const [name, port] of Object.entries(cells)) {
      if (port === ports.floor) continue;
      const [answer] = await load(port, 1, 1, 0);
      const claims = await verifyToken(JSON.parse(answer).token, KEY).catch((e) => {
        throw new Error(`${name}: invalid token (${e.code})`);
      });
      if (claims.video?.room !== 'bench-room') throw new Error(`${name}: wrong claims`);
    }

    // Warm up each (JIT, sockets), then interleave rounds, alternating which goes first.
    for (const port of Object.values(cells)) await load(port, concurrency, 0, Math.min(1000, seconds * 500), false, pipelining);
    // Two figures per round: wall-clock requests/s (what the load generator saw; on a shared
    // 2-core machine the generator itself can be the limit) and the server process's CPU time
    // per request (user + system, so kernel socket work counts), which does not depend on who
    // else runs and gives the capacity of one saturated core: 1e6 / (µs per request).
    const wall = Object.fromEntries(Object.keys(cells).map((n) => [n, []]));
    const cpu = Object.fromEntries(Object.keys(cells).map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? Object.entries(cells) : Object.entries(cells).reverse();
      for (const [name, port] of order) {
        const before = await serverCpu();
        const { count, errors, elapsed } = await load(port, concurrency, 0, seconds * 1000, true, pipelining);
        const used = (await serverCpu()) - before;
        if (errors > 0) throw new Error(`${name}: ${errors} failed requests`);
        wall[name].push((count / elapsed) * 1000);
        cpu[name].push(used / count);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const names = Object.keys(cells);
    const [baseName] = names;
    // Ratios to the baseline are taken within each round (same machine state) and then the
    // median over rounds: on a shared machine that is steadier than a ratio of two medians.
    const cpuRatio = (name) => median(cpu[name].map((us, r) => cpu[baseName][r] / us));
    const wallRatio = (name) => median(wall[name].map((rate, r) => rate / wall[baseName][r]));
    const servers = Object.fromEntries(
      names.map((name) => [
        name,
        {
          wallRequestsPerSecond: Math.round(median(wall[name])),
          serverCpuMicrosPerRequest: Number(median(cpu[name]).toFixed(1)),
          requestsPerCpuSecond: Math.round(1e6 / median(cpu[name])),
          cpuRatio: Number(cpuRatio(name).toFixed(2)),
          wallRatio: Number(wallRatio(name).toFixed(2)),
        },
      ]),
    );
    const result = { concurrency, pipelining, rounds, secondsPerRound: seconds, servers, samples: { wall, cpu }, target: 2 };
    if (args.json) console.log(JSON.stringify(result));
    else {
      console.log(`POST /token over loopback: ${concurrency} in flight (pipelining ${pipelining}), ${rounds} interleaved rounds × ${seconds} s, medians`);
      console.log('| server | wall req/s | server CPU µs/request | req/s per server CPU-second | × baseline (CPU) | × baseline (wall) |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
      for (const name of names) {
        const s = servers[name];
        // The goal is for the handler; the references only show where its cost lies.
        const reference = cells[name] === ports.floor || cells[name] === ports.withCore;
        const mark = (x) => (name === baseName ? '1×' : reference ? `${x}×` : `${x}×${x >= result.target ? ' ✓' : ' ✗'}`);
        console.log(`| ${name} | ${s.wallRequestsPerSecond} | ${s.serverCpuMicrosPerRequest} | ${s.requestsPerCpuSecond} | ${mark(s.cpuRatio)} | ${mark(s.wallRatio)} |`);
      }
      console.log(`Target ≥ ${result.target}× the baseline; ratios are medians of per-round ratios. The generator shares the cores, so wall req/s is partly its limit.`);
      const floorUs = servers[names.at(-1)].serverCpuMicrosPerRequest;
      console.log(`Above the floor (server CPU µs/request): ${names.slice(0, -1).map((n) => `${n} ${(servers[n].serverCpuMicrosPerRequest - floorUs).toFixed(1)}`).join('; ')}`);
    }
  } finally {
    clearTimeout(hardStop);
    child.stdin.end();
    child.kill();
  }
}

/**
 * Keeps `concurrency` keep-alive connections busy with POST /token until `total` requests are
 * done (total > 0) or `durationMs` has passed. Returns the answers when `total` is set.
 */
function load(port, concurrency, total, durationMs, timed = false, depth = 1) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const answers = [];
    let started = 0;
    let count = 0;
    let errors = 0;
    const connections = Math.max(1, Math.round(concurrency / depth));
    let open = connections;
    const more = () => (total > 0 ? started < total : performance.now() - start < durationMs);
    for (let c = 0; c < connections; c++) {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffer = '';
      let pending = 0;
      const send = () => {
        pending++;
        started++;
        const n = sequence++;
        const body = `{"room":"bench-room","identity":"user-${n}"}`;
        const from = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
        socket.write(
          `POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench\r\nX-Forwarded-For: ${from}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      };
      let done = false;
      const finish = () => {
        if (done || pending > 0) return;
        done = true;
        socket.end();
        if (--open === 0) {
          const elapsed = performance.now() - start;
          resolve(timed ? { count, errors, elapsed } : answers);
        }
      };
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        buffer += chunk;
        for (;;) {
          const body = complete(buffer);
          if (body === undefined) return;
          if (!buffer.startsWith('HTTP/1.1 200')) errors++;
          if (total > 0) answers.push(body.text);
          count++;
          pending--;
          buffer = buffer.slice(body.end);
          if (more()) send();
          else finish();
        }
      });
      socket.on('error', reject);
      socket.on('connect', () => {
        for (let k = 0; k < depth && more(); k++) send();
        finish();
      });
    }
  });
}

/** One complete HTTP/1.1 response at the start of `buffer`: its body text and length, or undefined. */
function complete(buffer) {
  const head = buffer.indexOf('\r\n\r\n');
  if (head < 0) return undefined;
  const headers = buffer.slice(0, head).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(headers);
  if (length) {
    const end = head + 4 + Number(length[1]);
    return buffer.length >= end ? { text: buffer.slice(head + 4, end), end } : undefined;
  }
  if (headers.includes('transfer-encoding: chunked')) {
    let at = head + 4;
    let text = '';
    for (;;) {
      const line = buffer.indexOf('\r\n', at);
      if (line < 0) return undefined;
      const size = parseInt(buffer.slice(at, line), 16);
      if (buffer.length < line + 2 + size + 2) return undefined;
      if (size === 0) return { text, end: line + 4 };
      text += buffer.slice(line + 2, line + 2 + size);
      at = line + 2 + size + 2;
    }
  }
  return { text: '', end: head + 4 };
}
