// The `Request` that the Node adapter hands to hooks. Building a real one costs Node about
// 12 µs of CPU (URL parsing, a Headers copy, an AbortController), about half as much as the
// rest of a request. Hooks mostly read a header or two, so this object is a `Request` (instanceof holds)
// that answers those reads straight from Node's raw header lines: `url`, `method`,
// `headers.get()`/`has()`, the body (already read by the handler, served from memory) and
// `signal` (created, and wired to the connection, only when read). Anything else it is asked
// (`cache`, `headers.entries()`, a header sent more than once, `new Request(request)` …) is
// answered by a real `Request` (or `Headers`) built on first use from the same data, so it
// behaves the same, only slower. The URL it is given is already the one a real `Request` would
// hold (see node-url.ts).
// A runtime whose `new Request(request)` cannot copy such a stand-in gets a real `Request`
// subclass instead, still cheaper than a plain one: its body and signal are lazy.

const decoder = new TextDecoder();

/** @internal Node's header record: lower-case names; repeated headers are arrays (set-cookie) or joined. */
export type NodeHeaderRecord = Record<string, string | string[] | undefined>;

/**
 * @internal The header lines of a request as received, name then value (Node's `rawHeaders`).
 * A fetch `Headers` is built from these, not from Node's `headers` record, which keeps only the
 * first of some repeated headers (`authorization`, `content-type`…) and joins others its own way.
 */
export type RawHeaders = readonly string[];

/** @internal The header lines of a record (a hand-made request object without `rawHeaders`). */
export function rawFromRecord(record: NodeHeaderRecord): string[] {
  const raw: string[] = [];
  for (const name in record) {
    const value = record[name];
    if (typeof value === 'string') raw.push(name, value);
    else if (Array.isArray(value)) for (const v of value) raw.push(name, v);
  }
  return raw;
}

/** @internal A fetch `Headers` holding these header lines, each appended as a real request's are. */
export function nodeHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

// Header values that Headers trims (surrounding whitespace) or refuses (NUL, CR, LF, or a
// character above U+00FF). No nested quantifier: linear time.
const UNUSUAL_VALUE = /[\0\r\n\u0100-\uffff]|^[\t ]|[\t ]$/;

/**
 * @internal A header's value as `Headers.get(key)` gives it (`key` lower-case), read straight
 * from the lines: null when absent; undefined when only a real `Headers` can tell (a header sent
 * more than once, which runtimes join in their own way, or a value it would trim or refuse,
 * possible from a hand-made request object, never from node:http's parser).
 */
export function headerValue(raw: RawHeaders, key: string): string | null | undefined {
  let found: string | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (typeof name !== 'string') return undefined;
    if (name.length !== key.length || name.toLowerCase() !== key) continue;
    if (found !== null) return undefined;
    const value = raw[i + 1];
    if (typeof value !== 'string') return undefined;
    found = value;
  }
  return found !== null && UNUSUAL_VALUE.test(found) ? undefined : found;
}

type Signal = () => AbortSignal;
type HookRequestClass = new (url: string, method: string, headers: RawHeaders, bytes: Uint8Array | null, makeSignal: Signal) => Request;
let HookRequestImpl: HookRequestClass | undefined;
let hookKind: 'lazy' | 'buffered' = 'lazy';

/**
 * @internal A `Request` for hooks, served from a Node request: `bytes` is the body the handler
 * already read (null for GET/HEAD). The classes are defined on first use, so that importing the
 * handler subpath runs nothing (and needs no `Request` yet).
 */
export function lazyRequest(url: string, method: string, headers: RawHeaders, bytes: Uint8Array | null, makeSignal: Signal): Request {
  HookRequestImpl ??= pickHookRequest();
  return new HookRequestImpl(url, method, headers, bytes, makeSignal);
}

/** @internal Which class {@link lazyRequest} uses here: `'lazy'` or `'buffered'`. */
export function hookRequestKind(): 'lazy' | 'buffered' {
  HookRequestImpl ??= pickHookRequest();
  return hookKind;
}

/**
 * The stand-in, if this runtime's `new Request(request)` copies it faithfully (Node keeps a
 * request's state under symbols that the stand-in forwards; a runtime that keeps it in private
 * fields refuses it), else the buffered subclass.
 */
function pickHookRequest(): HookRequestClass {
  const LazyRequest = hookRequestClasses().lazy;
  try {
    const probe = new LazyRequest('http://probe.invalid/p?q', 'POST', ['x-probe', 'yes'], new Uint8Array([123, 125]), () => new AbortController().signal);
    const copy = new Request(probe);
    if (copy.url === 'http://probe.invalid/p?q' && copy.method === 'POST' && copy.headers.get('x-probe') === 'yes' && copy.body !== null) return LazyRequest;
  } catch {
    // refused: use the real subclass
  }
  hookKind = 'buffered';
  return hookRequestClasses().buffered;
}

let classes: { lazy: HookRequestClass; buffered: HookRequestClass } | undefined;

/** @internal Both classes, for tests that hold each to a real `Request`. */
export function hookRequestClasses(): { lazy: HookRequestClass; buffered: HookRequestClass } {
  return (classes ??= { lazy: defineLazyRequest(), buffered: defineBufferedRequest() });
}

// An HTTP token: a header name `get`/`has` can answer from the raw lines. Anything else goes to
// a real Headers, which throws the same TypeError as ever. One character class: linear time.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
type LazyHeadersClass = new (raw: RawHeaders, copy?: Headers) => Headers;

function defineLazyHeaders(): { LazyHeaders: LazyHeadersClass; realHeaders: (headers: Headers) => Headers } {
  class LazyHeaders {
    #raw: RawHeaders;
    #real: Headers | undefined;

    constructor(raw: RawHeaders, copy?: Headers) {
      this.#raw = raw;
      this.#real = copy;
    }

    static real(headers: LazyHeaders): Headers {
      return (headers.#real ??= nodeHeaders(headers.#raw));
    }

    /** The value as `Headers.get` would give it; undefined when only a real Headers can tell. */
    #fast(name: unknown): string | null | undefined {
      if (this.#real !== undefined || typeof name !== 'string' || !TOKEN.test(name)) return undefined;
      return headerValue(this.#raw, name.toLowerCase());
    }

    get(name: string): string | null {
      const value = this.#fast(name);
      return value !== undefined ? value : LazyHeaders.real(this).get(name);
    }

    has(name: string): boolean {
      const value = this.#fast(name);
      return value !== undefined ? value !== null : LazyHeaders.real(this).has(name);
    }
  }
  delegateTheRest(LazyHeaders.prototype, Headers.prototype, new Headers(), (self) => LazyHeaders.real(self as LazyHeaders));
  return {
    LazyHeaders: LazyHeaders as unknown as LazyHeadersClass,
    realHeaders: (headers) => (headers instanceof LazyHeaders ? LazyHeaders.real(headers) : headers),
  };
}

function defineLazyRequest(): HookRequestClass {
  const { LazyHeaders, realHeaders } = defineLazyHeaders();

  class LazyRequest {
    readonly #url: string;
    readonly #method: string;
    readonly #raw: RawHeaders;
    #headers: Headers | undefined;
    readonly #bytes: Uint8Array | null;
    readonly #makeSignal: Signal;
    #signal: AbortSignal | undefined;
    #stream: ReadableStream<Uint8Array> | null | undefined;
    #used = false;
    #real: Request | undefined;

    constructor(url: string, method: string, raw: RawHeaders, bytes: Uint8Array | null, makeSignal: Signal, headers?: Headers) {
      this.#url = url;
      this.#method = method;
      this.#raw = raw;
      this.#bytes = bytes;
      this.#makeSignal = makeSignal;
      this.#headers = headers;
    }

    /** The same request as a real `Request`, for whatever this object does not answer itself. */
    static real(request: LazyRequest): Request {
      if (request.#real === undefined) {
        const init: RequestInit = { method: request.#method, headers: realHeaders(request.headers), signal: request.signal };
        if (request.#bytes !== null) init.body = request.#bytes.slice();
        const real = new Request(request.#url, init);
        // A body this object already handed out is used up in the real one too.
        if (request.bodyUsed || request.#stream) real.arrayBuffer().catch(() => {});
        request.#real = real;
      }
      return request.#real;
    }

    get url(): string {
      return this.#url;
    }

    get method(): string {
      return this.#method;
    }

    get headers(): Headers {
      return (this.#headers ??= new LazyHeaders(this.#raw));
    }

    get signal(): AbortSignal {
      return (this.#signal ??= this.#makeSignal());
    }

    get duplex(): 'half' {
      return 'half';
    }

    get body(): ReadableStream<Uint8Array> | null {
      if (this.#stream === undefined) {
        const bytes = this.#bytes;
        this.#stream = bytes === null ? null : oneChunkStream(bytes.slice(), () => (this.#used = true));
      }
      return this.#stream;
    }

    get bodyUsed(): boolean {
      return this.#used;
    }

    #take(): Uint8Array<ArrayBuffer> {
      if (this.#used || this.#stream) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return (this.#bytes ?? new Uint8Array(0)).slice();
    }

    // Async like the real methods: a used body rejects, it does not throw.
    async arrayBuffer(): Promise<ArrayBuffer> {
      return this.#take().buffer;
    }

    async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return this.#take();
    }

    async text(): Promise<string> {
      return decoder.decode(this.#take());
    }

    async json(): Promise<unknown> {
      return JSON.parse(await this.text());
    }

    async blob(): Promise<Blob> {
      return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' });
    }

    async formData(): Promise<FormData> {
      return new Response(this.#take(), { headers: { 'content-type': this.headers.get('content-type') ?? '' } }).formData();
    }

    clone(): Request {
      if (this.#used || this.#stream) throw new TypeError('Request.clone: Body has already been consumed.');
      // The copy has headers of its own (as a real clone does) and follows this request's signal.
      const headers = this.#headers === undefined ? undefined : new Headers(realHeaders(this.#headers));
      return new LazyRequest(this.#url, this.#method, this.#raw, this.#bytes, () => this.signal, headers) as unknown as Request;
    }
  }
  delegateTheRest(LazyRequest.prototype, Request.prototype, new Request('http://localhost/'), (self) => LazyRequest.real(self as LazyRequest));
  return LazyRequest as unknown as HookRequestClass;
}

/**
 * Makes `target` (the prototype of a lazy stand-in) inherit from `base` (the prototype of the
 * runtime's class, so that `instanceof` holds) and forwards every member of `base` that the
 * stand-in does not define to the real object `realOf` builds. The runtime's own getters would
 * refuse the stand-in, which has none of their internal state. Symbol-keyed internal state of
 * `probe` (Node keeps a Request's state so) is forwarded too, so that `new Request(request)` and
 * `fetch(request)` copy the real object.
 */
/** A body stream of one chunk; `onStart` marks the body used, as reading a Request's body does. */
function oneChunkStream(bytes: Uint8Array, onStart: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start: (controller) => {
      onStart();
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function delegateTheRest(target: object, base: object, probe: object, realOf: (self: object) => object): void {
  Object.setPrototypeOf(target, base);
  Object.defineProperty(target, 'constructor', { value: (base as { constructor: unknown }).constructor, writable: true, configurable: true });
  for (const key of Reflect.ownKeys(base)) {
    if (key === 'constructor' || key === Symbol.toStringTag || Object.hasOwn(target, key)) continue;
    const member = Object.getOwnPropertyDescriptor(base, key)!;
    if (typeof member.value === 'function') {
      const method = member.value as (...args: unknown[]) => unknown;
      Object.defineProperty(target, key, {
        value: function (this: object, ...args: unknown[]) {
          return Reflect.apply(method, realOf(this), args);
        },
        writable: true,
        configurable: true,
        enumerable: member.enumerable ?? false,
      });
    } else if (member.get !== undefined) {
      Object.defineProperty(target, key, {
        get(this: object) {
          return Reflect.get(base, key, realOf(this));
        },
        configurable: true,
        enumerable: member.enumerable ?? false,
      });
    }
  }
  for (const key of Object.getOwnPropertySymbols(probe)) {
    if (Object.hasOwn(target, key)) continue;
    Object.defineProperty(target, key, {
      get(this: object) {
        return (realOf(this) as Record<symbol, unknown>)[key];
      },
      configurable: true,
    });
  }
}

/** A real `Request` subclass whose body is served from memory and whose signal is made on use. */
function defineBufferedRequest(): HookRequestClass {
  class BufferedRequest extends Request {
    #bytes: Uint8Array | null;
    #makeSignal: () => AbortSignal;
    #signal: AbortSignal | undefined;
    #stream: ReadableStream<Uint8Array> | null | undefined;
    #used = false;

    constructor(url: string, method: string, headers: RawHeaders | Headers, bytes: Uint8Array | null, makeSignal: () => AbortSignal) {
      super(url, { method, headers: headers instanceof Headers ? headers : nodeHeaders(headers) });
      this.#bytes = bytes;
      this.#makeSignal = makeSignal;
    }

    override get signal(): AbortSignal {
      return (this.#signal ??= this.#makeSignal());
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      if (this.#stream === undefined) {
        const bytes = this.#bytes;
        this.#stream = bytes === null ? null : oneChunkStream(bytes, () => (this.#used = true));
      }
      return this.#stream as ReadableStream<Uint8Array<ArrayBuffer>> | null;
    }

    override get bodyUsed(): boolean {
      return this.#used;
    }

    #take(): Uint8Array<ArrayBuffer> {
      if (this.#used || this.#stream) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return (this.#bytes ?? new Uint8Array(0)).slice();
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      return this.#take().buffer;
    }

    override async text(): Promise<string> {
      return decoder.decode(this.#take());
    }

    override async json(): Promise<unknown> {
      return JSON.parse(await this.text());
    }

    override async blob(): Promise<Blob> {
      return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' });
    }

    override async formData(): Promise<FormData> {
      return new Response(this.#take(), { headers: this.headers }).formData();
    }

    override clone(): BufferedRequest {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      return new BufferedRequest(this.url, this.method, new Headers(this.headers), this.#bytes, () => this.signal);
    }
  }

  // `bytes()` is newer than some runtimes' type definitions: added without a type-level override.
  Object.defineProperty(BufferedRequest.prototype, 'bytes', {
    configurable: true,
    writable: true,
    value: async function bytes(this: BufferedRequest): Promise<Uint8Array> {
      return new Uint8Array(await this.arrayBuffer());
    },
  });
  return BufferedRequest as unknown as HookRequestClass;
}
