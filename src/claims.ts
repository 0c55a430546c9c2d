import { fail, type LiveKitTokenErrorCode } from './errors.js';
import type {
  AgentGrant,
  InferenceGrant,
  KindDetail,
  ObservabilityGrant,
  ParticipantKind,
  RoomConfiguration,
  SIPGrant,
  VideoGrant,
} from './grants.js';
import { isObject, stringifyJson } from './lib/json.js';
import { isNumericDate } from './lib/limits.js';
import { CLAIMS, isNested, type FieldType, type Schema } from './schema.js';

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
  /** More about the kind (values from newer servers are kept as they are). */
  kindDetails?: KindDetail[];
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

/** A field type that is a plain word (no values or fields of its own), other than `'option'`. */
type SimpleType = Exclude<FieldType, object | 'option'>;

/**
 * For each simple field type: whether a value has it, and what a wrongly typed value must be
 * (for the error message).
 */
const SIMPLE_TYPES: Record<SimpleType, readonly [has: (v: unknown) => boolean, wanted: string]> = {
  boolean: [(v) => typeof v === 'boolean', 'a boolean'],
  string: [(v) => typeof v === 'string', 'a string'],
  count: [(v) => Number.isInteger(v) && (v as number) >= 0, 'an integer ≥ 0'],
  // A time a Date cannot hold would break every reader (`Invalid time value`).
  time: [isNumericDate, 'seconds since the epoch, from 0 to 8.64e12'],
  stringOrInteger: [(v) => typeof v === 'string' || Number.isInteger(v), 'a string or an integer'],
  // A "__proto__" key could not be read back (token JSON drops it), so it is refused here.
  stringMap: [(v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string') && !Object.hasOwn(v, '__proto__'), 'an object of string values'],
  object: [isObject, 'an object'],
};

/**
 * A schema compiled for one use: checks the fields of `value` and returns a copy holding only
 * the defined ones. `path` prefixes field names in errors (`'video.'`).
 */
type FieldsCheck = (value: Record<string, unknown>, path: string) => Record<string, unknown>;

/**
 * One field's check, compiled from its type: returns the value (objects and arrays copied), or
 * `undefined` to leave the field out; throws naming `path + field`.
 */
type FieldCheck = (v: unknown, path: string, field: string) => unknown;

/**
 * @internal Compiles `schema` into a check of an object's fields (see {@link checkFields}), once,
 * so that a call does no more than look up each present field's check and run it: no work for
 * absent fields, no field path built unless a check fails.
 */
export function compileFields(schema: Schema, strict: boolean, code: LiveKitTokenErrorCode): FieldsCheck {
  // A null prototype: a field named `toString` must not find Object.prototype's.
  const checks: Record<string, FieldCheck> = Object.create(null);
  for (const field of Object.keys(schema)) checks[field] = compileField(schema[field]!, strict, code);
  return (value, path) => {
    const out: Record<string, unknown> = {};
    for (const field of Object.keys(value)) {
      const v = value[field];
      // Reading a token, null is absent: the LiveKit server's JSON decoding gives it the zero value.
      if (v === undefined || (v === null && !strict)) continue;
      const check = checks[field];
      if (check === undefined) {
        if (strict) fail(code, `${path}${field} is not a known field`);
        out[field] = v;
      } else {
        const checked = check(v, path, field);
        if (checked !== undefined) out[field] = checked;
      }
    }
    return out;
  };
}

function compileField(type: FieldType, strict: boolean, code: LiveKitTokenErrorCode): FieldCheck {
  const refuse: (path: string, field: string, wanted: string) => never = (path, field, wanted) => fail(code, `${path}${field} must be ${wanted}`);
  if (type === 'option') return (v) => v; // createToken checks it
  if (typeof type === 'string') {
    const [has, wanted] = SIMPLE_TYPES[type];
    // Objects are copied: a string map as it is, any other object by a JSON round trip, which
    // copies deeply and keeps only what the token can carry.
    if (type === 'stringMap') return (v, path, field) => (has(v) ? { ...(v as Record<string, string>) } : refuse(path, field, wanted));
    if (type === 'object') return (v, path, field) => (has(v) ? JSON.parse(stringifyJson(v, path + field, code)) : refuse(path, field, wanted));
    return (v, path, field) => (has(v) ? v : refuse(path, field, wanted));
  }
  if ('oneOf' in type) {
    const { oneOf } = type;
    return (v, path, field) => (typeof v === 'string' && (!strict || oneOf.includes(v)) ? v : refuse(path, field, `one of: ${oneOf.join(', ')}`));
  }
  if ('fields' in type) {
    const check = compileFields(type.fields, strict, code);
    return (v, path, field) => {
      if (!isObject(v)) refuse(path, field, 'an object');
      const nested = check(v, `${path}${field}.`);
      // Objects the caller left empty are left out, as the official SDKs do.
      return strict && Object.keys(nested).length === 0 ? undefined : nested;
    };
  }
  const item = type.listOf;
  if (isList(item)) {
    const isItem = (x: unknown) => typeof x === 'string' && (!strict || item.includes(x));
    return (v, path, field) => (Array.isArray(v) && v.every(isItem) ? [...(v as string[])] : refuse(path, field, `a list of: ${item.join(', ')}`));
  }
  const check = compileFields(item, strict, code);
  return (v, path, field) => {
    if (!Array.isArray(v)) refuse(path, field, 'a list of objects');
    return v.map((x, i) => {
      const at = `${path}${field}[${i}]`;
      if (!isObject(x)) fail(code, `${at} must be an object`);
      return check(x, at + '.');
    });
  };
}

const isList = (item: readonly string[] | Schema): item is readonly string[] => Array.isArray(item);

/** Compiled schemas, by schema and use. */
let compiled: WeakMap<Schema, Map<string, FieldsCheck>> | undefined;

/**
 * @internal Checks the fields of `value` against `schema` and returns a copy holding only the
 * defined fields (`undefined`, and `null` when reading a token, count as absent). `strict` (creating a token) also rejects
 * unknown fields and unknown enum values and leaves out nested objects the caller left empty;
 * otherwise (reading a token) unknown fields pass through, so that tokens from newer servers
 * still verify. Errors name the field by its path (`video.canPublish`). The schema is compiled
 * on first use (see {@link compileFields}).
 */
export function checkFields(
  value: Record<string, unknown>,
  schema: Schema,
  path: string,
  strict: boolean,
  code: LiveKitTokenErrorCode,
): Record<string, unknown> {
  compiled ??= new WeakMap();
  let uses = compiled.get(schema);
  if (uses === undefined) compiled.set(schema, (uses = new Map()));
  const use = `${strict} ${code}`;
  let check = uses.get(use);
  if (check === undefined) uses.set(use, (check = compileFields(schema, strict, code)));
  return check(value, path);
}

/** The claims check that verification runs, compiled on first use. */
let claimTypes: FieldsCheck | undefined;

/**
 * @internal Checks the types of a token's claims (not their values) and returns them without
 * the fields whose value is `null`.
 */
export function checkClaimTypes(claims: Record<string, unknown>): LiveKitClaims {
  return (claimTypes ??= compileFields(CLAIMS, false, 'ERR_TOKEN_CLAIMS'))(claims, '');
}

/**
 * @internal A token's claims without `null` fields, at every level the schema declares
 * (grants, `roomConfig`, agent dispatches), as verification returns them; nothing else is
 * checked (decodeToken reads tokens it does not trust to be well typed).
 */
export function withoutNulls(value: Record<string, unknown>, schema: Schema = CLAIMS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(value)) {
    const v = value[field];
    if (v === null) continue;
    const type = Object.hasOwn(schema, field) ? schema[field] : undefined;
    const list = typeof type === 'object' && 'listOf' in type && !isList(type.listOf) ? type.listOf : undefined;
    out[field] = isNested(type) && isObject(v)
      ? withoutNulls(v, type.fields)
      : list && Array.isArray(v) ? v.map((item: unknown) => (isObject(item) ? withoutNulls(item, list) : item)) : v;
  }
  return out;
}
