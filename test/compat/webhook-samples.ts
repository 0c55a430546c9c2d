// Webhook bodies built from @livekit/protocol's own field descriptors (not from the generated
// table under test): every field of every message a webhook carries set to a value that is not
// its zero value, and each oneof case chosen in turn, so that the bodies together exercise every
// enum, every 64-bit integer and every oneof case.
import { WebhookEvent as ProtoWebhookEvent } from '@livekit/protocol';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface FieldInfo {
  name: string;
  jsonName: string;
  kind: 'scalar' | 'enum' | 'message' | 'map';
  T: { typeName: string; values?: { no: number; name: string }[]; fields?: { list(): FieldInfo[] } } & ScalarOrType;
  repeated: boolean;
  oneof?: { name: string; fields: FieldInfo[] };
}
type ScalarOrType = number | object;
interface MessageType {
  typeName: string;
  fields: { list(): FieldInfo[] };
}

/** How a body spells its values: the SDK reads both spellings of each. */
export interface Spelling {
  /** Enums by number instead of by name. */
  enumNumbers: boolean;
  /** 64-bit integers as JSON numbers instead of decimal strings. */
  int64Numbers: boolean;
  /** Keys by proto name (snake_case) instead of JSON name. */
  protoNames: boolean;
}

export interface Coverage {
  messages: Set<string>;
  enums: Set<string>;
  int64s: Set<string>;
  oneofCases: Set<string>;
}

export const newCoverage = (): Coverage => ({ messages: new Set(), enums: new Set(), int64s: new Set(), oneofCases: new Set() });

let counter = 0;
// Each oneof takes its next case every time a body meets it, so that a few bodies meet them all.
const cursor = new Map<string, number>();
function scalarValue(type: number, path: string, s: Spelling, coverage: Coverage): Json {
  counter++;
  switch (type) {
    case 9: return `${path.split('.').pop()}-${counter}`;
    case 8: return true;
    case 1: return counter + 0.5;
    case 3:
      coverage.int64s.add(path);
      return s.int64Numbers ? 1_700_000_000_000 + counter : `${9_007_199_254_740_993n + BigInt(counter)}`;
    default: return 1 + (counter % 1000);
  }
}

function enumValue(T: FieldInfo['T'], path: string, s: Spelling, coverage: Coverage): Json {
  coverage.enums.add(path);
  const values = T.values!;
  const v = values[1 + (counter++ % (values.length - 1))] ?? values[0]!;
  return s.enumNumbers ? v.no : v.name;
}

function value(f: FieldInfo, path: string, s: Spelling, coverage: Coverage, depth: number): Json {
  if (f.kind === 'enum') return enumValue(f.T, path, s, coverage);
  if (f.kind === 'message') return sample(s, coverage, f.T as unknown as MessageType, depth + 1);
  return scalarValue(f.T as unknown as number, path, s, coverage);
}

/** One fully populated message. */
export function sample(s: Spelling, coverage: Coverage, type: MessageType = ProtoWebhookEvent as unknown as MessageType, depth = 0): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  coverage.messages.add(type.typeName);
  const chosen = new Map<string, string>();
  for (const f of type.fields.list()) {
    const at = `${type.typeName}.${f.name}`;
    const oneofAt = f.oneof && `${type.typeName}.${f.oneof.name}`;
    if (f.oneof) {
      const members = f.oneof.fields;
      let pick = chosen.get(f.oneof.name);
      if (pick === undefined) {
        const turn = cursor.get(oneofAt!) ?? 0;
        cursor.set(oneofAt!, turn + 1);
        chosen.set(f.oneof.name, (pick = members[turn % members.length]!.name));
      }
      if (f.name !== pick) continue;
      coverage.oneofCases.add(at);
    }
    const key = s.protoNames ? f.name : f.jsonName;
    if (f.kind === 'map') out[key] = { [`k${counter++}`]: `v${counter}`, other: 'x' };
    else if (f.repeated) out[key] = [value(f, at, s, coverage, depth), value(f, at, s, coverage, depth)];
    else out[key] = value(f, at, s, coverage, depth);
  }
  if (depth === 0) out['event'] = 'egress_updated';
  return out;
}

/** Every oneof case of every message, and the 64-bit and enum fields, by descriptor. */
export function allOf(type: MessageType = ProtoWebhookEvent as unknown as MessageType, seen = new Set<string>(), out = newCoverage()): Coverage {
  if (seen.has(type.typeName)) return out;
  seen.add(type.typeName);
  out.messages.add(type.typeName);
  for (const f of type.fields.list()) {
    const at = `${type.typeName}.${f.name}`;
    if (f.oneof) out.oneofCases.add(at);
    if (f.kind === 'enum') out.enums.add(at);
    if (f.kind === 'scalar' && (f.T as unknown as number) === 3) out.int64s.add(at);
    if (f.kind === 'message') allOf(f.T as unknown as MessageType, seen, out);
  }
  return out;
}
