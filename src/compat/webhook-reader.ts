// Reads a webhook body the way livekit-server-sdk does (protobuf-es 1.x `fromJson` of LiveKit's
// WebhookEvent), driven by the generated table in webhook-shapes.ts instead of 58 generated
// classes: absent fields get their zero value, enum names become numbers, 64-bit integers
// become bigint, oneof members become `{ case, value }`. The rules below are protobuf-es's; where
// they look odd, the comment says that the SDK does the same, because code written against the
// SDK sees exactly that.
import { fail } from '../errors.js';
import { isObject } from '../lib/json.js';
import { ENUMS, MESSAGES } from './webhook-shapes.js';

type Obj = Record<string, unknown>;

interface Field {
  /** The JSON (and JavaScript) name, camelCase. */
  json: string;
  /** `s` string, `i` int32, `u` uint32, `l` int64, `b` bool, `d` double, `M` string map, `e` enum, `m` message. */
  kind: string;
  /** The enum's or message's index in its table. */
  ref: number;
  repeated: boolean;
  optional: boolean;
  /** The oneof's JavaScript name, for members of a oneof. */
  oneof: string | undefined;
}

interface Shape {
  fields: Field[];
  /** Fields by JSON name and by proto name: protobuf JSON accepts both. */
  byKey: Map<string, Field>;
}

const FIELD = /^(\w+):(\??)(\*?)([siulbdM]|[em](\d+))(?:\|(\w+))?$/;
const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

let shapes: Shape[] | undefined;
let enums: Map<string, number>[] | undefined;

/** The tables, decoded on first use (a bundle that never reads a webhook never runs this). */
function shape(index: number): Shape {
  shapes ??= MESSAGES.map((row) => {
    const byKey = new Map<string, Field>();
    const fields = row.split(',').map((code) => {
      const [, name, optional, repeated, kind, ref, oneof] = FIELD.exec(code)!;
      const field: Field = { json: camel(name!), kind: kind![0]!, ref: Number(ref), repeated: !!repeated, optional: !!optional, oneof: oneof && camel(oneof) };
      byKey.set(name!, field).set(field.json, field);
      return field;
    });
    return { fields, byKey };
  });
  return shapes[index]!;
}

function enumNames(index: number): Map<string, number> {
  enums ??= ENUMS.map((row) => {
    let no = -1;
    return new Map(row.split(',').map((entry) => {
      const [name, explicit] = entry.split('=');
      no = explicit === undefined ? no + 1 : Number(explicit);
      return [name!, no] as const;
    }));
  });
  return enums[index]!;
}

const ZERO: Record<string, unknown> = { s: '', i: 0, u: 0, d: 0, l: 0n, b: false, e: 0 };

let prototypes: object[] | undefined;

/**
 * The prototype of nested messages of one type: `toJson()` and `toJSON()` write protobuf JSON as
 * the SDK's messages do, so that `JSON.stringify(event.participant)` works on bigint fields.
 */
function prototypeOf(index: number): object {
  prototypes ??= [];
  return (prototypes[index] ??= {
    toJson(this: Obj, options?: JsonWriteOptions) {
      return writeMessage(index, this, options?.emitDefaultValues === true);
    },
    toJSON(this: Obj) {
      return writeMessage(index, this, true);
    },
  });
}

/** A message with every field at its zero value, as `new Message()` makes it in protobuf-es. */
export function zeroMessage(index: number, target: Obj = Object.create(prototypeOf(index)) as Obj): Obj {
  for (const f of shape(index).fields) {
    if (f.oneof) target[f.oneof] ??= { case: undefined };
    else if (f.repeated) target[f.json] = [];
    else if (f.kind === 'M') target[f.json] = {};
    else if (f.kind !== 'm' && !f.optional) target[f.json] = ZERO[f.kind];
  }
  return target;
}

function bad(path: string, problem: string): never {
  return fail('ERR_WEBHOOK_BODY', `webhook event ${path ? `field ${path}` : 'body'} ${problem}`);
}

/** A key as an error message may show it: quoted, and short. */
const shown = (key: string): string => JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key);

/** What a field's JSON value left it as: a value, or one of these two. */
const CLEAR = Symbol('clear');
const SKIP = Symbol('skip');

// A lone UTF-16 surrogate: protobuf-es refuses such strings ("invalid UTF8"). No `u` flag, so
// the pattern sees code units; it runs in linear time.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
// The string forms `BigInt()` takes (an optional sign, or a 0x/0o/0b prefix), with leading zeros
// split off: they are dropped before `BigInt()` runs, so a long run of digits costs linear time.
// The digits after the zeros start with a non-zero one, so the pattern never backtracks far.
const BIGINT = /^([+-]?|0[xob])(0*)([1-9a-f][0-9a-f]*)?$/i;

function int64(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  // BigInt('') is 0n and BigInt(' 7 ') is 7n: the SDK reads them so, through BigInt().
  const m = BIGINT.exec(value.trim());
  const digits = m?.[3] ?? '';
  if (!m || digits.length > 64 || (m[1] && !m[2] && !digits)) return undefined;
  try {
    return BigInt(m[1]! + (digits || '0'));
  } catch {
    return undefined; // digits the base does not have ('12ab', '0b12')
  }
}

/** A number in the forms protobuf JSON allows: a JSON number, or a numeric string without blanks. */
const numeric = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && value !== '' && value.trim() === value ? Number(value) : undefined;

const KIND_NAMES: Record<string, string> = {
  s: 'a string',
  b: 'true or false',
  i: 'a 32-bit integer',
  u: 'an unsigned 32-bit integer',
  l: 'a 64-bit integer (a number or a decimal string)',
  d: 'a number',
};

/** A scalar. `null` is the zero value inside lists and maps, and clears the field elsewhere. */
function scalar(kind: string, value: unknown, path: string, inList: boolean): unknown {
  if (value === null) return inList ? ZERO[kind] : CLEAR;
  switch (kind) {
    case 's':
      if (typeof value !== 'string') break;
      if (LONE_SURROGATE.test(value)) bad(path, 'is not well-formed text (a lone UTF-16 surrogate)');
      return value;
    case 'b':
      if (typeof value === 'boolean') return value;
      break;
    case 'l': {
      const n = int64(value);
      if (n !== undefined && n <= INT64_MAX && n >= INT64_MIN) return n;
      break;
    }
    case 'd': {
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      const n = numeric(value);
      if (n !== undefined && Number.isFinite(n)) return n;
      break;
    }
    default: {
      const n = numeric(value);
      const [min, max] = kind === 'u' ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
      if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return n;
    }
  }
  return bad(path, `must be ${KIND_NAMES[kind]}`);
}

/**
 * An enum: a number as it is, a name by its number. An unknown name is an error, or, under
 * `ignoreUnknownFields`, leaves the field as it was (its zero value), as in the SDK.
 */
function enumValue(index: number, value: unknown, path: string, ignore: boolean, inList: boolean): number | typeof CLEAR | typeof SKIP {
  if (value === null) return inList ? 0 : CLEAR;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const no = enumNames(index).get(value);
    if (no !== undefined) return no;
    if (ignore) return SKIP;
    bad(path, 'is not a known name of its enum');
  }
  return bad(path, 'must be an enum name or number');
}

/** One item of a list (never null) or the value of a singular field. */
function item(f: Field, value: unknown, path: string, ignore: boolean, inList: boolean): unknown {
  if (f.kind === 'm') return readMessage(f.ref, value, ignore, path, zeroMessage(f.ref));
  if (f.kind === 'e') return enumValue(f.ref, value, path, ignore, inList);
  return scalar(f.kind, value, path, inList);
}

function readField(target: Obj, f: Field, value: unknown, path: string, ignore: boolean): void {
  if (f.repeated) {
    if (value === null) return;
    if (!Array.isArray(value)) bad(path, 'must be a list');
    const list = target[f.json] as unknown[];
    value.forEach((x: unknown, i) => {
      if (x === null) bad(`${path}[${i}]`, 'must not be null');
      const v = item(f, x, `${path}[${i}]`, ignore, true);
      if (v !== SKIP) list.push(v);
    });
    return;
  }
  if (f.kind === 'M') {
    if (value === null) return;
    if (!isObject(value)) bad(path, 'must be an object of strings');
    const map = target[f.json] as Obj;
    for (const key of Object.keys(value)) {
      if (value[key] === null) bad(`${path}.${shown(key)}`, 'must not be null');
      scalar('s', key, `${path} key`, true);
      // Plain assignment, as in the SDK: a "__proto__" key is lost there too.
      map[key] = scalar('s', value[key], `${path}.${shown(key)}`, true);
    }
    return;
  }
  let holder = target;
  let name = f.json;
  if (f.oneof) {
    // Set before the value is read: a null message member still selects its case, as in the SDK.
    holder = target[f.oneof] = { case: f.json };
    name = 'value';
  }
  if (f.kind === 'm') {
    if (value === null) return;
    const current = holder[name];
    // The same message under its JSON and its proto name is merged, as in the SDK.
    holder[name] = isObject(current) ? readMessage(f.ref, value, ignore, path, current) : item(f, value, path, ignore, false);
    return;
  }
  const v = item(f, value, path, ignore, false);
  if (v === SKIP) return;
  if (v !== CLEAR) holder[name] = v;
  // protobuf-es's clearField: a member of a oneof clears the oneof property of the case object.
  else if (f.oneof) holder[f.oneof] = { case: undefined };
  else holder[name] = f.optional ? undefined : ZERO[f.kind];
}

/**
 * Reads protobuf JSON into `target` (a zero-valued message of table index `index`). Unknown
 * keys are errors unless `ignore`; two keys of one oneof are always an error.
 */
export function readMessage(index: number, json: unknown, ignore: boolean, path: string, target: Obj): Obj {
  if (!isObject(json)) bad(path, 'must be a JSON object');
  const { byKey } = shape(index);
  const oneofs = new Set<string>();
  const prefix = path && `${path}.`;
  for (const key of Object.keys(json)) {
    const f = byKey.get(key);
    const value = json[key];
    if (!f) {
      if (!ignore) bad(prefix + shown(key), 'is not a known field');
      continue;
    }
    if (f.oneof) {
      if (value === null && f.kind !== 'm' && f.kind !== 'e') continue;
      if (oneofs.has(f.oneof)) bad(prefix + f.json, `is a second member of the oneof ${f.oneof}`);
      oneofs.add(f.oneof);
    }
    readField(target, f, value, prefix + f.json, ignore);
  }
  return target;
}

/**
 * Copies a partial message into `target`, as protobuf-es's constructor does: fields that are
 * `null` or `undefined` are skipped, scalars and enums are taken as given, nested messages are
 * built from their own partials.
 */
export function fillMessage(index: number, target: Obj, partial: unknown): Obj {
  if (!isObject(partial)) return target;
  for (const f of shape(index).fields) {
    const value = partial[f.oneof ?? f.json];
    if (value === null || value === undefined) continue;
    if (f.oneof) {
      const choice = value as { case?: unknown; value?: unknown };
      if (choice.case !== f.json) continue;
      target[f.oneof] = { case: f.json, value: f.kind === 'm' ? fillMessage(f.ref, zeroMessage(f.ref), choice.value) : choice.value };
    } else if (f.kind === 'M') Object.assign(target[f.json] as Obj, value);
    else if (f.kind !== 'm') target[f.json] = value;
    else if (!f.repeated) target[f.json] = fillMessage(f.ref, zeroMessage(f.ref), value);
    else if (Array.isArray(value)) target[f.json] = value.map((x: unknown) => fillMessage(f.ref, zeroMessage(f.ref), x));
    else fail('ERR_INVALID_OPTIONS', `WebhookEvent field ${f.json} must be a list`);
  }
  return target;
}

/**
 * Options of `toJson()`, as protobuf-es names them.
 *
 * @example
 * ```ts
 * import { WebhookEvent, type JsonWriteOptions } from 'livekit-token/compat';
 *
 * const options: JsonWriteOptions = { emitDefaultValues: true };
 * console.log(WebhookEvent.fromJson({ event: 'room_started' }).toJson(options));
 * ```
 */
export interface JsonWriteOptions {
  /** Also write fields that hold their zero value (`JSON.stringify` does). Default false. */
  emitDefaultValues?: boolean | undefined;
}

/** An enum number's name, or the number when the enum has no such value (as protobuf-es writes it). */
function enumName(index: number, no: number): string | number {
  for (const [name, n] of enumNames(index)) if (n === no) return name;
  return no;
}

function writeValue(f: Field, value: unknown, defaults: boolean): unknown {
  switch (f.kind) {
    case 'm':
      return writeMessage(f.ref, value as Obj, defaults);
    case 'e':
      return enumName(f.ref, value as number);
    case 'l':
      return String(value);
    case 'd':
      return Number.isFinite(value) ? value : String(value); // 'NaN', 'Infinity', '-Infinity'
    default:
      return value;
  }
}

/** Whether protobuf-es counts a field as set (its `isFieldSet`), so that it is written without defaults. */
function isSet(f: Field, value: unknown): boolean {
  if (f.repeated) return (value as unknown[]).length > 0;
  if (f.kind === 'M') return Object.keys(value as Obj).length > 0;
  if (f.kind === 'm' || f.optional) return value !== undefined;
  return value !== ZERO[f.kind];
}

/**
 * protobuf JSON of a message read here, as protobuf-es's `toJson` writes it: JSON names in
 * field-number order, enum names, 64-bit integers as strings, the chosen member of each oneof.
 * `defaults` also writes fields at their zero value (what `toJSON()`, and so `JSON.stringify`,
 * does); unset messages, optional fields and oneofs are never written.
 */
export function writeMessage(index: number, message: Obj, defaults: boolean): Obj {
  const out: Obj = {};
  for (const f of shape(index).fields) {
    let value: unknown;
    if (f.oneof) {
      const choice = message[f.oneof] as { case?: unknown; value?: unknown } | undefined;
      if (choice?.case !== f.json || choice.value === undefined) continue;
      value = choice.value;
    } else {
      value = message[f.json];
      if (!isSet(f, value) && (!defaults || f.optional || (f.kind === 'm' && !f.repeated))) continue;
    }
    if (f.repeated) out[f.json] = (value as unknown[]).map((x) => writeValue(f, x, defaults));
    else if (f.kind === 'M') out[f.json] = { ...(value as Obj) };
    else out[f.json] = writeValue(f, value, defaults);
  }
  return out;
}
