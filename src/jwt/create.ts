import { checkFields, GRANTS } from '../claims.js';
import { fail } from '../errors.js';
import type {
  AgentGrant,
  InferenceGrant,
  ObservabilityGrant,
  ParticipantKind,
  RoomConfiguration,
  SIPGrant,
  VideoGrant,
} from '../grants.js';
import { checkApiKey, type ApiKey } from '../keys.js';
import { encodedLength, encodeInto } from '../lib/base64url.js';
import { hmacSign } from '../lib/hmac.js';
import { epochSeconds, type Clock } from '../lib/time.js';
import { fromUtf8, utf8 } from '../lib/utf8.js';
import { parseTtl } from '../ttl.js';

/**
 * A value `JSON.stringify` turns into JSON (the type of the `metadata` option).
 *
 * @example
 * ```ts
 * const metadata: JsonValue = { plan: 'pro', tags: ['beta'] };
 * await createToken(key, { identity: 'alice', metadata }); // metadata claim: '{"plan":"pro","tags":["beta"]}'
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What a new token says. Every field is optional; an `undefined` field counts as absent.
 *
 * @example
 * ```ts
 * const options: TokenOptions = {
 *   identity: 'alice',
 *   name: 'Alice',
 *   ttl: '1h',
 *   metadata: { team: 'blue' },
 *   attributes: { role: 'speaker' },
 *   video: { roomJoin: true, room: 'demo' },
 * };
 * const token = await createToken(key, options);
 * ```
 */
export interface TokenOptions {
  /** Participant identity (`sub`). Required with `video.roomJoin`; at most 256 characters. */
  identity?: string | undefined;
  /** Display name. */
  name?: string | undefined;
  /** Lifetime: seconds or a string such as `'10m'` (see {@link parseTtl}). Default `'6h'`. */
  ttl?: number | string | undefined;
  /** Participant metadata: a string, or any JSON value (stringified). */
  metadata?: JsonValue | undefined;
  /** Participant attributes, strings only. */
  attributes?: Record<string, string> | undefined;
  /** Participant kind. */
  kind?: ParticipantKind | undefined;
  video?: VideoGrant | undefined;
  sip?: SIPGrant | undefined;
  agent?: AgentGrant | undefined;
  inference?: InferenceGrant | undefined;
  observability?: ObservabilityGrant | undefined;
  roomConfig?: RoomConfiguration | undefined;
  /** Name of a room preset defined on the server. */
  roomPreset?: string | undefined;
  /** Base64 SHA-256 of a body (what LiveKit puts in webhook tokens). */
  sha256?: string | undefined;
  /** Issue time (`nbf`): a `Date` or epoch milliseconds. Default: the current time. */
  now?: Clock | undefined;
}

/** `{"alg":"HS256","typ":"JWT"}`: the only header this library writes, encoded once. */
export const HEADER_SEGMENT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

const DEFAULT_TTL = 6 * 3600;
const MAX_NAME = 256;
const GRANT_NAMES = Object.keys(GRANTS).join(' ');
/** The options of `createToken` as a schema (see claims.ts); `x` fields are checked here. */
const OPTIONS = 's identity name roomPreset sha256 k kind r attributes x ttl metadata now G ' + GRANT_NAMES;
/** Claims written after `metadata`, in LiveKit's order; split once, not on every mint. */
let TAIL_CLAIMS: string[] | undefined;

function tooLong(text: string | undefined): boolean {
  // Counted in characters (code points), not UTF-16 units.
  return text !== undefined && text.length > MAX_NAME && [...text].length > MAX_NAME;
}

/** The header segment and its dot as bytes, made on first use. */
let headBytes: Uint8Array | undefined;
/** `.` and 43 base64url characters: a SHA-256 HMAC. */
const SIGNATURE_ROOM = 44;

/**
 * @internal Validates options and returns the JWT signing input (`header.payload`) as ASCII
 * bytes, in a buffer with room for `.signature` after it (see {@link finishToken}).
 * Shared by the async and sync minting paths.
 */
export function signingInput(key: ApiKey, options: TokenOptions): Uint8Array<ArrayBuffer> {
  checkApiKey(key);
  if (options === null || typeof options !== 'object') fail('ERR_INVALID_OPTIONS', 'options must be an object');
  // Checks every field's type and copies it: the caller's objects are never touched.
  const fields = checkFields(options as Record<string, unknown>, OPTIONS, '', true, 'ERR_INVALID_OPTIONS');
  const identity = fields['identity'] as string | undefined;
  const video = fields['video'] as VideoGrant | undefined;
  if (identity === '' || tooLong(identity)) fail('ERR_INVALID_OPTIONS', 'identity must be 1 to 256 characters');
  if (tooLong(video?.room)) fail('ERR_INVALID_OPTIONS', 'video.room must be at most 256 characters');
  if (video?.roomJoin) {
    if (identity === undefined) fail('ERR_INVALID_OPTIONS', 'identity is required with video.roomJoin');
    if (!video.room) fail('ERR_INVALID_OPTIONS', 'video.room is required with video.roomJoin');
  }

  let metadata = options.metadata;
  if (metadata !== undefined && typeof metadata !== 'string') {
    metadata = JSON.stringify(metadata);
    if (typeof metadata !== 'string') fail('ERR_INVALID_OPTIONS', 'metadata must be a string or a JSON value');
  }
  const nbf = epochSeconds(options.now);
  // LiveKit reads nbf 0 as "not set".
  if (nbf < 1) fail('ERR_INVALID_OPTIONS', 'now must be after 1970');
  const ttl = options.ttl === undefined ? DEFAULT_TTL : parseTtl(options.ttl);

  const claims: Record<string, unknown> = { iss: key.apiKey, sub: identity, nbf, exp: nbf + ttl, name: fields['name'], kind: fields['kind'], metadata };
  for (const field of (TAIL_CLAIMS ??= `attributes ${GRANT_NAMES} roomPreset sha256`.split(' '))) claims[field] = fields[field];
  // JSON.stringify leaves out undefined fields: nothing the caller did not set reaches the token.
  const payload = utf8(JSON.stringify(claims));
  const head = (headBytes ??= utf8(HEADER_SEGMENT + '.'));
  const out = new Uint8Array(head.length + encodedLength(payload.length) + SIGNATURE_ROOM);
  out.set(head);
  encodeInto(payload, out, head.length);
  return out;
}

/** @internal Writes `.signature` into the room left by {@link signingInput}; returns the token. */
export function finishToken(buffer: Uint8Array<ArrayBuffer>, signature: Uint8Array): string {
  const end = buffer.length - SIGNATURE_ROOM;
  buffer[end] = 46;
  encodeInto(signature, buffer, end + 1);
  return fromUtf8(buffer)!; // ASCII, always valid
}

/** @internal The `header.payload` part of a {@link signingInput} buffer: what the signature covers. */
export const inputOf = (buffer: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => buffer.subarray(0, buffer.length - SIGNATURE_ROOM);

/**
 * Mints a LiveKit access token (HS256 JWT) with the Web Crypto API.
 *
 * Validates every option first and rejects with `ERR_INVALID_OPTIONS` naming the field
 * (unknown grant keys such as `roomName`, wrong types, `roomJoin` without identity or room …).
 * `nbf` is the issue time and `exp` is `nbf + ttl` (default 6 h). Never throws synchronously.
 *
 * @example
 * ```ts
 * import { createToken } from 'livekit-token';
 *
 * const token = await createToken(
 *   { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET },
 *   { identity: 'alice', name: 'Alice', ttl: '1h', video: { roomJoin: true, room: 'demo' } },
 * );
 * ```
 */
export async function createToken(key: ApiKey, options: TokenOptions): Promise<string> {
  const buffer = signingInput(key, options);
  return finishToken(buffer, new Uint8Array(await hmacSign(key.apiSecret, inputOf(buffer))));
}
