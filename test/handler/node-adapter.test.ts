// What only the Node adapter does: streaming limits, serve(), client aborts, odd requests.
import { request as httpRequest, createServer } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, toNodeListener, type RunningServer } from '../../src/handler/index.js';
import { createTokenHandler, KEY, options, rawHttp as raw, WS_URL } from './helpers.js';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(overrides = {}) {
  const server = await serve(createTokenHandler(options(overrides)), { port: 0 });
  running.push(server);
  return server;
}

describe('serve()', () => {
  it('listens on 127.0.0.1 with a random port and reports its URL', async () => {
    const server = await start();
    expect(server.hostname).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
  });

  it('close() stops the server', async () => {
    const server = await serve(createTokenHandler(options()), { port: 0 });
    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('rejects when the port is taken, and for an invalid port', async () => {
    const server = await start();
    await expect(serve(createTokenHandler(options()), { port: server.port })).rejects.toThrow(/EADDRINUSE/);
    // An invalid port is an ERR_INVALID_OPTIONS like every other bad option (it used to be a
    // RangeError: only LiveKitTokenError leaves the library).
    await expect(serve(createTokenHandler(options()), { port: 70000 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    await expect(serve(createTokenHandler(options()), { port: 0, headersTimeout: 5000, requestTimeout: 1000 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    await expect(serve(createTokenHandler(options()), { port: 0, keepAliveTimeout: -1 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
  });

  it('closes a socket whose headers never finish (headersTimeout)', async () => {
    const server = await serve(createTokenHandler(options()), { port: 0, headersTimeout: 300, requestTimeout: 600 });
    running.push(server);
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    // Half a request line and one header, then nothing: a slowloris client.
    socket.write('POST /token HTTP/1.1\r\nHost: x\r\n');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    const closed = await new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      // A generous bound: Node's defaults would keep this socket for 60 s or more.
      setTimeout(() => resolve(false), 8_000).unref();
    });
    socket.destroy();
    expect(closed).toBe(true);
    // Node answers such a client with 408 before it closes the connection.
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  }, 15_000);

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const server = await serve(createTokenHandler(options()), { port: 0, keepAliveTimeout: 200 });
    running.push(server);
    const started = Date.now();
    // raw() resolves when the server closes the socket; the client never closes it itself.
    const answer = await raw(server.port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    // A generous bound, below Node's own 5 s default: only the option can explain a close before it.
    expect(Date.now() - started).toBeLessThan(4_500);
  });
});

describe('toNodeListener()', () => {
  it('sends a Content-Length that counts the UTF-8 bytes of a reply that is not ASCII, short or long', async () => {
    const server = await start();
    // 2-, 3- and 4-byte characters: a length in UTF-16 units would cut the body short. The
    // metadata makes a token (sent twice) long enough for a reply of over 6 000 characters.
    for (const metadata of [undefined, 'm'.repeat(2_500)]) {
      const body = JSON.stringify({ room: 'salle-été', identity: 'zoë-名前-🎉', metadata });
      const answer = await raw(
        server.port,
        `POST /token HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      const [head, sent = ''] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      // raw() reads latin1: one character per byte received.
      expect(head).toContain(`content-length: ${sent.length}\r\n`);
      if (metadata !== undefined) expect(sent.length).toBeGreaterThan(6_000);
      const reply = JSON.parse(Buffer.from(sent, 'latin1').toString('utf8')) as { identity: string; room: string };
      expect(reply).toMatchObject({ identity: 'zoë-名前-🎉', room: 'salle-été' });
    }
  });

  it('works with http.createServer and streams a chunked body', async () => {
    const server = createServer(toNodeListener(createTokenHandler(options())));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify({ room: 'r', identity: 'chunky' });
      const answer = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/token', headers: { 'content-type': 'application/json', authorization: 'Bearer good', 'transfer-encoding': 'chunked' } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(`${res.statusCode} ${text}`));
        });
        req.on('error', reject);
        // Two chunks, the second one late: the handler must wait for the whole body.
        req.write(body.slice(0, 10));
        setTimeout(() => req.end(body.slice(10)), 50);
      });
      expect(answer).toMatch(/^200 \{"token":"eyJ/);
    } finally {
      server.close();
    }
  });

  it('413 for a chunked body over the limit without Content-Length, reading no more than needed', async () => {
    const handler = createTokenHandler(options({ maxBodyBytes: 1000 }));
    const server = await serve(handler, { port: 0 });
    running.push(server);
    const chunk = Buffer.from('x'.repeat(400));
    const parts = [Buffer.from('POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n')];
    for (let i = 0; i < 100; i++) parts.push(Buffer.concat([Buffer.from('190\r\n'), chunk, Buffer.from('\r\n')]));
    const progress = { sent: 0, sentAtAnswer: -1 };
    const answer = await raw(server.port, parts, 10, progress);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('ERR_BODY_TOO_LARGE');
    // The adapter closes the connection instead of draining a body it refused.
    expect(answer.toLowerCase()).toContain('connection: close');
    // The answer came while the client was still sending: the limit is enforced on the stream.
    expect(progress.sentAtAnswer).toBeGreaterThan(0);
    expect(progress.sentAtAnswer).toBeLessThan(parts.length);
  });

  it('413 at once for a declared Content-Length over the limit', async () => {
    const server = await start({ maxBodyBytes: 100 });
    const answer = await raw(server.port, 'POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('keeps the connection alive after bodiless requests, closes it after an unread body', async () => {
    const server = await start({ cors: { origins: ['https://app.example.com'] } });
    const preflight = 'OPTIONS /token HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n\r\n';
    const both = await raw(server.port, preflight + 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(both.match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 204', 'HTTP/1.1 200']);
    const unread = await raw(server.port, 'POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(unread.match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 404']);
    expect(unread.toLowerCase()).toContain('connection: close');
  });

  it('answers 400 ERR_BAD_REQUEST for a Host no URL can be made of, before any hook runs', async () => {
    let hooks = 0;
    const events: unknown[] = [];
    const count = () => (hooks++, true);
    const server = await start({ authorize: count, clientAddress: () => (hooks++, '10.0.0.1'), onEvent: (e: unknown) => void events.push(e) });
    const hostile = ['Host: 127.0.0.1:99999', 'Host: evil/../../token?x', 'Host: user@evil', 'Host: [::1', 'Host: a b', 'Host: foo.123', 'Host:', 'Host: a\r\nHost: b'];
    for (const host of hostile) {
      const answer = await raw(server.port, `POST /token HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
      expect([host, answer.split('\r\n')[0]]).toEqual([host, 'HTTP/1.1 400 Bad Request']);
      expect(answer).toContain('{"error":{"code":"ERR_BAD_REQUEST","message":"the Host header or the request target does not make a valid URL"}}');
      // The body was never read: the connection is not reused.
      expect(answer.toLowerCase()).toContain('connection: close');
    }
    expect([hooks, events]).toEqual([0, []]);
    // The generic adapter path refuses the same way.
    const generic = createServer(toNodeListener(async () => (hooks++, new Response('reached'))));
    await new Promise<void>((r) => generic.listen(0, '127.0.0.1', r));
    try {
      const answer = await raw((generic.address() as AddressInfo).port, 'GET /token HTTP/1.1\r\nHost: 127.0.0.1:99999\r\nConnection: close\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('ERR_BAD_REQUEST');
      expect(hooks).toBe(0);
    } finally {
      generic.close();
    }
  });

  it('aborts request.signal when the client goes away', async () => {
    let aborted: Promise<boolean> | undefined;
    const server = createServer(
      toNodeListener((req) => {
        aborted = new Promise((resolve) => req.signal.addEventListener('abort', () => resolve(true)));
        return new Promise(() => {}); // never answers
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n'));
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      expect(await aborted).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers 500 when the handler throws, and passes through several Set-Cookie headers', async () => {
    const server = await serve((req) => {
      if (req.url.endsWith('/boom')) throw new Error(`secret ${KEY.apiSecret}`);
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response('ok', { headers });
    }, { port: 0 });
    running.push(server);
    const boom = await fetch(`${server.url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain(KEY.apiSecret);
    const ok = await fetch(`${server.url}/`);
    expect(ok.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await ok.text()).toBe('ok');
  });

  it('streams a large response body with backpressure', async () => {
    const big = 'y'.repeat(5 * 1024 * 1024);
    const server = await serve(() => new Response(big), { port: 0 });
    running.push(server);
    const text = await (await fetch(server.url)).text();
    expect(text.length).toBe(big.length);
  });
});

/**
 * Differential: the same raw HTTP request sent over a socket to the Node adapter, and handed to
 * the handler as the `Request` a fetch runtime builds for it — `new Request(url, {method,
 * headers, body})`, where `url` is what the request itself says: `http://` + `Host` + target,
 * or the target when it is absolute (RFC 9112 §3.2.2, §3.3). Both must route the same and show
 * hooks the same `url`, `method` and headers.
 */
describe('the Request a hook sees is the one a fetch Request would be', () => {
  interface Case {
    target: string;
    /** Header lines as sent (Connection: close, Content-Type and Content-Length are added). */
    lines?: Array<[string, string]>;
    method?: string;
    /** The Host line; none for null. */
    host?: string | null;
  }
  const BODY = '{"room":"r","identity":"a"}';
  const READS = ['host', 'authorization', 'cookie', 'x-dup', 'content-type', 'x-missing'];
  const cases: Case[] = [
    { target: '/token' },
    // Host: case, default port, IPv4 and IPv6 forms, empty port.
    { target: '/token', host: 'SVC.Example.COM' },
    { target: '/token', host: 'svc.example:80' },
    { target: '/token', host: 'svc.example:8080' },
    { target: '/token', host: '127.0.0.1:80' },
    { target: '/token', host: '[::1]' },
    { target: '/token', host: '[::1]:3001' },
    { target: '/token', host: '[0:0:0:0:0:0:0:1]:80' },
    { target: '/token', host: '[::FFFF:127.0.0.1]' },
    { target: '/token', host: '0x7f.1' },
    { target: '/token', host: 'svc.example:' },
    { target: '/token', host: 'svc.example.' },
    // Dot segments, plain and percent-encoded, and backslashes: all reach /token.
    { target: '/x/../token' },
    { target: '/x/%2E%2e/token' },
    { target: '/%2e/token' },
    { target: '/./token' },
    { target: '/a/b/../../token' },
    { target: '/x\\..\\token' },
    // Forms that do not reach /token, the same way on both.
    { target: '/token/.' },
    { target: '/to%6Ben' },
    { target: '//token' },
    { target: '/TOKEN' },
    // Queries and fragments: escaped as the URL parser escapes them.
    { target: '/token?q="<\'>`{}|^' },
    { target: '/token?x=%zz&y=%41' },
    { target: '/token?' },
    { target: '/token#frag' },
    // Absolute-form: the target's host wins over Host.
    { target: 'http://abs.example/token', host: 'ignored.example' },
    { target: 'HTTP://ABS.Example:80/x/../token?a=1', host: 'ignored.example' },
    { target: 'http://[::1]:8080/token' },
    // Headers sent more than once: joined as Headers joins them, not as Node's record keeps them.
    { target: '/token', lines: [['Authorization', 'A'], ['authorization', 'B'], ['Cookie', 'a=1'], ['Cookie', 'b=2'], ['X-Dup', '1'], ['x-dup', '2']] },
    { target: '/token', lines: [['X-Pad', '  spaced  '], ['X-Latin', 'caf\u00e9'], ['X-Empty', '']] },
    // A second Content-Type is a list a JSON check refuses (415) on both, not the first one only.
    { target: '/token', lines: [['Content-Type', 'application/json']] },
    // Other routes and methods route the same way.
    { target: '/x/../health', method: 'GET' },
    { target: '/x/%2e%2e/health', method: 'HEAD' },
  ];

  interface Seen {
    status: number;
    hook?: { url: string; method: string; reads: Array<string | null>; entries: Array<[string, string]>; path: string };
  }

  function observed(): { handler: ReturnType<typeof createTokenHandler>; seen: Array<Seen['hook']> } {
    const seen: Array<Seen['hook']> = [];
    const handler = createTokenHandler(
      options({
        authorize: (req: Request) => {
          // Reads first (the stand-in's fast path), then the whole header list.
          const reads = READS.map((name) => req.headers.get(name));
          seen.push({ url: req.url, method: req.method, reads, entries: [...(req.headers as unknown as Iterable<[string, string]>)], path: new URL(req.url).pathname });
          return true;
        },
      }),
    );
    return { handler, seen };
  }

  function lines(c: Case): Array<[string, string]> {
    const method = c.method ?? 'POST';
    const all: Array<[string, string]> = [];
    if (c.host !== null) all.push(['Host', c.host ?? 'svc.example']);
    if (method === 'POST') all.push(['Content-Type', 'application/json'], ['Content-Length', String(BODY.length)]);
    all.push(...(c.lines ?? []), ['Connection', 'close']);
    return all;
  }

  async function overNode(port: number, c: Case, seen: Array<Seen['hook']>): Promise<Seen> {
    const method = c.method ?? 'POST';
    const head = `${method} ${c.target} HTTP/1.1\r\n${lines(c).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
    const answer = await raw(port, [Buffer.from(head + (method === 'POST' ? BODY : ''), 'latin1')]);
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
    const hook = seen.shift();
    return hook === undefined ? { status } : { status, hook };
  }

  async function overFetch(c: Case, handler: (r: Request) => Promise<Response>, seen: Array<Seen['hook']>): Promise<Seen> {
    const method = c.method ?? 'POST';
    const url = c.target.startsWith('/') ? `http://${c.host ?? 'svc.example'}${c.target}` : c.target;
    const init: RequestInit = { method, headers: lines(c) };
    if (method === 'POST') init.body = BODY;
    const res = await handler(new Request(url, init));
    const hook = seen.shift();
    return hook === undefined ? { status: res.status } : { status: res.status, hook };
  }

  it('over serve() (the direct path), for each request of the table', async () => {
    const node = observed();
    const server = await serve(node.handler, { port: 0 });
    running.push(server);
    const fetched = observed();
    let reachedToken = 0;
    for (const c of cases) {
      const ours = await overNode(server.port, c, node.seen);
      const theirs = await overFetch(c, fetched.handler, fetched.seen);
      expect([c.target, c.host, ours]).toEqual([c.target, c.host, theirs]);
      if (ours.hook?.path === '/token') reachedToken++;
    }
    // The table does exercise the hook: most requests reach /token, a few do not.
    expect(reachedToken).toBeGreaterThan(20);
    expect(reachedToken).toBeLessThan(cases.length);
  });

  it('over toNodeListener() with any fetch handler (the generic path)', async () => {
    const seen: Array<[string, Array<[string, string]>]> = [];
    const server = createServer(
      toNodeListener(async (req) => {
        seen.push([req.url, [...(req.headers as unknown as Iterable<[string, string]>)]]);
        return new Response('ok');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      for (const c of cases) {
        const method = c.method === 'HEAD' ? 'GET' : (c.method ?? 'POST');
        const head = `${method} ${c.target} HTTP/1.1\r\n${lines(c).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
        const answer = await raw(port, [Buffer.from(head + (method === 'POST' ? BODY : ''), 'latin1')]);
        expect(answer).toMatch(/^HTTP\/1\.1 200 /);
        const url = c.target.startsWith('/') ? `http://${c.host ?? 'svc.example'}${c.target}` : c.target;
        const reference = new Request(url, { method, headers: lines(c) });
        expect([c.target, seen.shift()]).toEqual([c.target, [reference.url, [...(reference.headers as unknown as Iterable<[string, string]>)]]]);
      }
    } finally {
      server.close();
    }
  });

  it('a hand-made request object (no rawHeaders, a lower-case method) reads as new Request() would', async () => {
    const node = observed();
    const headers = { host: 'SVC.example:80', 'content-type': 'application/json', authorization: 'Bearer x', 'set-cookie': ['a=1', 'b=2'] };
    const req = Object.assign(Readable.from([Buffer.from(BODY)]), { method: 'post', url: '/x/%2e%2e/token', headers, socket: null });
    const answer = await new Promise<number>((resolve) => {
      const res = { destroyed: false, writeHead: (status: number) => resolve(status), write: () => true, end: () => {}, once: () => {} };
      toNodeListener(node.handler)(req, res);
    });
    const reference = new Request('http://SVC.example:80/x/%2e%2e/token', { method: 'post', headers: [['host', headers.host], ['content-type', 'application/json'], ['authorization', 'Bearer x'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']] });
    expect(answer).toBe(200);
    expect(node.seen[0]).toEqual({
      url: reference.url,
      method: reference.method,
      reads: READS.map((name) => reference.headers.get(name)),
      entries: [...(reference.headers as unknown as Iterable<[string, string]>)],
      path: '/token',
    });
  });

  it('an HTTP/1.0 request without Host is read as http://localhost', async () => {
    const node = observed();
    const server = await serve(node.handler, { port: 0 });
    running.push(server);
    const answer = await raw(server.port, `POST /x/../token HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(node.seen[0]?.url).toBe('http://localhost/token');
  });

  it('an absolute-form target with credentials or a bad port (no Request can hold it), or not http(s), is 400', async () => {
    const node = observed();
    const server = await serve(node.handler, { port: 0 });
    running.push(server);
    expect(() => new Request('http://user:pw@abs.example/token')).toThrow(TypeError);
    expect(() => new Request('http://abs.example:99999/token')).toThrow(TypeError);
    for (const target of ['http://user:pw@abs.example/token', 'http://abs.example:99999/token', 'ftp://abs.example/token']) {
      const answer = await raw(server.port, `POST ${target} HTTP/1.1\r\nHost: svc.example\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`);
      expect([target, answer.split('\r\n')[0]]).toEqual([target, 'HTTP/1.1 400 Bad Request']);
    }
    expect(node.seen).toEqual([]);
  });
});

describe('the Request that hooks receive on the direct Node path', () => {
  it('is a real Request whose body can be read once, in any form, and cloned before', async () => {
    const seen: unknown[] = [];
    const server = await start({
      authorize: async (req: Request) => {
        seen.push(req instanceof Request, req.method, req.headers.get('x-user'), req.bodyUsed);
        const copy = req.clone();
        seen.push(await req.json(), req.bodyUsed);
        await req.text().then(() => seen.push('read twice'), (e: Error) => seen.push(e.name));
        seen.push(new TextDecoder().decode(await copy.arrayBuffer()));
        return true;
      },
    });
    const res = await fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user': 'u9' }, body: '{"room":"r","identity":"a"}' });
    expect(res.status).toBe(200);
    expect(seen).toEqual([true, 'POST', 'u9', false, { room: 'r', identity: 'a' }, true, 'TypeError', '{"room":"r","identity":"a"}']);
  });

  it('streams the body through request.body too', async () => {
    let text = '';
    const server = await start({
      authorize: async (req: Request) => {
        text = await new Response(req.body).text();
        return req.bodyUsed;
      },
    });
    const res = await fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"r","identity":"s"}' });
    expect(res.status).toBe(200);
    expect(text).toBe('{"room":"r","identity":"s"}');
  });

  it('aborts request.signal when the client goes away while a hook waits', async () => {
    let resolveAborted: (v: boolean) => void = () => {};
    const aborted = new Promise<boolean>((r) => (resolveAborted = r));
    let release: () => void = () => {};
    const server = await start({
      authorize: (req: Request) => {
        req.signal.addEventListener('abort', () => resolveAborted(true));
        return new Promise<boolean>((r) => (release = () => r(true)));
      },
    });
    const body = '{"room":"r","identity":"gone"}';
    const socket = connect(server.port, '127.0.0.1', () =>
      socket.write(`POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    expect(await aborted).toBe(true);
    release();
  });
});

describe('the handler needs no Node adapter', () => {
  it('answers a plain Request with the same JSON', async () => {
    const handler = createTokenHandler(options());
    const res = await handler(new Request('https://svc.example/token', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer good' }, body: '{"room":"r","identity":"a"}' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { wsUrl: string }).wsUrl).toBe(WS_URL);
  });
});
