// Writes the shape of every message a LiveKit webhook can carry, read from the field descriptors
// of @livekit/protocol (the version livekit-server-sdk depends on), so that compat's
// WebhookReceiver returns what the SDK's `WebhookEvent.fromJson` returns without bundling a
// protobuf runtime: src/compat/webhook-shapes.ts, a compact table that src/compat/webhook-reader.ts
// interprets, and src/compat/webhook-messages.ts, TypeScript interfaces for the same messages
// (types cost no bundle bytes).
//
//   node scripts/gen-webhook-shapes.mjs          write the files
//   node scripts/gen-webhook-shapes.mjs --check  exit 1 when a committed file is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebhookEvent } from '@livekit/protocol';

const root = join(import.meta.dirname, '..');
const SHAPES = join(root, 'src/compat/webhook-shapes.ts');
const MESSAGES = join(root, 'src/compat/webhook-messages.ts');

// protobuf-es ScalarType numbers → table letter and TypeScript type. Only the scalar types that
// webhook messages use today are known: a new one fails here instead of being read wrongly.
const SCALARS = { 9: ['s', 'string'], 5: ['i', 'number'], 13: ['u', 'number'], 3: ['l', 'bigint'], 8: ['b', 'boolean'], 1: ['d', 'number'] };

/** protobuf's JSON name of a field: underscores dropped, the letter after each one upper-cased. */
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
/** protobuf-es's TypeScript name of a message: 'livekit.ParticipantInfo.X' → 'ParticipantInfo_X'. */
const tsName = (typeName) => typeName.replace(/^livekit\./, '').replace(/\./g, '_');

function unsupported(type, field, what) {
  throw new Error(`${type.typeName}.${field.name}: ${what} is not supported by the webhook table; extend scripts/gen-webhook-shapes.mjs and src/compat/webhook-event.ts`);
}

/** A message's fields in field-number order, the order protobuf JSON writes them in. */
const fieldsOf = (type) => [...type.fields.list()].sort((a, b) => a.no - b.no);

/** Every message reachable from WebhookEvent, in the order first met, and every enum type. */
function collect() {
  const messages = [];
  const enums = [];
  const visit = (type) => {
    if (messages.includes(type)) return;
    messages.push(type);
    for (const f of fieldsOf(type)) {
      const target = f.kind === 'map' ? f.V : f;
      if (target.kind === 'enum' && !enums.some((e) => e.typeName === target.T.typeName)) enums.push(target.T);
      if (target.kind === 'message') visit(target.T);
    }
  };
  visit(WebhookEvent);
  return { messages, enums };
}

/** One field as the table spells it: `name:code`, see webhook-event.ts for the grammar. */
function fieldCode(type, f, messages, enums) {
  if (f.jsonName !== camel(f.name) || f.localName !== f.jsonName) unsupported(type, f, `the name ${f.jsonName}/${f.localName}`);
  if (f.oneof && f.oneof.localName !== camel(f.oneof.name)) unsupported(type, f, `the oneof name ${f.oneof.localName}`);
  let code;
  if (f.kind === 'map') {
    if (f.K !== 9 || f.V.kind !== 'scalar' || f.V.T !== 9) unsupported(type, f, 'a map other than string → string');
    code = 'M';
  } else if (f.kind === 'enum') code = `e${enums.findIndex((e) => e.typeName === f.T.typeName)}`;
  else if (f.kind === 'message') code = `m${messages.indexOf(f.T)}`;
  else if (SCALARS[f.T] && !f.L) code = SCALARS[f.T][0];
  else unsupported(type, f, `scalar type ${f.T}`);
  if (f.repeated) code = `*${code}`;
  if (f.opt) code = `?${code}`;
  if (f.oneof) code += `|${f.oneof.name}`;
  return `${f.name}:${code}`;
}

/** An enum's value names by number: `A,B,C=7` (a number is written when it is not the previous + 1). */
function enumCode(e) {
  if (e.values[0]?.no !== 0) throw new Error(`${e.typeName}: the first value is not 0`);
  return e.values.map((v, i) => (i > 0 && v.no === e.values[i - 1].no + 1) || (i === 0 && v.no === 0) ? v.name : `${v.name}=${v.no}`).join(',');
}

/** The TypeScript type of one field, as protobuf-es declares it (enums as plain numbers). */
function fieldType(f) {
  const one = (t) => (t.kind === 'message' ? tsName(t.T.typeName) : t.kind === 'enum' ? 'number' : SCALARS[t.T][1]);
  if (f.kind === 'map') return '{ [key: string]: string }';
  return f.repeated ? `${one(f)}[]` : one(f);
}

function interfaceOf(type) {
  const lines = [];
  const oneofs = new Set();
  for (const f of fieldsOf(type)) {
    if (f.oneof) {
      if (oneofs.has(f.oneof)) continue;
      oneofs.add(f.oneof);
      const cases = f.oneof.fields.map((m) => `{ case: '${m.localName}'; value: ${fieldType(m)} }`);
      lines.push(`  ${f.oneof.localName}: ${[...cases, '{ case: undefined; value?: undefined }'].join(' | ')};`);
    } else {
      const optional = f.kind === 'message' && !f.repeated ? '?' : f.opt ? '?' : '';
      lines.push(`  ${f.localName}${optional}: ${fieldType(f)}${optional ? ' | undefined' : ''};`);
    }
  }
  return `/** \`${type.typeName}\`, as protobuf-es reads it from JSON. */\nexport interface ${tsName(type.typeName)} {\n${lines.join('\n')}\n}`;
}

/** The files' texts, by path. */
export function generate() {
  const { messages, enums } = collect();
  const version = JSON.parse(readFileSync(join(root, 'node_modules/@livekit/protocol/package.json'), 'utf8')).version;
  const quote = (s) => `  '${s}',`;
  const header = `// Generated by scripts/gen-webhook-shapes.mjs from the field descriptors of @livekit/protocol
// ${version}: do not edit. ${messages.length} messages, ${enums.length} enum types.
// Regenerate with \`node scripts/gen-webhook-shapes.mjs\`.`;
  const table = `${header}

/**
 * The enum types: value names separated by commas, in number order; \`NAME=n\` where the number
 * is not the previous one plus 1. Referenced from MESSAGES as \`e<index>\`.
 */
export const ENUMS: readonly string[] = [
${enums.map((e) => quote(enumCode(e))).join('\n')}
];

/**
 * The messages, WebhookEvent first: \`proto_name:code\` per field in field-number order, separated
 * by commas. The code is a type (\`s\` string, \`i\` int32, \`u\` uint32, \`l\` int64, \`b\` bool,
 * \`d\` double, \`M\` map of strings, \`e<n>\` enum, \`m<n>\` message), after \`*\` when repeated and
 * \`?\` when optional, and followed by \`|oneof_name\` for a member of a oneof.
 */
export const MESSAGES: readonly string[] = [
${messages.map((m) => quote(fieldsOf(m).map((f) => fieldCode(m, f, messages, enums)).join(','))).join('\n')}
];
`;
  const types = `${header}

/**
 * The messages a LiveKit webhook event can carry, with the fields protobuf-es gives them when it
 * reads JSON (enums as numbers, 64-bit integers as \`bigint\`, oneofs as \`{ case, value }\`).
 *
 * @example
 * \`\`\`ts
 * import { WebhookEvent, type WebhookMessages } from 'livekit-token/compat';
 *
 * const participant: WebhookMessages.ParticipantInfo | undefined = WebhookEvent.fromJson({ participant: { identity: 'a' } }).participant;
 * \`\`\`
 * @module
 */

${messages.map(interfaceOf).join('\n\n')}
`;
  return { [SHAPES]: table, [MESSAGES]: types };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of Object.entries(generate())) {
    if (!process.argv.includes('--check')) {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    } else if (readFileSync(path, 'utf8') !== text) {
      console.error(`${path} is out of date: run node scripts/gen-webhook-shapes.mjs`);
      process.exitCode = 1;
    }
  }
}
