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
import { isObject } from './lib/json.js';

/**
 * The claims of a LiveKit access token, with LiveKit's JSON spelling. Claims the token does
 * not carry are absent. Unknown claims (for example legacy `room_join`) are kept as they are.
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

// Field types, one letter each to keep the bundle small:
// b boolean · s string · n whole number ≥ 0 · t NumericDate · S track sources · r string record
// o object passed through · p string or number · A agent dispatch list · k participant kind ·
// x left to the caller · or a nested schema.
type Schema = { readonly [field: string]: string | Schema };

export const TRACK_SOURCES = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];
export const PARTICIPANT_KINDS = ['standard', 'ingress', 'egress', 'sip', 'agent', 'connector', 'bridge'];

const VIDEO: Schema = {
  roomCreate: 'b', roomList: 'b', roomRecord: 'b', roomAdmin: 'b', roomJoin: 'b', room: 's',
  destinationRoom: 's', canPublish: 'b', canSubscribe: 'b', canPublishData: 'b',
  canPublishSources: 'S', canUpdateOwnMetadata: 'b', ingressAdmin: 'b', hidden: 'b',
  recorder: 'b', agent: 'b', canSubscribeMetrics: 'b', canManageAgentSession: 'b',
};
const AGENT_DISPATCH: Schema = { agentName: 's', metadata: 's', restartPolicy: 'p', deployment: 's', attributes: 'r' };
const ROOM_CONFIG: Schema = {
  name: 's', emptyTimeout: 'n', departureTimeout: 'n', maxParticipants: 'n', metadata: 's',
  egress: 'o', minPlayoutDelay: 'n', maxPlayoutDelay: 'n', syncStreams: 'b', agents: 'A', tags: 'r',
};

/** The grant claims: the same in the options of `createToken` and in the token. */
export const GRANTS: Schema = {
  video: VIDEO,
  sip: { admin: 'b', call: 'b' },
  agent: { admin: 'b', simulationAdmin: 'b', databaseAdmin: 'b' },
  inference: { perform: 'b' },
  observability: { write: 'b' },
  roomConfig: ROOM_CONFIG,
};

const CLAIMS: Schema = {
  iss: 's', sub: 's', nbf: 't', exp: 't', iat: 't', jti: 's', name: 's', kind: 'k',
  metadata: 's', attributes: 'r', roomPreset: 's', sha256: 's', ...GRANTS,
};

const TYPE_NAMES: Record<string, string> = {
  b: 'a boolean', s: 'a string', n: 'a whole number ≥ 0', t: 'a number of seconds', r: 'an object of strings',
  o: 'an object', p: 'a string or number', S: `an array of ${TRACK_SOURCES.join(' | ')}`,
  A: 'an array of agent dispatches', k: PARTICIPANT_KINDS.join(' | '),
};

/**
 * Checks the fields of `value` against `schema` and returns a copy holding only the defined
 * fields (`undefined` counts as absent). `strict` (creating a token) also rejects unknown
 * fields and unknown enum values; otherwise (reading a token) unknown fields pass through,
 * so that tokens from newer servers still verify.
 */
export function checkFields(
  value: Record<string, unknown>,
  schema: Schema,
  path: string,
  strict: boolean,
  code: LiveKitTokenErrorCode,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(value)) {
    const v = value[field];
    if (v === undefined) continue;
    const type = schema[field];
    const where = path + field;
    if (type === undefined) {
      if (strict) fail(code, `${where} is not a known field`);
      out[field] = v;
    } else if (typeof type !== 'string') {
      if (!isObject(v)) fail(code, `${where} must be an object`);
      const nested = checkFields(v, type, where + '.', strict, code);
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
  switch (type) {
    case 'x': return v; // handled by the caller
    case 'b': ok = typeof v === 'boolean'; break;
    case 's': ok = typeof v === 'string'; break;
    case 'n': ok = Number.isInteger(v) && (v as number) >= 0; break;
    case 't': ok = typeof v === 'number' && Number.isFinite(v); break;
    case 'p': ok = typeof v === 'string' || Number.isInteger(v); break;
    case 'k': ok = typeof v === 'string' && (!strict || PARTICIPANT_KINDS.includes(v)); break;
    case 'r':
      ok = isObject(v) && Object.values(v).every((x) => typeof x === 'string');
      if (ok) return { ...(v as object) };
      break;
    case 'o':
      ok = isObject(v);
      // A JSON round trip copies deeply and keeps only what the token can carry.
      if (ok) return JSON.parse(JSON.stringify(v));
      break;
    case 'S':
      ok = Array.isArray(v) && v.every((x) => typeof x === 'string' && (!strict || TRACK_SOURCES.includes(x)));
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
  if (!ok) fail(code, `${where} must be ${TYPE_NAMES[type]}`);
  return v;
}

/** @internal Checks the types of a token's claims (not their values). */
export function checkClaimTypes(claims: Record<string, unknown>): void {
  checkFields(claims, CLAIMS, '', false, 'ERR_TOKEN_CLAIMS');
}
