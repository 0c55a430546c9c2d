import { compileFields } from '../claims.js';
import { fail, type LiveKitTokenErrorCode } from '../errors.js';
import type {
  AgentGrant,
  InferenceGrant,
  KindDetail,
  ObservabilityGrant,
  ParticipantKind,
  RoomConfiguration,
  SIPGrant,
  VideoGrant,
} from '../grants.js';
import { checkEgressCredentials } from '../egress.js';
import { checkApiKey, type ApiKey } from '../keys.js';
import { encodedLength } from '../lib/base64url.js';
import { signToken } from '../lib/hmac.js';
import { stringifyJson } from '../lib/json.js';
import { MAX_NAME_BYTES, MAX_NUMERIC_DATE, maxTokenBytes } from '../lib/limits.js';
import { hasForbiddenCharacter, utf8Length } from '../lib/text.js';
import { epochSeconds, type Clock } from '../lib/time.js';
import { utf8 } from '../lib/utf8.js';
import { TOKEN_OPTIONS, type CLAIMS } from '../schema.js';
import { callerTtl } from '../ttl.js';

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
  /**
   * Participant identity (`sub`). Required with `video.roomJoin`; at most 256 UTF-8 bytes, no
   * control, line-separator or bidirectional-control characters.
   */
  identity?: string | undefined;
  /** Display name; no control, line-separator or bidirectional-control characters. */
  name?: string | undefined;
  /**
   * Lifetime: a string such as `'10m'` or `'90s'` (see {@link parseTtl}), or seconds. Default
   * `'6h'`. A bare number (or string of digits) from 1 to 59 is refused (`ERR_TTL_INVALID`):
   * `24` is far more often a slip for `'24h'` than a 24-second token; write `'24s'` for that.
   */
  ttl?: number | string | undefined;
  /** Participant metadata: a string, or any JSON value (stringified). */
  metadata?: JsonValue | undefined;
  /** Participant attributes, strings only. */
  attributes?: Record<string, string> | undefined;
  /** Participant kind. */
  kind?: ParticipantKind | undefined;
  /** More about the kind, such as `['cloud_agent']` (values LiveKit's protocol defines). */
  kindDetails?: KindDetail[] | undefined;
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
  /**
   * Refuse to mint a token larger than this many bytes (`ERR_INVALID_OPTIONS`). Default 8192,
   * the bound `verifyToken` applies by default: tokens travel in the connection URL, and
   * common proxies cap a request line near 8 KiB. Put large data in room metadata instead.
   */
  maxTokenBytes?: number | undefined;
  /**
   * Let `roomConfig.egress` carry cloud storage credentials (an S3 secret or session token, GCP
   * credentials, an Azure account key, an AliOSS secret, a proxy password) or stream outputs
   * (whose URLs hold stream keys).
   * Refused by default, as LiveKit's own token code does: every holder of the token, the
   * browser included, can read its claims. Only for tokens that never leave your servers.
   */
  allowSensitiveCredentials?: boolean | undefined;
}

/** `{"alg":"HS256","typ":"JWT"}`: the only header this library writes, encoded once. */
export const HEADER_SEGMENT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

const DEFAULT_TTL = 6 * 3600;
/** Bytes of a token besides its payload: the header segment, two dots, a SHA-256 signature. */
const FRAME_BYTES = HEADER_SEGMENT.length + 2 + 43;

/**
 * Names that people read and logs record: no control, line-separator or bidi characters
 * (they can hide or reorder text) and no lone surrogates (the server reads them as U+FFFD), and,
 * for identity and rooms, at most 256 UTF-8 bytes, because the LiveKit server counts bytes.
 */
function checkName(text: string | undefined, field: string, bytes: boolean, code: LiveKitTokenErrorCode): void {
  if (text === undefined) return;
  if (hasForbiddenCharacter(text)) fail(code, `${field} must not contain control, line-separator or bidirectional-control characters or lone surrogates`);
  if (bytes && utf8Length(text) > MAX_NAME_BYTES) fail(code, `${field} must be at most ${MAX_NAME_BYTES} UTF-8 bytes (got ${utf8Length(text)})`);
}

/**
 * @internal The name rules of a token: identity (`identityField`, `sub` when re-minting), display
 * name, and the video grant's rooms. Fails with `code`, naming the field.
 */
export function checkNames(
  identity: string | undefined,
  name: string | undefined,
  video: VideoGrant | undefined,
  code: LiveKitTokenErrorCode,
  identityField = 'identity',
): void {
  checkName(identity, identityField, true, code);
  checkName(name, 'name', false, code);
  checkName(video?.room, 'video.room', true, code);
  checkName(video?.destinationRoom, 'video.destinationRoom', true, code);
}

/** @internal Turns the `ttl` option into whole seconds ≥ 1, or throws `ERR_TTL_INVALID`. */
export type TtlReader = (ttl: number | string) => number;
/** @internal Turns the `now` option into whole seconds since the epoch, or throws `ERR_INVALID_OPTIONS`. */
export type NowReader = (now: Clock | undefined) => number;

/**
 * @internal Validates options and returns the token's payload: the claims as UTF-8 JSON.
 * Shared by the async and sync minting paths, which each assemble the token their fastest way.
 */
export function tokenPayload(key: ApiKey, options: TokenOptions, readTtl: TtlReader): Uint8Array<ArrayBuffer> {
  return payloadWith(key, options, readTtl, epochSeconds);
}

/** The options as checked and copied by {@link payloadWith}: each field has its declared type. */
type CheckedOptions = Omit<TokenOptions, 'metadata'> & { metadata?: unknown };

/** The options check, compiled on first use. */
let checkOptions: ((options: Record<string, unknown>, path: string) => CheckedOptions) | undefined;

/** {@link tokenPayload} with another reading of `ttl` and `now` (see {@link mint}). */
function payloadWith(key: ApiKey, options: TokenOptions, readTtl: TtlReader, readNow: NowReader): Uint8Array<ArrayBuffer> {
  checkApiKey(key);
  if (options === null || typeof options !== 'object') fail('ERR_INVALID_OPTIONS', 'options must be an object');
  // Checks every field's type and copies it: the caller's objects are never touched.
  checkOptions ??= compileFields(TOKEN_OPTIONS, true, 'ERR_INVALID_OPTIONS');
  const fields = checkOptions(options as Record<string, unknown>, '');
  const { identity, video } = fields;
  if (identity === '') fail('ERR_INVALID_OPTIONS', 'identity must not be empty');
  checkNames(identity, fields.name, video, 'ERR_INVALID_OPTIONS');
  if (video?.roomJoin) {
    if (identity === undefined) fail('ERR_INVALID_OPTIONS', 'identity is required with video.roomJoin');
    if (!video.room) fail('ERR_INVALID_OPTIONS', 'video.room is required with video.roomJoin');
  }

  const maxBytes = maxTokenBytes(fields.maxTokenBytes);
  if (!fields.allowSensitiveCredentials) checkEgressCredentials(fields.roomConfig?.egress);

  let metadata = fields.metadata;
  if (metadata !== undefined && typeof metadata !== 'string') metadata = stringifyJson(metadata, 'metadata');
  const nbf = readNow(options.now);
  // LiveKit reads nbf 0 as "not set".
  if (nbf < 1) fail('ERR_INVALID_OPTIONS', 'now must be after 1970');
  const ttl = options.ttl === undefined ? DEFAULT_TTL : readTtl(options.ttl);
  // Verification refuses an exp that a Date cannot hold; never mint one.
  if (nbf + ttl > MAX_NUMERIC_DATE) fail('ERR_INVALID_OPTIONS', 'now + ttl is later than a Date can hold');

  // JSON.stringify leaves out undefined fields: nothing the caller did not set reaches the token.
  // Every value was checked or copied above, so this cannot throw.
  const payload = utf8(JSON.stringify(claimsOf(key, fields, nbf, nbf + ttl, metadata)));
  const size = FRAME_BYTES + encodedLength(payload.length);
  if (size > maxBytes) {
    fail('ERR_INVALID_OPTIONS', `the token would be ${size} bytes, over maxTokenBytes (${maxBytes}): keep large data out of the token, for example in room metadata set through the server API`);
  }
  return payload;
}

/**
 * @internal The claims of a new token, every claim of the schema in its order (a test checks
 * the order against `CLAIMS`), the ones not set `undefined`. One object literal: several times
 * faster than copying the fields into a new object claim by claim, and the options that are not
 * claims (ttl, now …) stay behind.
 */
export function claimsOf(key: ApiKey, fields: CheckedOptions, nbf: number, exp: number, metadata: unknown): Record<keyof typeof CLAIMS, unknown> {
  return {
    iss: key.apiKey,
    sub: fields.identity,
    nbf,
    exp,
    iat: undefined,
    jti: undefined,
    name: fields.name,
    kind: fields.kind,
    kindDetails: fields.kindDetails,
    metadata,
    attributes: fields.attributes,
    video: fields.video,
    sip: fields.sip,
    agent: fields.agent,
    inference: fields.inference,
    observability: fields.observability,
    roomConfig: fields.roomConfig,
    roomPreset: fields.roomPreset,
    sha256: fields.sha256,
  };
}

/**
 * Mints a LiveKit access token (HS256 JWT) with the Web Crypto API.
 *
 * Validates every option first and rejects with `ERR_INVALID_OPTIONS` naming the field
 * (unknown grant keys such as `roomName`, wrong types, `roomJoin` without identity or room,
 * control characters in a name, a token larger than `maxTokenBytes` …).
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
export function createToken(key: ApiKey, options: TokenOptions): Promise<string> {
  return mint(key, options, callerTtl, epochSeconds);
}

/**
 * @internal {@link createToken} with another reading of `ttl` and `now`: the compat layer brings
 * the SDK's TTL grammar and has no `now` option, so it leaves our grammar and clock reading out
 * of its bundle.
 */
export async function mint(key: ApiKey, options: TokenOptions, readTtl: TtlReader, readNow: NowReader): Promise<string> {
  const payload = payloadWith(key, options, readTtl, readNow); // checks the key first
  return signToken(key.apiSecret, HEADER_SEGMENT, payload);
}
