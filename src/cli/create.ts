import {
  agentGrant,
  createToken,
  decodeToken,
  describeToken,
  formatDuration,
  parseTtl,
  participantGrant,
  recorderGrant,
  roomAdminGrant,
  sipCallerToken,
  viewerGrant,
  type TokenOptions,
  type TrackSource,
  type VideoGrant,
} from '../index.js';
import { flag, KEY_FLAGS, list, parse, parseJson, parseNow, str, type Parsed } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { line, paint, type Io } from './io.js';
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
  'valid-for': { type: 'string' },
  grant: { type: 'string' },
  agent: { type: 'string', multiple: true },
  kind: { type: 'string' },
  preset: { type: 'string' },
  phone: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The flags that grant something; without any of them, `--room` means "join this room". */
const PERMISSION_FLAGS = ['join', 'admin', 'create', 'list', 'record', 'egress', 'ingress'];

/** The library's default lifetime, said here because the CLI prints it. */
const DEFAULT_TTL = '6h';

export const PRESETS = ['participant', 'viewer', 'admin', 'recorder', 'agent', 'sip'] as const;

/** Token options of a `--preset`: the role presets of the core, for `--room`. */
function presetOptions(p: Parsed, preset: string, room: string | undefined): TokenOptions {
  if (!(PRESETS as readonly string[]).includes(preset)) {
    throw new UsageError(`--preset must be one of ${PRESETS.join(', ')} (got ${JSON.stringify(preset.slice(0, 40))})`);
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
      const [agentName] = list(p, 'agent');
      return sipCallerToken({ room, phoneNumber, agentName, identity: str(p, 'identity') });
    }
    default: return { video: participantGrant(room) };
  }
}

function attributes(pairs: string[], base: Record<string, string> | undefined): Record<string, string> | undefined {
  if (pairs.length === 0) return base;
  const out = { ...base };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--attribute must be key=value (got ${JSON.stringify(pair.slice(0, 40))})`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

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
  if (flag(p, 'admin')) video.roomAdmin = true;
  if (flag(p, 'create')) video.roomCreate = true;
  if (flag(p, 'list')) video.roomList = true;
  // `lk` spells the Egress API permission both ways; both mean roomRecord.
  if (flag(p, 'record') || flag(p, 'egress')) video.roomRecord = true;
  if (flag(p, 'ingress')) video.ingressAdmin = true;
  if (flag(p, 'allow-update-metadata')) video.canUpdateOwnMetadata = true;
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
  const attrs = attributes(list(p, 'attribute'), options.attributes);
  if (attrs !== undefined) options.attributes = attrs;
  const kind = str(p, 'kind');
  if (kind !== undefined) options.kind = kind as TokenOptions['kind'];
  const agents = preset === 'sip' ? [] : list(p, 'agent');
  if (agents.length > 0) options.roomConfig = { ...options.roomConfig, agents: agents.map((agentName) => ({ agentName })) };
  const validFor = str(p, 'valid-for');
  if (validFor !== undefined) {
    try {
      parseTtl(validFor);
    } catch {
      throw new UsageError(`--valid-for must be a duration such as 90s, 10m, 1.5h, 2d or PT1H30M (got ${JSON.stringify(validFor.slice(0, 40))})`);
    }
    options.ttl = validFor;
  }
  const now = parseNow(str(p, 'now'));
  if (now !== undefined) options.now = now;
  return options;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** `livekit-token create`: mints a token and prints it (or `--json`). */
export async function create(argv: string[], io: Io): Promise<number> {
  const p = parse('create', argv, OPTIONS);
  const options = tokenOptions(p);
  const key = resolveKey(p, io);
  const token = await createToken(key, options);
  const { claims } = decodeToken(token);
  const exp = claims.exp!;
  if (flag(p, 'json')) {
    const result = { token, identity: claims.sub ?? null, room: claims.video?.room ?? null, expiresAt: iso(exp), claims };
    line(io.stdout, JSON.stringify(result, null, 2));
  } else {
    line(io.stdout, token);
  }
  // Notes go to stderr so that `TOKEN=$(livekit-token create …)` captures the token alone.
  const lifetime = formatDuration(exp - claims.nbf!);
  const why = options.ttl === undefined ? `the default lifetime ${formatDuration(parseTtl(DEFAULT_TTL))}; change it with --valid-for` : `lifetime ${lifetime}`;
  line(io.stderr, paint(io.stderr, 'dim', `${describeToken(claims, { now: claims.nbf! * 1000 })}`));
  line(io.stderr, paint(io.stderr, 'dim', `expires ${iso(exp)} (${why})`));
  return EXIT.ok;
}
