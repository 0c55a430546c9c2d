import {
  agentGrant,
  createToken,
  decodeToken,
  describeToken,
  formatDuration,
  isLiveKitTokenError,
  participantGrant,
  recorderGrant,
  roomAdminGrant,
  sipCallerToken,
  viewerGrant,
  parseTtl,
  SERVER_API_TTL,
  type RoomConfiguration,
  type TokenOptions,
  type TrackSource,
  type VideoGrant,
} from '../index.js';
import { E164 } from '../presets.js';
import type { BooleanGrantPath } from '../schema.js';
import { duration, flag, KEY_FLAGS, list, parse, parseJson, parseNow, quote, readFlagFile, str, type Parsed } from './args.js';
import { clientUrl } from './client-url.js';
import { EXIT, UsageError } from './errors.js';
import { json, line, paint, type Io } from './io.js';
import { resolveKey } from './keys.js';

const OPTIONS = {
  ...KEY_FLAGS,
  room: { type: 'string' },
  identity: { type: 'string' },
  name: { type: 'string' },
  join: { type: 'boolean' },
  admin: { type: 'boolean' },
  create: { type: 'boolean' },
  list: { type: 'boolean' },
  record: { type: 'boolean' },
  egress: { type: 'boolean' },
  ingress: { type: 'boolean' },
  'allow-source': { type: 'string', multiple: true },
  'allow-update-metadata': { type: 'boolean' },
  metadata: { type: 'string' },
  attribute: { type: 'string', multiple: true },
  'attribute-file': { type: 'string' },
  inference: { type: 'boolean' },
  'valid-for': { type: 'string' },
  grant: { type: 'string' },
  agent: { type: 'string', multiple: true },
  'job-metadata': { type: 'string' },
  deployment: { type: 'string' },
  kind: { type: 'string' },
  preset: { type: 'string' },
  phone: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  'token-only': { type: 'boolean' },
  'allow-empty': { type: 'boolean' },
  url: { type: 'string' },
  'room-config': { type: 'string' },
} as const;

/** The flags that grant something; without any of them, `--room` means "join this room". */
const PERMISSION_FLAGS = ['join', 'admin', 'create', 'list', 'record', 'egress', 'ingress'];

/**
 * Flags that each switch on one boolean grant, by the grant's path in the claim schema (checked
 * by the compiler). `lk` spells the Egress API permission both ways; both mean roomRecord.
 */
const GRANT_FLAGS = {
  admin: 'video.roomAdmin',
  create: 'video.roomCreate',
  list: 'video.roomList',
  record: 'video.roomRecord',
  egress: 'video.roomRecord',
  ingress: 'video.ingressAdmin',
  'allow-update-metadata': 'video.canUpdateOwnMetadata',
  inference: 'inference.perform',
} as const satisfies Record<string, BooleanGrantPath>;

/** Switches on the grants of the boolean grant flags given, in `options` and in `video`. */
function applyGrantFlags(p: Parsed, options: TokenOptions, video: VideoGrant): void {
  for (const [name, path] of Object.entries(GRANT_FLAGS)) {
    if (!flag(p, name)) continue;
    const [claim, field] = path.split('.') as [string, string];
    if (claim === 'video') (video as Record<string, unknown>)[field] = true;
    else (options as Record<string, unknown>)[claim] = { ...(options[claim as keyof TokenOptions] as object | undefined), [field]: true };
  }
}

/** The library's default lifetime in seconds (6 h), said here because the CLI prints it. */
const DEFAULT_TTL = 21600;

/**
 * Flags of the server APIs (RoomService, Egress, Ingress). A token with one of them and without
 * a room to join is for a backend call, so it lives as long as the server-API presets do.
 */
const SERVER_API_FLAGS = ['admin', 'create', 'list', 'record', 'egress', 'ingress'];

export const PRESETS = ['participant', 'viewer', 'admin', 'recorder', 'agent', 'sip'] as const;

/** Token options of a `--preset`: the role presets of the core, for `--room`. */
function presetOptions(p: Parsed, preset: string, room: string | undefined): TokenOptions {
  if (!(PRESETS as readonly string[]).includes(preset)) {
    throw new UsageError(`--preset must be one of ${PRESETS.join(', ')} (got ${quote(preset)})`);
  }
  if (!room) throw new UsageError(`--preset ${preset} needs --room`);
  switch (preset) {
    case 'viewer': return { video: viewerGrant(room) };
    case 'admin': return { video: roomAdminGrant(room) };
    case 'recorder': return { kind: 'egress', video: recorderGrant(room) };
    case 'agent': return { kind: 'agent', video: agentGrant(room) };
    case 'sip': {
      const phoneNumber = str(p, 'phone');
      if (!phoneNumber) throw new UsageError('--preset sip needs --phone (the caller’s number, E.164: +15551234567)');
      if (!E164.test(phoneNumber)) {
        throw new UsageError(`--phone must be an E.164 number: + then the country code and number, 7 to 15 digits, no spaces (e.g. +15551234567; got ${quote(phoneNumber)})`);
      }
      const [agentName] = list(p, 'agent');
      return sipCallerToken({ room, phoneNumber, agentName, identity: str(p, 'identity') });
    }
    default: return { video: participantGrant(room) };
  }
}

/**
 * The JSON object in the file a flag names. Errors name the flag: unreadable, not JSON, or not
 * an object (then `shape` says what it should hold).
 */
function jsonObjectFile(name: string, path: string, shape: string): object {
  let value: unknown;
  try {
    value = JSON.parse(readFlagFile(name, path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--${name}: ${quote(path)} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--${name} must hold ${shape}`);
  return value;
}

/** `--attribute-file`: a JSON object whose values are all strings, as LiveKit's attributes are. */
function attributeFile(path: string): Record<string, string> {
  const value = jsonObjectFile('attribute-file', path, 'a JSON object of strings, for example {"tier":"gold"}');
  // A fresh object without a prototype: a "__proto__" key is an attribute like any other.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new UsageError(`--attribute-file: the value of ${quote(key)} must be a string`);
    out[key] = v;
  }
  return out;
}

/** `--room-config FILE`: a RoomConfiguration JSON object; `createToken` checks its fields. */
const roomConfigFile = (path: string): RoomConfiguration =>
  jsonObjectFile('room-config', path, 'a JSON object (a RoomConfiguration), for example {"emptyTimeout":300}') as RoomConfiguration;

/** The file's RoomConfiguration under the flags' one: `--agent` dispatches come after the file's. */
function withRoomConfigFile(file: RoomConfiguration, fromFlags: RoomConfiguration | undefined): RoomConfiguration {
  const merged: RoomConfiguration = { ...file, ...fromFlags };
  const fileAgents: unknown = file.agents;
  // Not a list: kept as written, for createToken to name roomConfig.agents.
  if (fromFlags?.agents !== undefined && fileAgents !== undefined) merged.agents = Array.isArray(fileAgents) ? [...(fileAgents as typeof fromFlags.agents), ...fromFlags.agents] : file.agents;
  return merged;
}

/** Attributes: the preset's, then `--attribute-file`, then each `--attribute key=value`. */
function attributes(p: Parsed, base: Record<string, string> | undefined): Record<string, string> | undefined {
  const pairs = list(p, 'attribute');
  const file = str(p, 'attribute-file');
  if (pairs.length === 0 && file === undefined) return base;
  const out: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, base, file === undefined ? {} : attributeFile(file));
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--attribute must be key=value (got ${quote(pair)})`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { ...out };
}

/** `--job-metadata` and `--deployment` go on every agent dispatch, as in `lk token create`. */
function dispatchOptions(p: Parsed, options: TokenOptions): void {
  const jobMetadata = str(p, 'job-metadata');
  const deployment = str(p, 'deployment');
  if (jobMetadata === undefined && deployment === undefined) return;
  const agents = options.roomConfig?.agents;
  if (!agents || agents.length === 0) throw new UsageError(`${jobMetadata !== undefined ? '--job-metadata' : '--deployment'} applies to an agent dispatch: add --agent NAME`);
  const extra = { ...(jobMetadata !== undefined && { metadata: jobMetadata }), ...(deployment !== undefined && { deployment }) };
  options.roomConfig = { ...options.roomConfig, agents: agents.map((agent) => ({ ...agent, ...extra })) };
}

/** Whether the options grant anything: a `video`, `sip`, `agent`, `inference` or `observability` claim. */
const grantsSomething = (o: TokenOptions) =>
  o.video !== undefined || o.sip !== undefined || o.agent !== undefined || o.inference !== undefined || o.observability !== undefined;

/** Whether the token is for server APIs only: a server-API flag and no room to join. */
const isServerApiToken = (p: Parsed, options: TokenOptions) => SERVER_API_FLAGS.some((f) => flag(p, f)) && options.video?.roomJoin !== true;

/** Builds `createToken` options from the flags: preset, then `--grant`, then single flags. */
export function tokenOptions(p: Parsed): TokenOptions {
  const room = str(p, 'room');
  const preset = str(p, 'preset');
  const options: TokenOptions = preset ? presetOptions(p, preset, room) : {};

  let grant: VideoGrant = {};
  const grantText = str(p, 'grant');
  if (grantText !== undefined) {
    const value = parseJson('grant', grantText);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--grant must be a JSON object of video grant fields, for example \'{"canPublish":false}\'');
    grant = value as VideoGrant;
  }
  const implied = !preset && room !== undefined && !('roomJoin' in grant) && !PERMISSION_FLAGS.some((f) => flag(p, f));
  // roomJoin and room first: the order LiveKit's SDKs write them in, easiest to read.
  const first: VideoGrant = flag(p, 'join') || implied ? { roomJoin: true } : {};
  if (room !== undefined) first.room = room;
  const video: VideoGrant = { ...first, ...options.video, ...grant, ...first };
  applyGrantFlags(p, options, video);
  const sources = list(p, 'allow-source').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (sources.length > 0) video.canPublishSources = sources as TrackSource[];
  if (Object.keys(video).length > 0) options.video = video;

  const identity = str(p, 'identity') ?? options.identity;
  if (options.video?.roomJoin && !identity) {
    throw new UsageError(`--identity is required to join a room${implied ? ' (--room alone means --join; add --admin, --record … for a server token)' : ''}`);
  }
  if (options.video?.roomJoin && !options.video.room) throw new UsageError('--join needs --room');
  if (identity !== undefined) options.identity = identity;
  const name = str(p, 'name');
  if (name !== undefined) options.name = name;
  // Metadata is a string on the wire; it is passed through exactly as typed.
  const metadata = str(p, 'metadata');
  if (metadata !== undefined) options.metadata = metadata;
  const attrs = attributes(p, options.attributes);
  if (attrs !== undefined) options.attributes = attrs;
  const kind = str(p, 'kind');
  if (kind !== undefined) options.kind = kind as TokenOptions['kind'];
  const agents = preset === 'sip' ? [] : list(p, 'agent');
  if (agents.length > 0) options.roomConfig = { ...options.roomConfig, agents: agents.map((agentName) => ({ agentName })) };
  dispatchOptions(p, options);
  const roomConfigPath = str(p, 'room-config');
  if (roomConfigPath !== undefined) options.roomConfig = withRoomConfigFile(roomConfigFile(roomConfigPath), options.roomConfig);
  const validFor = duration('valid-for', str(p, 'valid-for'));
  if (validFor !== undefined) options.ttl = `${validFor}s`; // parsed: `--valid-for 30s` stays 30 seconds
  else if (isServerApiToken(p, options)) options.ttl = SERVER_API_TTL;
  const now = parseNow(str(p, 'now'));
  if (now !== undefined) options.now = now;
  if (!grantsSomething(options) && !flag(p, 'allow-empty')) {
    throw new UsageError(
      'this token would grant nothing (no video, sip, agent, inference or observability claim): add --room ROOM --identity ID to join a room, ' +
        'a server permission such as --list, --create, --admin, --record or --ingress, --inference, or --grant JSON; --allow-empty mints it anyway',
    );
  }
  return options;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** `createToken`, with a bad `--room-config` field reported against the flag and its file. */
async function mint(p: Parsed, key: Awaited<ReturnType<typeof resolveKey>>, options: TokenOptions): Promise<string> {
  try {
    return await createToken(key, options);
  } catch (e) {
    const path = str(p, 'room-config');
    if (path !== undefined && isLiveKitTokenError(e) && e.message.startsWith('roomConfig')) throw new UsageError(`--room-config ${quote(path)}: ${e.code}: ${e.message}`);
    throw e;
  }
}

/** Why the token lives as long as it does, for the note on stderr. */
function lifetimeNote(p: Parsed, options: TokenOptions, lifetime: number): string {
  if (options.ttl === undefined) return `the default lifetime ${formatDuration(DEFAULT_TTL)}; change it with --valid-for`;
  if (str(p, 'valid-for') === undefined && isServerApiToken(p, options)) {
    return `the default lifetime of a server-API token ${formatDuration(parseTtl(SERVER_API_TTL))}; change it with --valid-for`;
  }
  return `lifetime ${formatDuration(lifetime)}`;
}

/** `livekit-token create`: mints a token and prints it (or `--json`, or `--token-only`). */
export async function create(argv: string[], io: Io): Promise<number> {
  const p = parse('create', argv, OPTIONS);
  if (flag(p, 'json') && flag(p, 'token-only')) throw new UsageError('use either --json or --token-only, not both');
  // Read first: a padded value is refused before any other check, as a padded secret is.
  const url = flag(p, 'json') || str(p, 'url') !== undefined ? clientUrl(p, io, 'url', ['LIVEKIT_URL']) : undefined;
  const options = tokenOptions(p);
  const key = await resolveKey(p, io);
  const token = await mint(p, key, options);
  if (flag(p, 'token-only')) {
    // For scripts: the token and its newline, nothing else on either stream.
    io.stdout.write(`${token}\n`);
    return EXIT.ok;
  }
  const { claims } = decodeToken(token);
  const exp = claims.exp!;
  if (flag(p, 'json')) {
    json(io.stdout, { token, url: url ?? null, identity: claims.sub ?? null, room: claims.video?.room ?? null, expiresAt: iso(exp), claims });
  } else {
    line(io.stdout, token);
  }
  // Notes go to stderr so that `TOKEN=$(livekit-token create …)` captures the token alone.
  const why = lifetimeNote(p, options, exp - claims.nbf!);
  line(io.stderr, paint('dim', describeToken(claims, { now: claims.nbf! * 1000 })));
  line(io.stderr, paint('dim', `expires ${iso(exp)} (${why})`));
  return EXIT.ok;
}
