// Every grant of a token in words: what the holder may do, and each field with its meaning.
import type { LiveKitClaims } from '../claims.js';
import { grantedAbilities } from '../describe.js';
import { canPublish, canPublishData, canSubscribe, videoOf } from '../helpers.js';
import { isObject } from '../lib/json.js';
import { MEANINGS } from '../meanings.js';
import { CLAIMS, isNested, type Schema } from '../schema.js';

/**
 * One field of the claims, as the page's table shows it.
 *
 * @example
 * const line: FieldLine = { path: 'video.roomJoin', value: 'true', meaning: 'May join `room` as a participant.' };
 */
export interface FieldLine {
  path: string;
  /** The value as JSON, shortened when long. */
  value: string;
  meaning: string;
}

/** Longest value shown in a table cell; the raw claims below the table hold the rest. */
const MAX_VALUE_CHARS = 160;
const UNKNOWN = 'Not a LiveKit field: a LiveKit server ignores it.';

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
};

const meaningOf = (path: string): string => (MEANINGS as Readonly<Record<string, string>>)[path] ?? UNKNOWN;

/**
 * Every field of the claims with its meaning to a LiveKit server: the known ones in the order
 * tokens are written, nested grants field by field, agent dispatches item by item, then any
 * field LiveKit does not know.
 *
 * @example
 * fieldLines({ sub: 'bob', video: { roomJoin: true } }).map((l) => l.path); // ['sub', 'video', 'video.roomJoin']
 */
export function fieldLines(claims: LiveKitClaims): FieldLine[] {
  const lines: FieldLine[] = [];
  walk(claims as Record<string, unknown>, CLAIMS, '', lines);
  return lines;
}

function walk(object: Record<string, unknown>, schema: Schema, prefix: string, lines: FieldLine[]): void {
  const known = Object.keys(schema).filter((name) => Object.hasOwn(object, name));
  const unknown = Object.keys(object).filter((name) => !Object.hasOwn(schema, name));
  for (const name of [...known, ...unknown]) {
    const value = object[name];
    const path = prefix + name;
    const type = schema[name];
    if (isNested(type) && isObject(value)) {
      lines.push({ path, value: '', meaning: meaningOf(path) });
      walk(value, type.fields, `${path}.`, lines);
    } else if (type !== undefined && typeof type === 'object' && 'listOf' in type && !Array.isArray(type.listOf) && Array.isArray(value)) {
      lines.push({ path, value: `${value.length} item${value.length === 1 ? '' : 's'}`, meaning: meaningOf(path) });
      value.forEach((item: unknown, i) => {
        if (isObject(item)) walkItem(item, type.listOf as Schema, `${path}[${i}].`, `${path}[].`, lines);
        else lines.push({ path: `${path}[${i}]`, value: shown(item), meaning: UNKNOWN });
      });
    } else {
      lines.push({ path, value: shown(value), meaning: type === undefined ? UNKNOWN : meaningOf(path) });
    }
  }
}

/** A list item's fields: shown with their index, explained by the list's item schema. */
function walkItem(item: Record<string, unknown>, schema: Schema, prefix: string, meaningPrefix: string, lines: FieldLine[]): void {
  for (const name of Object.keys(item)) {
    lines.push({ path: prefix + name, value: shown(item[name]), meaning: Object.hasOwn(schema, name) ? meaningOf(meaningPrefix + name) : UNKNOWN });
  }
}

const quoted = (text: unknown) => (typeof text === 'string' ? `“${text}”` : '?');

/**
 * What the holder may do, one ability per line, with LiveKit's defaults applied: an absent
 * `canPublish` is shown as publishing, an empty source list as every source.
 *
 * @example
 * abilities({ sub: 'bob', video: { roomJoin: true, room: 'r', canSubscribe: false } });
 * // ['Join room “r” as “bob”', 'Publish from every source', 'Send data messages', 'Not subscribe to anyone']
 */
export function abilities(claims: LiveKitClaims): string[] {
  const v = videoOf(claims);
  const out: string[] = [];
  if (v.roomJoin === true) {
    const who = typeof claims.sub === 'string' && claims.sub !== '' ? `as ${quoted(claims.sub)}` : 'but has no identity, which LiveKit refuses';
    out.push(typeof v.room === 'string' && v.room !== '' ? `Join room ${quoted(v.room)} ${who}` : `Join any room the client asks for ${who}`);
    const sources = Array.isArray(v.canPublishSources) && v.canPublishSources.length > 0 ? v.canPublishSources.map(String).join(', ') : 'every source';
    out.push(canPublish(claims) ? `Publish from ${sources}` : 'Not publish audio or video');
    out.push(canPublishData(claims) ? 'Send data messages' : 'Not send data messages');
    out.push(canSubscribe(claims) ? 'Subscribe to the other participants’ tracks' : 'Not subscribe to anyone');
    if (v.hidden === true) out.push('Stay hidden from the other participants');
    if (v.recorder === true) out.push('Count as a recorder');
  }
  if (v.roomAdmin === true) out.push(`Administer ${typeof v.room === 'string' && v.room !== '' ? `room ${quoted(v.room)}` : 'every room'}: remove participants, mute tracks, update metadata`);
  if (typeof v.destinationRoom === 'string') out.push(`Forward participants to room ${quoted(v.destinationRoom)}`);
  for (const ability of grantedAbilities(claims)) out.push(ability.charAt(0).toUpperCase() + ability.slice(1));
  const agents = claims.roomConfig?.agents;
  if (v.roomJoin === true && Array.isArray(agents)) {
    for (const agent of agents as unknown[]) {
      const name = isObject(agent) && typeof agent['agentName'] === 'string' && agent['agentName'] !== '' ? quoted(agent['agentName']) : 'the default agent (no name)';
      out.push(`Dispatch ${name} when its join creates the room`);
    }
  }
  return out;
}
