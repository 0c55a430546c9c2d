import { isObject } from '../lib/json.js';
import { reject } from './http.js';

/** @internal What reading a body needs from a request, whichever transport carries it. */
export interface BodySource {
  /** A header by lower-case name, or null. */
  header(name: string): string | null;
  /** The whole body; rejects with a 413 HttpError as soon as it grows past `limit` bytes. */
  readBody(limit: number): Promise<Uint8Array>;
}

/** @internal Default request body limit: 16 KiB is far above any token request. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * @internal Checks the headers of a JSON body before it is read: 415 unless the content type is
 * `application/json`, 413 when `Content-Length` announces more than `limit` bytes.
 *
 * The limit is enforced again while the body is read (`BodySource.readBody`): `Content-Length`
 * is only used to refuse early, because a client may omit it (chunked) or lie about it.
 */
export function checkJsonHeaders(request: BodySource, limit: number): void {
  const type = request.header('content-type');
  if (type === null || !JSON_TYPE.test(type)) {
    reject(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', 'the body must be JSON with Content-Type: application/json');
  }
  const declared = request.header('content-length');
  if (declared !== null && Number(declared) > limit) tooLarge(limit);
}

/** @internal A body as a JSON object: 400 for invalid UTF-8, invalid JSON or a non-object. */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  const text = decode(bytes);
  let value: unknown;
  try {
    // A "__proto__" key becomes an own property with JSON.parse; the handler only reads named
    // fields, and never merges the body into another object, so it cannot reach a prototype.
    value = JSON.parse(text);
  } catch {
    reject(400, 'ERR_MALFORMED_JSON', 'the body is not valid JSON');
  }
  if (!isObject(value)) reject(400, 'ERR_BAD_REQUEST', 'the body must be a JSON object');
  return value;
}

/** @internal Reads a web stream whole, refusing (413) as soon as it passes `limit` bytes. */
export async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading at once: the rest of an oversized body is never buffered.
      reader.cancel().catch(() => {});
      tooLarge(limit);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/** @internal Joins chunks into one array (without a copy when there is only one). */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return reject(400, 'ERR_MALFORMED_JSON', 'the body is not valid UTF-8');
  }
}

/** @internal The 413 refusal. */
export function tooLarge(limit: number): never {
  reject(413, 'ERR_BODY_TOO_LARGE', `the body is larger than ${limit} bytes`);
}
