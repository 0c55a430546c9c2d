// Every claim and grant a LiveKit access token can carry, declared once: its JSON name and the
// type of its value. Validation on create and verify, the token service's grant checks and
// describeToken all read these tables; what each field means lives in meanings.ts (kept apart
// so that the descriptions do not ride in a createToken bundle).
//
// The TypeScript interfaces in grants.ts and claims.ts carry the per-field documentation. Each
// table below `satisfies` a type computed from its interface, so a field declared on one side
// only, or declared with another type, is a compile error. CONTRIBUTING.md shows how to
// add a field.
import type { LiveKitClaims } from './claims.js';
import type {
  AgentGrant,
  InferenceGrant,
  KindDetail,
  ObservabilityGrant,
  ParticipantKind,
  RoomAgentDispatch,
  RoomConfiguration,
  RoomEgress,
  SIPGrant,
  TrackSource,
  VideoGrant,
} from './grants.js';
import type { TokenOptions } from './jwt/create.js';

/**
 * @internal The type of a field's value:
 * - `'boolean'`, `'string'`;
 * - `'count'`: a whole number ≥ 0; `'time'`: seconds since the epoch (a JWT NumericDate);
 * - `'stringOrInteger'`: a string or a whole number (protobuf enums in JSON);
 * - `'stringMap'`: an object whose values are strings;
 * - `'object'`: any JSON object, passed through as it is (copied);
 * - `{ oneOf: [...] }`: one of these strings (unknown values pass on verify, for newer servers);
 * - `{ listOf: [...] }`: an array of these strings; `{ listOf: schema }`: an array of objects;
 * - `{ fields: schema }`: an object with these fields (a grant);
 * - `'option'` (createToken options only): read by createToken itself, not a claim as such.
 */
export type FieldType =
  | 'boolean'
  | 'string'
  | 'count'
  | 'time'
  | 'stringOrInteger'
  | 'stringMap'
  | 'object'
  | 'option'
  | { readonly oneOf: readonly string[] }
  | { readonly listOf: readonly string[] | Schema }
  | { readonly fields: Schema };

/** @internal Field name (as the JSON spells it) → type of its value. */
export interface Schema {
  readonly [field: string]: FieldType;
}

// ---- Compile-time ties between the tables and the interfaces ------------------------------

/** The field type that a TypeScript value type `V` calls for (tuple-wrapped: no distribution). */
type TypeFor<V> = [V] extends [boolean]
  ? 'boolean'
  : [V] extends [number]
    ? 'count' | 'time'
    : [V] extends [string]
      ? string extends V ? 'string' : { readonly oneOf: readonly V[] }
      : [V] extends [string | number]
        ? 'stringOrInteger'
        : [V] extends [ReadonlyArray<infer Item>]
          ? { readonly listOf: [Item] extends [string] ? readonly Item[] : SchemaOf<Item> }
          : string extends keyof V
            ? [V[string & keyof V]] extends [string] ? 'stringMap' : 'object'
            : { readonly fields: SchemaOf<V> };

/** Named fields of `T`, without its index signature. */
type Named<T> = keyof { [K in keyof T as string extends K ? never : K]: true };

/**
 * @internal A schema declaring exactly the named fields of interface `T`, each with the type its
 * TypeScript type calls for. A missing field fails as a missing property, an extra one as an
 * excess property of the `satisfies`-checked object literal.
 */
export type SchemaOf<T> = { readonly [K in Named<T>]-?: TypeFor<Exclude<T[K], undefined>> };

/** @internal As {@link SchemaOf}, for createToken's options: any field may be an `'option'`. */
export type OptionsSchemaOf<T> = { readonly [K in Named<T>]-?: TypeFor<Exclude<T[K], undefined>> | 'option' };

// ---- The tables -------------------------------------------------------------------------------

/** @internal Track sources, in protobuf `TrackSource` order from 1 (0 is UNKNOWN). */
export const TRACK_SOURCES = ['camera', 'microphone', 'screen_share', 'screen_share_audio'] as const satisfies readonly TrackSource[];

/** @internal Participant kinds. */
export const PARTICIPANT_KINDS = ['standard', 'ingress', 'egress', 'sip', 'agent', 'connector', 'bridge'] as const satisfies readonly ParticipantKind[];

/** @internal Values of the `kindDetails` claim. */
export const KIND_DETAILS = [
  'cloud_agent', 'forwarded', 'connector_whatsapp', 'connector_twilio', 'bridge_rtsp', 'simulation',
] as const satisfies readonly KindDetail[];

/**
 * @internal The `video` grant. Order matters only for describeToken, which lists abilities in
 * this order: participant permissions first, then server-API permissions.
 */
export const VIDEO_GRANT = {
  roomJoin: 'boolean',
  room: 'string',
  canPublish: 'boolean',
  canSubscribe: 'boolean',
  canPublishData: 'boolean',
  canPublishSources: { listOf: TRACK_SOURCES },
  canUpdateOwnMetadata: 'boolean',
  canSubscribeMetrics: 'boolean',
  canManageAgentSession: 'boolean',
  hidden: 'boolean',
  recorder: 'boolean',
  agent: 'boolean',
  roomAdmin: 'boolean',
  roomCreate: 'boolean',
  roomList: 'boolean',
  roomRecord: 'boolean',
  ingressAdmin: 'boolean',
  destinationRoom: 'string',
} as const satisfies SchemaOf<VideoGrant>;

/** @internal The `sip` grant. */
export const SIP_GRANT = { admin: 'boolean', call: 'boolean' } as const satisfies SchemaOf<SIPGrant>;

/** @internal The `agent` grant. */
export const AGENT_GRANT = { admin: 'boolean', simulationAdmin: 'boolean', databaseAdmin: 'boolean', dispatchAdmin: 'boolean' } as const satisfies SchemaOf<AgentGrant>;

/** @internal The `inference` grant. */
export const INFERENCE_GRANT = { perform: 'boolean' } as const satisfies SchemaOf<InferenceGrant>;

/** @internal The `observability` grant. */
export const OBSERVABILITY_GRANT = { write: 'boolean' } as const satisfies SchemaOf<ObservabilityGrant>;

/** @internal One agent dispatch in `roomConfig.agents`. */
export const AGENT_DISPATCH = {
  agentName: 'string',
  metadata: 'string',
  restartPolicy: 'stringOrInteger',
  deployment: 'string',
  attributes: 'stringMap',
} as const satisfies SchemaOf<RoomAgentDispatch>;

/**
 * @internal `roomConfig.egress` (protobuf `RoomEgress`). Its members are open records: the
 * protocol's egress requests have many fields, passed through as they are; createToken looks
 * into them for credentials (egress.ts).
 */
export const ROOM_EGRESS = { room: 'object', participant: 'object', tracks: 'object' } as const satisfies SchemaOf<RoomEgress>;

/** @internal The `roomConfig` claim (protobuf `RoomConfiguration` in camelCase JSON). */
export const ROOM_CONFIGURATION = {
  name: 'string',
  emptyTimeout: 'count',
  departureTimeout: 'count',
  maxParticipants: 'count',
  metadata: 'string',
  egress: { fields: ROOM_EGRESS },
  minPlayoutDelay: 'count',
  maxPlayoutDelay: 'count',
  syncStreams: 'boolean',
  agents: { listOf: AGENT_DISPATCH },
  tags: 'stringMap',
} as const satisfies SchemaOf<RoomConfiguration>;

/**
 * @internal The claims a caller of createToken sets under their own name, in the order the token
 * writes them (as LiveKit's SDKs do).
 */
const PARTICIPANT_AND_GRANTS = {
  name: 'string',
  kind: { oneOf: PARTICIPANT_KINDS },
  kindDetails: { listOf: KIND_DETAILS },
  metadata: 'string',
  attributes: 'stringMap',
  video: { fields: VIDEO_GRANT },
  sip: { fields: SIP_GRANT },
  agent: { fields: AGENT_GRANT },
  inference: { fields: INFERENCE_GRANT },
  observability: { fields: OBSERVABILITY_GRANT },
  roomConfig: { fields: ROOM_CONFIGURATION },
  roomPreset: 'string',
  sha256: 'string',
} as const;

/** @internal Every claim of a token, in the order createToken writes them. */
export const CLAIMS = {
  iss: 'string',
  sub: 'string',
  nbf: 'time',
  exp: 'time',
  iat: 'time',
  jti: 'string',
  ...PARTICIPANT_AND_GRANTS,
} as const satisfies SchemaOf<LiveKitClaims>;

/**
 * @internal The options of createToken: the claims above, plus what createToken reads itself.
 * Built by a call marked pure: bundlers keep an unread object spread at module level (a spread
 * could run getters), and only createToken reads this table, so verify and decode bundles
 * leave it out this way.
 */
export const TOKEN_OPTIONS = /* @__PURE__ */ (() => ({
  identity: 'string',
  ...PARTICIPANT_AND_GRANTS,
  metadata: 'option', // a string, or a JSON value to stringify
  ttl: 'option',
  now: 'option',
  maxTokenBytes: 'option',
  allowSensitiveCredentials: 'boolean',
}) as const satisfies OptionsSchemaOf<TokenOptions>)();

/**
 * @internal `claim.field` of every boolean grant (`'video.roomAdmin'`, `'inference.perform'`),
 * for tables that map something else (a CLI flag, a policy name) onto grants.
 */
export type BooleanGrantPath = {
  [C in keyof typeof CLAIMS & string]: (typeof CLAIMS)[C] extends { readonly fields: infer F }
    ? { [K in keyof F & string]: F[K] extends 'boolean' ? `${C}.${K}` : never }[keyof F & string]
    : never;
}[keyof typeof CLAIMS & string];

/** @internal Whether a field type is a nested object of fields: a grant, or `roomConfig`. */
export const isNested = (type: FieldType | undefined): type is { readonly fields: Schema } => typeof type === 'object' && 'fields' in type;
