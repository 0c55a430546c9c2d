import {
  type AgentGrant,
  type ApiKey,
  type InferenceGrant,
  type KindDetail,
  type ObservabilityGrant,
  type ParticipantKind,
  type RoomConfiguration,
  type SIPGrant,
  type TokenOptions,
} from '../index.js';
import { fail } from '../errors.js';
import { mint } from '../jwt/create.js';
import { stringifyJson } from '../lib/json.js';
import { wholeTtl } from '../ttl.js';
import { toSeconds } from './duration.js';
import { readEnv } from './env.js';
import { sourceNames } from './sources.js';
import type { AccessTokenOptions, KindInput, RoomConfigInput, VideoGrant } from './types.js';

/** The grants added so far, kept as the caller gave them. */
interface Grants {
  video?: VideoGrant;
  sip?: SIPGrant;
  agent?: AgentGrant;
  inference?: InferenceGrant;
  observability?: ObservabilityGrant;
}

/**
 * The SDK's TTL grammar (jose's spans) instead of the core's, then the core's range check. Its
 * refusal shows the SDK's spellings: compound spans such as '1h30m' are not among them.
 */
const readTtl = (ttl: number | string): number =>
  wholeTtl(toSeconds(ttl), "ttl is not a duration: use seconds, or a span such as '10m', '2 hours' or '7d'");
/** The SDK has no `now` option: a token starts when it is signed. */
const currentSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Drop-in replacement for livekit-server-sdk's `AccessToken`, built on the core's minting: the same
 * constructor, methods, accessors, defaults (TTL `'6h'`) and emitted claims, minus the SDK's
 * Node-only environment access and its defects (see docs/migration.md).
 *
 * The API key and secret default to `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET` where an environment
 * exists; without either, the constructor throws `ERR_INVALID_OPTIONS` naming both variables.
 *
 * @example
 * ```ts
 * import { AccessToken } from 'livekit-token/compat';
 * import { TrackSource } from '@livekit/protocol'; // the SDK's enum keeps working
 *
 * const at = new AccessToken(apiKey, apiSecret, { identity: 'alice', name: 'Alice', ttl: '10m' });
 * at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: [TrackSource.MICROPHONE] });
 * const token = await at.toJwt();
 * ```
 */
export class AccessToken {
  // True private fields: the secret never shows up in console.log, util.inspect or JSON.stringify.
  readonly #key: ApiKey;
  readonly #grants: Grants = {};
  readonly #maxTokenBytes: number | undefined;

  /** Participant identity (`sub`); an empty string counts as none, as in the SDK. */
  identity?: string | undefined;

  /** Lifetime: a span string such as `'6h'`, or seconds. Numbers given to the constructor become `'<n>s'`. */
  ttl: number | string;

  /**
   * @param apiKey - API key; falls back to `LIVEKIT_API_KEY` when empty or absent.
   * @param apiSecret - API secret; falls back to `LIVEKIT_API_SECRET` when empty or absent.
   * @param options - identity, name, ttl, metadata, attributes.
   */
  constructor(apiKey?: string, apiSecret?: string, options?: AccessTokenOptions) {
    const key = apiKey || readEnv('LIVEKIT_API_KEY');
    const secret = apiSecret || readEnv('LIVEKIT_API_SECRET');
    if (!key || !secret) fail('ERR_INVALID_OPTIONS', 'API key and secret missing: pass them or set LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
    this.#key = { apiKey: key, apiSecret: secret };
    this.identity = options?.identity;
    // Falsy TTLs (0, '') mean the default, and numbers are kept as '<n>s', exactly as the SDK does.
    const ttl = options?.ttl || '6h';
    this.ttl = typeof ttl === 'number' ? `${ttl}s` : ttl;
    // The SDK only takes these options when they are truthy: '' stays unset.
    if (options?.metadata) this.metadata = options.metadata;
    if (options?.attributes) this.attributes = options.attributes;
    if (options?.name) this.name = options.name;
    this.allowSensitiveCredentials = options?.allowSensitiveCredentials;
    this.#maxTokenBytes = options?.maxTokenBytes;
  }

  /**
   * Adds video (room) permissions, merged over earlier ones. `canPublishSources` takes names or
   * protobuf `TrackSource` numbers.
   *
   * @example
   * ```ts
   * at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] });
   * ```
   */
  addGrant(grant: VideoGrant): void {
    this.#merge('video', grant);
  }

  /**
   * Adds SIP permissions, merged over earlier ones.
   *
   * @example
   * ```ts
   * at.addSIPGrant({ admin: true });
   * ```
   */
  addSIPGrant(grant: SIPGrant): void {
    this.#merge('sip', grant);
  }

  /**
   * Adds Agents API permissions (the `agent` claim), merged over earlier ones. Not in the
   * official SDK, which cannot emit this claim.
   *
   * @example
   * ```ts
   * at.addAgentGrant({ admin: true });
   * ```
   */
  addAgentGrant(grant: AgentGrant): void {
    this.#merge('agent', grant);
  }

  /**
   * Adds LiveKit Inference permissions, merged over earlier ones.
   *
   * @example
   * ```ts
   * at.addInferenceGrant({ perform: true });
   * ```
   */
  addInferenceGrant(grant: InferenceGrant): void {
    this.#merge('inference', grant);
  }

  /**
   * Adds observability permissions, merged over earlier ones.
   *
   * @example
   * ```ts
   * at.addObservabilityGrant({ write: true });
   * ```
   */
  addObservabilityGrant(grant: ObservabilityGrant): void {
    this.#merge('observability', grant);
  }

  /** Merges `grant` over the earlier grant of the same claim, into a new object. */
  #merge<C extends keyof Grants>(claim: C, grant: Grants[C]): void {
    this.#grants[claim] = { ...this.#grants[claim], ...grant };
  }

  // Plain fields where the SDK has accessors: reading and assigning work the same.
  /** Display name (`name` claim). */
  name?: string | undefined;
  /** Participant metadata, used when joining. */
  metadata?: string | undefined;
  /** Participant attributes. */
  attributes?: Record<string, string> | undefined;
  /** Participant kind, e.g. `'agent'` or `'sip'`. */
  kind?: KindInput | undefined;
  /** Base64 SHA-256 of a body (webhook tokens). */
  sha256?: string | undefined;
  /** Name of a room preset defined on the server. */
  roomPreset?: string | undefined;
  /** Room configuration: a plain object or a protobuf `RoomConfiguration`. */
  roomConfig?: RoomConfigInput | undefined;
  /** More about the participant kind, e.g. `['cloud_agent']` (the `kindDetails` claim). */
  kindDetails?: KindDetail[] | undefined;
  /**
   * Let `roomConfig.egress` carry storage credentials or stream outputs, which `toJwt()` refuses
   * by default (like the Go SDK's `SetAllowSensitiveCredentials`).
   */
  allowSensitiveCredentials?: boolean | undefined;

  /**
   * Signs the token. Can be called any number of times; each call reads the clock, so
   * `nbf`/`exp` are those of the call. Rejects with a `LiveKitTokenError`
   * (`ERR_INVALID_OPTIONS` naming the field, `ERR_TTL_INVALID`), e.g. for `roomJoin`
   * without an identity.
   *
   * @example
   * ```ts
   * const token = await at.toJwt();
   * ```
   */
  async toJwt(): Promise<string> {
    const { video, ...grants } = this.#grants;
    const { roomConfig } = this;
    const options: TokenOptions = {
      ...grants,
      identity: this.identity || undefined,
      name: this.name,
      metadata: this.metadata,
      attributes: this.attributes,
      kind: this.kind as ParticipantKind | undefined,
      kindDetails: this.kindDetails,
      allowSensitiveCredentials: this.allowSensitiveCredentials,
      maxTokenBytes: this.#maxTokenBytes,
      sha256: this.sha256,
      roomPreset: this.roomPreset,
      ttl: this.ttl,
      // Copies, never writes into the caller's grant: a second toJwt() sees the same input.
      video: video && { ...video, canPublishSources: sourceNames(video.canPublishSources) },
      // What the SDK's JSON.stringify emits: protobuf messages through their toJSON().
      roomConfig: roomConfig === undefined ? undefined : (JSON.parse(stringifyJson(roomConfig, 'roomConfig')) as RoomConfiguration),
    };
    return mint(this.#key, options, readTtl, currentSeconds);
  }
}
