import { fail, type LiveKitTokenErrorCode } from './errors.js';
import type {
  AgentGrant,
  InferenceGrant,
  ObservabilityGrant,
  ParticipantKind,
  RoomConfiguration,
  SIPGrant,
  VideoGrant,
} from './grants.js';
import { isObject, stringifyJson } from './lib/json.js';
import { isNumericDate } from './lib/limits.js';

/**
 * The claims of a LiveKit access token, with LiveKit's JSON spelling. Claims the token does
 * not carry are absent. Unknown claims (for example legacy `room_join`) are kept as they are.
 *
 * @example
 * ```ts
 * const claims: LiveKitClaims = await verifyToken(token, keys);
 * if (claims.video?.roomJoin) console.log(`${claims.sub} joins ${claims.video.room} until ${new Date(claims.exp! * 1000).toISOString()}`);
 * ```
 */
export interface LiveKitClaims {
  /** API key that signed the token. */
  iss?: string;
  /** Participant identity. */
  sub?: string;
  /** Not before, seconds since the epoch. */
  nbf?: number;
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Issued at, seconds since the epoch (accepted, never emitted by `createToken`). */
  iat?: number;
  /** Token id (accepted, never required). */
  jti?: string;
  /** Participant display name. */
  name?: string;
  /** Participant kind; absent means `'standard'`. */
  kind?: ParticipantKind;
  /** Participant metadata, a string (often JSON). */
  metadata?: string;
  /** Participant attributes. */
  attributes?: Record<string, string>;
  video?: VideoGrant;
  sip?: SIPGrant;
  agent?: AgentGrant;
  inference?: InferenceGrant;
  observability?: ObservabilityGrant;
  roomConfig?: RoomConfiguration;
  /** Name of a room preset defined on the server. */
  roomPreset?: string;
  /** Base64 SHA-256 of a webhook body (webhook tokens only). */
  sha256?: string;
  [claim: string]: unknown;
}

// A schema is a string of field names, each run prefixed by a one-letter type (kept as text
// because it is the smallest form in the bundle): b boolean · s string · n whole number ≥ 0 ·
// t NumericDate · S track sources · r string record · o object passed through · p string or
// number · A agent dispatch list · k participant kind · x left to the caller · G nested grant.
type Schema = string;

/** @internal Track source names in protobuf `TrackSource` order, each framed by spaces. */
export const TRACK_SOURCES = ' camera microphone screen_share screen_share_audio ';
const PARTICIPANT_KINDS = ' standard ingress egress sip agent connector bridge ';
/** Whether `word` is one of the space-separated `words` (kept as text: smaller than an array). */
const oneOf = (words: string, word: unknown): boolean => typeof word === 'string' && !word.includes(' ') && words.includes(` ${word} `);

const AGENT_DISPATCH = 's agentName metadata deployment p restartPolicy r attributes';

/** The grant claims: the same in the options of `createToken` and in the token. */
export const GRANTS: Readonly<Record<string, Schema>> = {
  video:
    'b roomCreate roomList roomRecord roomAdmin roomJoin canPublish canSubscribe canPublishData canUpdateOwnMetadata ' +
    'ingressAdmin hidden recorder agent canSubscribeMetrics canManageAgentSession s room destinationRoom S canPublishSources',
  sip: 'b admin call',
  agent: 'b admin simulationAdmin databaseAdmin',
  inference: 'b perform',
  observability: 'b write',
  roomConfig: 's name metadata n emptyTimeout departureTimeout maxParticipants minPlayoutDelay maxPlayoutDelay b syncStreams o egress A agents r tags',
};

/** Top-level claims of a token, as read on verify (G: the grants above). */
const CLAIMS = 's iss sub jti name metadata roomPreset sha256 t nbf exp iat k kind r attributes G video sip agent inference observability roomConfig';

let parsed: Map<Schema, Record<string, string>> | undefined;
/** Field → type letter, parsed once per schema. */
export function fieldTypes(schema: Schema): Record<string, string> {
  parsed ??= new Map();
  let types = parsed.get(schema);
  if (!types) {
    types = Object.create(null) as Record<string, string>;
    let type = '';
    for (const word of schema.split(' ')) {
      if (word.length === 1) type = word;
      else types[word] = type;
    }
    parsed.set(schema, types);
  }
  return types;
}

/**
 * Checks the fields of `value` against `schema` and returns a copy holding only the defined
 * fields (`undefined` counts as absent). `strict` (creating a token) also rejects unknown
 * fields and unknown enum values; otherwise (reading a token) unknown fields pass through,
 * so that tokens from newer servers still verify.
 */
export function checkFields(
  value: Record<string, unknown>,
  schema: Schema | Record<string, string>,
  path: string,
  strict: boolean,
  code: LiveKitTokenErrorCode,
): Record<string, unknown> {
  const types = typeof schema === 'string' ? fieldTypes(schema) : schema;
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(value)) {
    const v = value[field];
    if (v === undefined) continue;
    const type = types[field];
    const where = path + field;
    if (type === undefined) {
      if (strict) fail(code, `${where} is not a known field`);
      out[field] = v;
    } else if (type === 'G') {
      if (!isObject(v)) fail(code, `${where} must be an object`);
      const nested = checkFields(v, GRANTS[field]!, where + '.', strict, code);
      // Grants the caller left empty are left out, as the official SDKs do.
      if (!strict || Object.keys(nested).length > 0) out[field] = nested;
    } else {
      out[field] = checkValue(v, type, where, strict, code);
    }
  }
  return out;
}

function checkValue(v: unknown, type: string, where: string, strict: boolean, code: LiveKitTokenErrorCode): unknown {
  let ok: boolean;
  // What the error says the value must be. Rarer types are not spelled out: every byte counts
  // in edge bundles, and the field's TypeScript type says it.
  let want = 'of the documented type';
  switch (type) {
    case 'x': return v; // handled by the caller
    case 'b': want = 'a boolean'; ok = typeof v === 'boolean'; break;
    case 's': want = 'a string'; ok = typeof v === 'string'; break;
    case 'n': want = 'an integer ≥ 0'; ok = Number.isInteger(v) && (v as number) >= 0; break;
    // A time a Date cannot hold would break every reader (`Invalid time value`).
    case 't': want = 'seconds since the epoch, from 0 to 8.64e12'; ok = isNumericDate(v); break;
    case 'p': ok = typeof v === 'string' || Number.isInteger(v); break;
    case 'k': want = `one of [${PARTICIPANT_KINDS}]`; ok = typeof v === 'string' && (!strict || oneOf(PARTICIPANT_KINDS, v)); break;
    case 'r':
      // A "__proto__" key could not be read back (token JSON drops it), so it is refused here.
      ok = isObject(v) && Object.values(v).every((x) => typeof x === 'string') && !Object.hasOwn(v, '__proto__');
      if (ok) return { ...(v as object) };
      break;
    case 'o':
      ok = isObject(v);
      // A JSON round trip copies deeply and keeps only what the token can carry.
      if (ok) return JSON.parse(stringifyJson(v, where, code));
      break;
    case 'S':
      want = `an array of [${TRACK_SOURCES}]`;
      ok = Array.isArray(v) && v.every((x) => typeof x === 'string' && (!strict || oneOf(TRACK_SOURCES, x)));
      if (ok) return [...(v as string[])];
      break;
    default: // 'A'
      if (!Array.isArray(v)) { ok = false; break; }
      return v.map((item, i) => {
        const at = `${where}[${i}]`;
        if (!isObject(item)) fail(code, `${at} must be an object`);
        const dispatch = checkFields(item, AGENT_DISPATCH, at + '.', strict, code);
        if (typeof dispatch['agentName'] !== 'string') fail(code, `${at}.agentName must be a string`);
        return dispatch;
      });
  }
  if (!ok) fail(code, `${where} must be ${want}`);
  return v;
}

/** @internal Checks the types of a token's claims (not their values). */
export function checkClaimTypes(claims: Record<string, unknown>): void {
  checkFields(claims, CLAIMS, '', false, 'ERR_TOKEN_CLAIMS');
}
