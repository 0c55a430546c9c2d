// A fetch `Request` for the Node adapter's hooks, cheap to build. Node's `Request` copies a body
// into a stream and follows an AbortSignal at a cost of tens of microseconds per request, which
// would double the cost of a mint. This subclass is built without either: the body, already
// read by the handler, is served from memory when a hook asks, and the signal is only created
// (and wired to the connection) when a hook reads `request.signal`.

const decoder = new TextDecoder();

type Signal = () => AbortSignal;
type BufferedRequestClass = new (url: string, method: string, headers: Headers, bytes: Uint8Array | null, makeSignal: Signal) => Request;
let BufferedRequestImpl: BufferedRequestClass | undefined;

/**
 * @internal A `Request` whose body is `bytes`, served from memory. The class is defined on
 * first use, so that importing the handler subpath runs nothing (and needs no `Request` yet).
 */
export function bufferedRequest(url: string, method: string, headers: Headers, bytes: Uint8Array | null, makeSignal: Signal): Request {
  BufferedRequestImpl ??= defineBufferedRequest();
  return new BufferedRequestImpl(url, method, headers, bytes, makeSignal);
}

function defineBufferedRequest(): BufferedRequestClass {
  class BufferedRequest extends Request {
    #bytes: Uint8Array | null;
    #makeSignal: () => AbortSignal;
    #signal: AbortSignal | undefined;
    #stream: ReadableStream<Uint8Array> | null | undefined;
    #used = false;

    constructor(url: string, method: string, headers: Headers, bytes: Uint8Array | null, makeSignal: () => AbortSignal) {
      super(url, { method, headers });
      this.#bytes = bytes;
      this.#makeSignal = makeSignal;
    }

    override get signal(): AbortSignal {
      return (this.#signal ??= this.#makeSignal());
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      if (this.#stream === undefined) {
        const bytes = this.#bytes;
        this.#stream =
          bytes === null
            ? null
            : new ReadableStream<Uint8Array>({
                start: (controller) => {
                  this.#used = true;
                  controller.enqueue(bytes);
                  controller.close();
                },
              });
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
  return BufferedRequest;
}
