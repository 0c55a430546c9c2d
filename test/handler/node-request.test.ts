// The Request that hooks receive through the Node adapter, held to a real Request built from the
// same data: whatever a hook reads must come out the same, whichever class the runtime uses. And
// the URL and header reads it is built from, held to the URL parser and to Headers.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { headerValue, hookRequestClasses, hookRequestKind, lazyRequest, nodeHeaders, rawFromRecord, type RawHeaders } from '../../src/handler/node-request.js';
import { requestUrl } from '../../src/handler/node-url.js';
import { serve } from '../../src/handler/index.js';
import { createTokenHandler, options } from './helpers.js';

const URL_ = 'http://svc.example:8080/token?x=1';
// As node:http hands them over in `rawHeaders`: names as sent, one entry per header line.
const RECORD: RawHeaders = [
  'Host', 'svc.example:8080',
  'Content-Type', 'application/json',
  'authorization', 'Bearer abc',
  'Cookie', 'a=1',
  'cookie', 'b=2',
  'set-cookie', 's=1',
  'Set-Cookie', 't=2',
  'X-Forwarded-For', '10.0.0.1, 10.0.0.2',
  'x-empty', '',
]; // prettier-ignore
const BODY = '{"room":"r","identity":"é"}';

type Make = (record?: RawHeaders, method?: string, body?: string | null, signal?: AbortSignal) => Request;

function real(record = RECORD, method = 'POST', body: string | null = BODY, signal = new AbortController().signal): Request {
  return new Request(URL_, { method, headers: nodeHeaders(record), signal, ...(body === null ? {} : { body }) });
}

// The test build's DOM types leave out iteration; the runtime objects have it.
const iterable = (x: Headers | FormData) => x as unknown as Iterable<[string, unknown]>;
const encode = (text: string | null) => (text === null ? null : new TextEncoder().encode(text));
const kinds: Array<[string, Make]> = (['lazy', 'buffered'] as const).map((kind) => [
  kind,
  (record = RECORD, method = 'POST', body: string | null = BODY, signal = new AbortController().signal) =>
    new (hookRequestClasses()[kind])(URL_, method, record, encode(body), () => signal),
]);

// Names a hook may ask for: any case, absent ones, and names that are Object.prototype members.
const NAMES = ['content-type', 'Content-Type', 'AUTHORIZATION', 'cookie', 'set-cookie', 'x-forwarded-for', 'x-empty', 'x-undefined', 'x-missing', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe.each(kinds)('the %s hook Request', (_kind, make) => {
  it('is a Request, with Headers, and reads like a real one: url, method, every header', () => {
    const ours = make();
    const theirs = real();
    expect(ours instanceof Request).toBe(true);
    expect(ours.headers instanceof Headers).toBe(true);
    expect(Object.prototype.toString.call(ours)).toBe('[object Request]');
    expect(Object.prototype.toString.call(ours.headers)).toBe('[object Headers]');
    expect(ours.url).toBe(theirs.url);
    expect(ours.method).toBe(theirs.method);
    expect(ours.headers).toBe(ours.headers); // the same object every time, as in a real one
    for (const name of NAMES) {
      expect([name, ours.headers.get(name)]).toEqual([name, theirs.headers.get(name)]);
      expect([name, ours.headers.has(name)]).toEqual([name, theirs.headers.has(name)]);
    }
    expect(ours.headers.getSetCookie()).toEqual(theirs.headers.getSetCookie());
    expect([...iterable(ours.headers)]).toEqual([...iterable(theirs.headers)]);
    const keys = (h: Headers) => [...(h as unknown as { keys(): Iterable<string> }).keys()];
    expect(keys(ours.headers)).toEqual(keys(theirs.headers));
    const each: string[] = [];
    ours.headers.forEach((value, name) => each.push(`${name}=${value}`));
    const theirEach: string[] = [];
    theirs.headers.forEach((value, name) => theirEach.push(`${name}=${value}`));
    expect(each).toEqual(theirEach);
  });

  it('prints like a real one (console.log in a hook)', () => {
    expect(inspect(make())).toBe(inspect(real()));
    expect(inspect(make().headers)).toBe(inspect(real().headers));
  });

  it('refuses an invalid header name with the TypeError a real one throws', () => {
    for (const name of ['bad name', 'a:b', '', 'é']) {
      expect(() => real().headers.get(name)).toThrow(TypeError);
      expect(() => make().headers.get(name)).toThrow(TypeError);
      expect(() => make().headers.has(name)).toThrow(TypeError);
    }
  });

  it('gives a value that Headers would trim or refuse as a real Headers does (hand-made request objects)', () => {
    const record = rawFromRecord({ 'x-pad': '  v \t', 'x-list': ['a', ' b'], 'x-none': [] });
    for (const name of ['x-pad', 'x-list', 'x-none']) {
      expect([name, make(record).headers.get(name), make(record).headers.has(name)]).toEqual([name, real(record).headers.get(name), real(record).headers.has(name)]);
    }
    const bad = ['x-bad', 'a\nb'];
    expect(() => real(bad)).toThrow(TypeError);
    expect(() => make(bad).headers.get('x-bad')).toThrow(TypeError);
  });

  it('answers the attributes hooks rarely read as a real one does', () => {
    const ours = make();
    const theirs = real();
    for (const name of ['cache', 'credentials', 'destination', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'duplex'] as const) {
      expect([name, (ours as unknown as Record<string, unknown>)[name]]).toEqual([name, (theirs as unknown as Record<string, unknown>)[name]]);
    }
  });

  it('keeps header changes a hook makes, as a real one does', () => {
    const ours = make();
    ours.headers.set('x-added', 'v');
    ours.headers.delete('cookie');
    expect(ours.headers.get('x-added')).toBe('v');
    expect(ours.headers.get('cookie')).toBeNull();
    expect(ours.headers.has('Authorization')).toBe(true);
  });

  it('gives the body once, as text, JSON, bytes, a Blob or a stream; a second read rejects', async () => {
    const reads: Array<[string, (r: Request) => Promise<unknown>]> = [
      ['text', (r) => r.text()],
      ['json', (r) => r.json()],
      ['arrayBuffer', async (r) => new TextDecoder().decode(await r.arrayBuffer())],
      ['bytes', async (r) => new TextDecoder().decode(await (r as unknown as { bytes(): Promise<Uint8Array> }).bytes())],
      ['blob', async (r) => [(await r.blob()).type, await (await r.blob()).text()]],
      ['body', (r) => new Response(r.body).text()],
    ];
    for (const [name, read] of reads) {
      const ours = make();
      const theirs = real();
      expect(ours.bodyUsed).toBe(false);
      if (name === 'blob') {
        // A Blob read twice is a second read: compare the type and text from one read each.
        const [ob, tb] = [await ours.blob(), await theirs.blob()];
        expect([ob.type, await ob.text()]).toEqual([tb.type, await tb.text()]);
      } else {
        expect([name, await read(ours)]).toEqual([name, await read(theirs)]);
      }
      expect([name, ours.bodyUsed]).toEqual([name, theirs.bodyUsed]);
      await expect(ours.text()).rejects.toThrow(TypeError);
      await expect(theirs.text()).rejects.toThrow(TypeError);
    }
  });

  it('reads a form body as FormData', async () => {
    const record = [...RECORD.slice(0, 2), 'content-type', 'application/x-www-form-urlencoded', ...RECORD.slice(4)];
    const form = await make(record, 'POST', 'a=1&b=two').formData();
    expect([...iterable(form)]).toEqual([...iterable(await real(record, 'POST', 'a=1&b=two').formData())]);
  });

  it('has no body on GET, like a real one', async () => {
    const ours = make(RECORD, 'GET', null);
    expect(ours.body).toBeNull();
    expect(await ours.text()).toBe(await real(RECORD, 'GET', null).text());
  });

  it('clones before the body is read; both copies read it; a clone after a read throws', async () => {
    const ours = make();
    const copy = ours.clone();
    expect(copy instanceof Request).toBe(true);
    expect(copy.url).toBe(ours.url);
    expect(copy.headers.get('authorization')).toBe('Bearer abc');
    expect(await ours.text()).toBe(BODY);
    expect(await copy.json()).toEqual(JSON.parse(BODY));
    expect(() => ours.clone()).toThrow(TypeError);
  });

  it('hands out the connection signal, made only when read', () => {
    let made = 0;
    const controller = new AbortController();
    const ours = new (hookRequestClasses()[_kind as 'lazy' | 'buffered'])(URL_, 'POST', RECORD, encode(BODY), () => (made++, controller.signal));
    expect(made).toBe(0);
    expect(ours.signal).toBe(ours.signal);
    expect(made).toBe(1);
    controller.abort();
    expect(ours.signal.aborted).toBe(true);
  });

  it('passes as a RequestInit: new Request(url, request) copies method, headers and body', async () => {
    const copy = new Request('http://elsewhere.example/check', make());
    expect(copy.method).toBe('POST');
    expect(copy.headers.get('authorization')).toBe('Bearer abc');
    expect(await copy.text()).toBe(BODY);
  });
});

describe('the hook Request this runtime uses', () => {
  it('is copied whole by new Request(request), so fetch(request) and libraries that copy it work', async () => {
    const ours = lazyRequest(URL_, 'POST', RECORD, encode(BODY), () => new AbortController().signal);
    const copy = new Request(ours);
    expect([copy.url, copy.method, copy.headers.get('cookie'), copy.headers.getSetCookie()]).toEqual([URL_, 'POST', real().headers.get('cookie'), ['s=1', 't=2']]);
    expect(await copy.text()).toBe(BODY);
  });

  it('is the lazy stand-in on Node, whose Request keeps its state where the stand-in can forward it', () => {
    // Node 20's fetch keeps a Request's state under symbols; a runtime that refuses the stand-in
    // gets the buffered subclass (see the tests above, run against both).
    const major = Number(process.versions.node.split('.')[0]);
    if (major <= 20) expect(hookRequestKind()).toBe('lazy');
    else expect(['lazy', 'buffered']).toContain(hookRequestKind());
  });

  it('reaches hooks through serve(): authorize, grantPolicy and clientAddress read the same request', async () => {
    const seen: unknown[] = [];
    const handler = createTokenHandler(
      options({
        authorize: (req: Request) => (seen.push(req instanceof Request, req.headers.get('authorization')), req.headers.get('authorization') === 'Bearer good'),
        grantPolicy: (req: Request) => (seen.push(new URL(req.url).pathname, req.method), ['roomJoin', 'canSubscribe']),
        clientAddress: (req: Request) => (seen.push(req.headers.get('x-forwarded-for')), '10.1.2.3'),
      }),
    );
    const server = await serve(handler, { port: 0 });
    try {
      const res = await fetch(`${server.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer good', 'x-forwarded-for': '10.1.2.3' },
        body: '{"room":"r","identity":"a"}',
      });
      expect(res.status).toBe(200);
      expect(seen).toEqual([true, 'Bearer good', '/token', 'POST', '10.1.2.3']);
      const refused = await fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"r","identity":"a"}' });
      expect(refused.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

/** A small seeded generator, so that a failing random case can be replayed. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s % n;
  };
}

describe('header reads straight from the raw lines', () => {
  it('give what Headers.get gives for the same lines, or defer to it', () => {
    const names = ['cookie', 'Cookie', 'authorization', 'AUTHORIZATION', 'x-a', 'X-A', 'set-cookie', 'host'];
    const values = ['v', '', 'a, b', ' pad', 'pad\t', 'Ã©', 'x y'];
    const pick = random(7);
    let answered = 0;
    for (let round = 0; round < 2000; round++) {
      const raw: string[] = [];
      for (let i = pick(5); i > 0; i--) raw.push(names[pick(names.length)]!, values[pick(values.length)]!);
      const real = nodeHeaders(raw);
      for (const key of ['cookie', 'authorization', 'x-a', 'set-cookie', 'host', 'x-missing']) {
        const fast = headerValue(raw, key);
        if (fast === undefined) continue; // deferred to a real Headers: exact by construction
        answered++;
        expect([raw, key, fast]).toEqual([raw, key, real.get(key)]);
      }
    }
    // Most reads are answered without a Headers (a header sent once, or not at all).
    expect(answered).toBeGreaterThan(6000);
  });

  it('defer a header sent more than once, which runtimes join their own way (cookie with "; " in Node)', () => {
    expect(headerValue(['Cookie', 'a=1', 'cookie', 'b=2'], 'cookie')).toBeUndefined();
    expect(headerValue(['Authorization', 'A', 'Authorization', 'B'], 'authorization')).toBeUndefined();
    expect(headerValue(['Authorization', 'A'], 'authorization')).toBe('A');
    expect(headerValue(['Authorization', 'A'], 'cookie')).toBeNull();
  });
});

describe('the request URL of a Node request', () => {
  // What a fetch Request holds for the same request: the URL parser's reading of scheme, Host
  // and target put together (WHATWG URL: lower-case host, default port dropped, dot segments
  // resolved, characters escaped).
  const parsed = (url: string) => new URL(url).href;

  it('is the URL parser’s, for hosts and targets that change when parsed', () => {
    const cases: Array<[target: string, host: string | undefined, secure: boolean, expected: string]> = [
      ['/token', 'svc.example', false, 'http://svc.example/token'],
      ['/token', 'SVC.Example.COM', false, 'http://svc.example.com/token'],
      ['/token', 'svc.example:80', false, 'http://svc.example/token'],
      ['/token', 'svc.example:443', true, 'https://svc.example/token'],
      ['/token', 'svc.example:443', false, 'http://svc.example:443/token'],
      ['/token', 'svc.example:080', false, 'http://svc.example/token'],
      ['/token', '[::FFFF:127.0.0.1]:3001', false, 'http://[::ffff:7f00:1]:3001/token'],
      ['/token', '0x7f.1', false, 'http://127.0.0.1/token'],
      ['/token', 'svc.example:', false, 'http://svc.example/token'],
      ['/x/../token', 'h', false, 'http://h/token'],
      ['/x/%2E%2e/token', 'h', false, 'http://h/token'],
      ['/%2e/token', 'h', false, 'http://h/token'],
      ['/x\\..\\token', 'h', false, 'http://h/token'],
      ['/token?q="<\'>`', 'h', false, 'http://h/token?q=%22%3C%27%3E`'],
      ['/a`{}', 'h', false, 'http://h/a%60%7B%7D'],
      ['//evil.example/token', 'h', false, 'http://h//evil.example/token'],
      ['/token#frag', 'h', false, 'http://h/token#frag'],
      ['/token', undefined, false, 'http://localhost/token'],
      ['*', 'h', false, 'http://h/'],
      ['http://abs.example/token', 'ignored.example', false, 'http://abs.example/token'],
      ['HTTP://ABS.example:80/x/../token?a b', 'h', true, 'http://abs.example/token?a%20b'],
      ['https://abs.example:443/token', 'h', false, 'https://abs.example/token'],
    ];
    for (const [target, host, secure, expected] of cases) {
      expect([target, host, requestUrl(target, host, secure)]).toEqual([target, host, expected]);
      // The oracle agrees: the parser's own reading of the same text.
      const whole = target.startsWith('/') ? `${secure ? 'https' : 'http'}://${host ?? 'localhost'}${target}` : target === '*' ? `http://${host}/` : target;
      expect(parsed(whole)).toBe(expected);
    }
  });

  it('gives the same answer for a Host seen again, and for one too long to be remembered', () => {
    const long = `${'a'.repeat(60)}.${'B'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(40)}.example`;
    for (let i = 0; i < 3; i++) {
      expect(requestUrl('/token', 'Seen.Example:80', false)).toBe('http://seen.example/token');
      expect(requestUrl('/token', '127.0.0.1:99999', false)).toBeUndefined();
      expect(requestUrl('/token', long, false)).toBe(parsed(`http://${long}/token`));
    }
  });

  it('is undefined for a Host that is not a host and a port, and for targets no Request can hold', () => {
    const hosts = ['127.0.0.1:99999', '', 'a b', 'evil/../../token?x', 'user@evil', 'evil#x', 'evil\\x', '[::1', 'foo.123', 'xn--', '1.2.3.4.5', 'h:port'];
    for (const host of hosts) expect([host, requestUrl('/token', host, false)]).toEqual([host, undefined]);
    const targets = ['http://user:pw@abs.example/token', 'ftp://abs.example/token', 'http://abs.example:99999/', 'token', 'abs.example:443', 'javascript:alert(1)'];
    for (const target of targets) expect([target, requestUrl(target, 'h', false)]).toEqual([target, undefined]);
  });

  it('equals the parser’s reading for random targets and hosts (the plain-target shortcut never differs)', () => {
    const alphabet = ['/', '/', '.', '..', '%', '%2e', '%2E', '2', 'e', 'a', 'Z', '?', '#', '\\', "'", '"', '<', '>', '^', '`', '{', '}', '|', ' ', '~', '@', ':', ';', '=', '&', '+', '!', '$', '(', '*', ',', '[', ']', 'é', '\t'];
    const pick = random(42);
    for (let round = 0; round < 20000; round++) {
      let target = '/';
      for (let i = pick(12); i > 0; i--) target += alphabet[pick(alphabet.length)];
      expect([target, requestUrl(target, 'svc.example', false)]).toEqual([target, parsed(`http://svc.example${target}`)]);
    }
    const hostParts = ['a', 'B', '0', '1', '.', '-', '_', ':', '8', '[', ']', '::', '%41', 'x', '0x7f', 'é', '9999'];
    for (let round = 0; round < 5000; round++) {
      let host = '';
      for (let i = 1 + pick(6); i > 0; i--) host += hostParts[pick(hostParts.length)];
      let expected: string | undefined;
      try {
        expected = parsed(`http://${host}/token`);
      } catch {
        expected = undefined;
      }
      expect([host, requestUrl('/token', host, false)]).toEqual([host, expected]);
    }
  });
});
