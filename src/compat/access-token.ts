import {
  createToken,
  LiveKitTokenError,
  type AgentGrant,
  type ApiKey,
  type InferenceGrant,
  type ObservabilityGrant,
  type ParticipantKind,
  type RoomConfiguration,
  type SIPGrant,
  type TokenOptions,
} from '../index.js';
import { toSeconds } from './duration.js';
import { readEnv } from './env.js';
import { sourceNames } from './sources.js';
import type { AccessTokenOptions, KindInput, RoomConfigInput, VideoGrant } from './types.js';

/** What the token will say besides identity and TTL, kept as the caller gave it. */
interface Claims {
  name?: string | undefined;
  metadata?: string | undefined;
  attributes?: Record<string, string> | undefined;
  kind?: KindInput | undefined;
  sha256?: string | undefined;
  roomPreset?: string | undefined;
  roomConfig?: RoomConfigInput | undefined;
  video?: VideoGrant;
  sip?: SIPGrant;
  agent?: AgentGrant;
  inference?: InferenceGrant;
  observability?: ObservabilityGrant;
}

/**
 * Drop-in replacement for livekit-server-sdk's `AccessToken`, built on `createToken`: the same
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
  readonly #claims: Claims = {};

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
    if (!key || !secret) {
      throw new LiveKitTokenError(
        'ERR_INVALID_OPTIONS',
        'API key and secret missing: pass them to new AccessToken() or set LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
      );
    }
    this.#key = { apiKey: key, apiSecret: secret };
    this.identity = options?.identity;
    // Falsy TTLs (0, '') mean the default, and numbers are kept as '<n>s', exactly as the SDK does.
    const ttl = options?.ttl || '6h';
    this.ttl = typeof ttl === 'number' ? `${ttl}s` : ttl;
    // The SDK only takes these options when they are truthy: '' stays unset.
    if (options?.metadata) this.#claims.metadata = options.metadata;
    if (options?.attributes) this.#claims.attributes = options.attributes;
    if (options?.name) this.#claims.name = options.name;
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
    this.#claims.video = { ...this.#claims.video, ...grant };
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
    this.#claims.sip = { ...this.#claims.sip, ...grant };
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
    this.#claims.agent = { ...this.#claims.agent, ...grant };
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
    this.#claims.inference = { ...this.#claims.inference, ...grant };
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
    this.#claims.observability = { ...this.#claims.observability, ...grant };
  }

  /** Display name (`name` claim). */
  get name(): string | undefined { return this.#claims.name; }
  set name(name: string | undefined) { this.#claims.name = name; }

  /** Participant metadata, used when joining. */
  get metadata(): string | undefined { return this.#claims.metadata; }
  set metadata(metadata: string | undefined) { this.#claims.metadata = metadata; }

  /** Participant attributes. */
  get attributes(): Record<string, string> | undefined { return this.#claims.attributes; }
  set attributes(attributes: Record<string, string> | undefined) { this.#claims.attributes = attributes; }

  /** Participant kind, e.g. `'agent'` or `'sip'`. */
  get kind(): KindInput | undefined { return this.#claims.kind; }
  set kind(kind: KindInput | undefined) { this.#claims.kind = kind; }

  /** Base64 SHA-256 of a body (webhook tokens). */
  get sha256(): string | undefined { return this.#claims.sha256; }
  set sha256(sha256: string | undefined) { this.#claims.sha256 = sha256; }

  /** Name of a room preset defined on the server. */
  get roomPreset(): string | undefined { return this.#claims.roomPreset; }
  set roomPreset(preset: string | undefined) { this.#claims.roomPreset = preset; }

  /** Room configuration: a plain object or a protobuf `RoomConfiguration`. */
  get roomConfig(): RoomConfigInput | undefined { return this.#claims.roomConfig; }
  set roomConfig(config: RoomConfigInput | undefined) { this.#claims.roomConfig = config; }

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
    const { video, roomConfig, kind, ...rest } = this.#claims;
    const options: TokenOptions = {
      ...rest,
      identity: this.identity || undefined,
      kind: kind as ParticipantKind | undefined,
      ttl: toSeconds(this.ttl),
      // Copies, never writes into the caller's grant: a second toJwt() sees the same input.
      video: video && { ...video, canPublishSources: sourceNames(video.canPublishSources) },
      // What the SDK's JSON.stringify emits: protobuf messages through their toJSON().
      roomConfig: roomConfig === undefined ? undefined : (JSON.parse(JSON.stringify(roomConfig)) as RoomConfiguration),
    };
    return createToken(this.#key, options);
  }
}
