// Types for every grant a LiveKit access token can carry. Field meanings follow LiveKit's
// protocol (livekit/protocol auth grants); "absent" means the key is not in the token.

/**
 * Where a participant may publish from. An empty or absent list allows every source.
 *
 * @example
 * ```ts
 * const audioOnly: TrackSource[] = ['microphone'];
 * const video: VideoGrant = { roomJoin: true, room: 'radio', canPublishSources: audioOnly };
 * ```
 */
export type TrackSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/**
 * What kind of participant the token is for. Absent means `'standard'`.
 *
 * @example
 * ```ts
 * const kind: ParticipantKind = 'agent';
 * await createToken(key, { identity: 'agent-1', kind, video: agentGrant('support') });
 * ```
 */
export type ParticipantKind = 'standard' | 'ingress' | 'egress' | 'sip' | 'agent' | 'connector' | 'bridge';

/**
 * More about a participant's kind (the `kindDetails` claim): how an agent runs, or what kind
 * of connector or bridge it is. Newer LiveKit servers may send values not listed here.
 *
 * @example
 * ```ts
 * const kindDetails: KindDetail[] = ['cloud_agent'];
 * await createToken(key, { identity: 'agent-1', kind: 'agent', kindDetails });
 * ```
 */
export type KindDetail = 'cloud_agent' | 'forwarded' | 'connector_whatsapp' | 'connector_twilio' | 'bridge_rtsp' | 'simulation';

/**
 * The `video` claim: room access and room-service permissions.
 *
 * @example
 * ```ts
 * const video: VideoGrant = { roomJoin: true, room: 'demo', canPublishSources: ['camera', 'microphone'] };
 * await createToken(key, { identity: 'alice', video });
 * ```
 */
export interface VideoGrant {
  /** May create rooms through the RoomService API. Absent: false. */
  roomCreate?: boolean | undefined;
  /** May list rooms through the RoomService API. Absent: false. */
  roomList?: boolean | undefined;
  /** May start and manage recordings (Egress API). Absent: false. */
  roomRecord?: boolean | undefined;
  /** May administer `room` (remove participants, mute tracks, update metadata). Absent: false. */
  roomAdmin?: boolean | undefined;
  /** May join `room` as a participant. Requires `room` and an identity. Absent: false. */
  roomJoin?: boolean | undefined;
  /** The room this grant applies to (join, admin). At most 256 UTF-8 bytes. */
  room?: string | undefined;
  /** The room a participant may be forwarded to (used with `roomAdmin` for ForwardParticipant). */
  destinationRoom?: string | undefined;
  /** May publish tracks. Absent: true. */
  canPublish?: boolean | undefined;
  /** May subscribe to other participants' tracks. Absent: true. */
  canSubscribe?: boolean | undefined;
  /** May publish data messages. Absent: the effective value of `canPublish`. */
  canPublishData?: boolean | undefined;
  /** Sources the participant may publish from. Empty or absent: every source. */
  canPublishSources?: TrackSource[] | undefined;
  /** May update its own name, metadata and attributes from the client. Absent: false. */
  canUpdateOwnMetadata?: boolean | undefined;
  /** May use the Ingress API. Absent: false. */
  ingressAdmin?: boolean | undefined;
  /** Hidden from other participants (they do not see it join). Absent: false. */
  hidden?: boolean | undefined;
  /** Marks the participant as a recorder. Absent: false. */
  recorder?: boolean | undefined;
  /** Marks the participant as an agent (legacy flag; prefer `kind: 'agent'`). Absent: false. */
  agent?: boolean | undefined;
  /** May subscribe to other participants' metrics. Absent: false. */
  canSubscribeMetrics?: boolean | undefined;
  /** May manage agent sessions in the room. Absent: false. */
  canManageAgentSession?: boolean | undefined;
}

/**
 * The `sip` claim: access to the SIP (telephony) API.
 *
 * @example
 * ```ts
 * const sip: SIPGrant = { call: true }; // place outbound calls, no trunk administration
 * await createToken(key, { sip, ttl: '10m' });
 * ```
 */
export interface SIPGrant {
  /** May manage SIP trunks and dispatch rules. Absent: false. */
  admin?: boolean | undefined;
  /** May place outbound SIP calls. Absent: false. */
  call?: boolean | undefined;
}

/**
 * The `agent` claim: access to the Agents API.
 *
 * @example
 * ```ts
 * const agent: AgentGrant = { admin: true };
 * await createToken(key, { agent, ttl: '10m' });
 * ```
 */
export interface AgentGrant {
  /** May manage agents and their dispatches. Absent: false. */
  admin?: boolean | undefined;
  /** May run agent simulations. Absent: false. */
  simulationAdmin?: boolean | undefined;
  /** May administer agent databases. Absent: false. */
  databaseAdmin?: boolean | undefined;
  /** May manage the project's agent dispatch queue (queue jobs, list and cancel them). Absent: false. */
  dispatchAdmin?: boolean | undefined;
}

/**
 * The `inference` claim: access to LiveKit Inference.
 *
 * @example
 * ```ts
 * const inference: InferenceGrant = { perform: true };
 * await createToken(key, { identity: 'agent-1', kind: 'agent', inference });
 * ```
 */
export interface InferenceGrant {
  /** May perform inference requests. Absent: false. */
  perform?: boolean | undefined;
}

/**
 * The `observability` claim: access to observability data.
 *
 * @example
 * ```ts
 * const observability: ObservabilityGrant = { write: true };
 * await createToken(key, { identity: 'agent-1', kind: 'agent', observability });
 * ```
 */
export interface ObservabilityGrant {
  /** May write observability data (logs, traces, metrics). Absent: false. */
  write?: boolean | undefined;
}

/**
 * One agent dispatched into the room when the token's holder creates it.
 *
 * @example
 * ```ts
 * const dispatch: RoomAgentDispatch = { agentName: 'receptionist', metadata: JSON.stringify({ language: 'en' }) };
 * ```
 */
export interface RoomAgentDispatch {
  /** Name the agent worker registered with. Absent or `''`: the agent registered without a name. */
  agentName?: string | undefined;
  /** Free-form metadata handed to the agent job. */
  metadata?: string | undefined;
  /** Job restart policy as LiveKit's protobuf JSON spells it. */
  restartPolicy?: string | number | undefined;
  /** Deployment to dispatch to. */
  deployment?: string | undefined;
  /** Attributes handed to the agent. */
  attributes?: Record<string, string> | undefined;
}

/**
 * The `roomConfig` claim: applied when the token's holder causes the room to be created.
 *
 * @example
 * ```ts
 * const roomConfig: RoomConfiguration = { maxParticipants: 2, emptyTimeout: 60, agents: [{ agentName: 'receptionist' }] };
 * await createToken(key, { identity: 'caller', video: participantGrant('call-1'), roomConfig });
 * ```
 */
export interface RoomConfiguration {
  /** Room name (normally equal to `video.room`). */
  name?: string | undefined;
  /** Seconds to keep the room open when nobody joins. */
  emptyTimeout?: number | undefined;
  /** Seconds to keep the room open after the last participant leaves. */
  departureTimeout?: number | undefined;
  /** Participant limit, excluding egress and agent participants. 0 means no limit. */
  maxParticipants?: number | undefined;
  /** Room metadata. */
  metadata?: string | undefined;
  /**
   * Egress (recording, streaming) started automatically with the room. `createToken` refuses
   * storage credentials and stream outputs here unless `allowSensitiveCredentials` is set:
   * anyone holding the token can read them.
   */
  egress?: RoomEgress | undefined;
  /** Minimum subscriber playout delay, milliseconds. */
  minPlayoutDelay?: number | undefined;
  /** Maximum subscriber playout delay, milliseconds. */
  maxPlayoutDelay?: number | undefined;
  /** Improve A/V sync when playout delay is large (disables transceiver reuse). */
  syncStreams?: boolean | undefined;
  /** Agents to dispatch into the room. */
  agents?: RoomAgentDispatch[] | undefined;
  /** Tags attached to the room. */
  tags?: Record<string, string> | undefined;
}

/**
 * Credentials and settings of an S3 (or S3-compatible) upload, as LiveKit's protobuf JSON
 * spells them. Other fields of the protocol pass as they are.
 *
 * @example
 * ```ts
 * const s3: S3Upload = { bucket: 'recordings', region: 'eu-west-1' }; // credentials stay on the egress side
 * ```
 */
export interface S3Upload {
  accessKey?: string | undefined;
  /** A credential: refused by `createToken` unless `allowSensitiveCredentials` is set. */
  secret?: string | undefined;
  sessionToken?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  bucket?: string | undefined;
  forcePathStyle?: boolean | undefined;
  [field: string]: unknown;
}

/**
 * A Google Cloud Storage upload.
 *
 * @example
 * ```ts
 * const gcp: GCPUpload = { bucket: 'recordings' };
 * ```
 */
export interface GCPUpload {
  /** A credential (service account JSON): refused by `createToken` unless `allowSensitiveCredentials` is set. */
  credentials?: string | undefined;
  bucket?: string | undefined;
  [field: string]: unknown;
}

/**
 * An Azure Blob Storage upload.
 *
 * @example
 * ```ts
 * const azure: AzureBlobUpload = { accountName: 'media', containerName: 'recordings' };
 * ```
 */
export interface AzureBlobUpload {
  accountName?: string | undefined;
  /** A credential: refused by `createToken` unless `allowSensitiveCredentials` is set. */
  accountKey?: string | undefined;
  containerName?: string | undefined;
  [field: string]: unknown;
}

/**
 * An Alibaba Cloud OSS upload.
 *
 * @example
 * ```ts
 * const aliOSS: AliOSSUpload = { bucket: 'recordings', region: 'oss-cn-hangzhou' };
 * ```
 */
export interface AliOSSUpload {
  accessKey?: string | undefined;
  /** A credential: refused by `createToken` unless `allowSensitiveCredentials` is set. */
  secret?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  bucket?: string | undefined;
  [field: string]: unknown;
}

/**
 * Where an egress writes its files: one of the storage uploads (none: the egress service's
 * own default storage). File, segment and image outputs all have this shape.
 *
 * @example
 * ```ts
 * const output: EgressOutput = { filepath: 'rooms/{room_name}/{time}.mp4', s3: { bucket: 'recordings' } };
 * ```
 */
export interface EgressOutput {
  filepath?: string | undefined;
  s3?: S3Upload | undefined;
  gcp?: GCPUpload | undefined;
  azure?: AzureBlobUpload | undefined;
  aliOSS?: AliOSSUpload | undefined;
  [field: string]: unknown;
}

/**
 * A room composite egress started with the room (protobuf `RoomCompositeEgressRequest`).
 *
 * @example
 * ```ts
 * const room: RoomCompositeEgress = { layout: 'speaker', fileOutputs: [{ filepath: '{room_name}.mp4' }] };
 * ```
 */
export interface RoomCompositeEgress {
  layout?: string | undefined;
  audioOnly?: boolean | undefined;
  videoOnly?: boolean | undefined;
  customBaseUrl?: string | undefined;
  fileOutputs?: EgressOutput[] | undefined;
  segmentOutputs?: EgressOutput[] | undefined;
  imageOutputs?: EgressOutput[] | undefined;
  /** Stream outputs carry their stream keys in their URLs: refused unless `allowSensitiveCredentials` is set. */
  streamOutputs?: Record<string, unknown>[] | undefined;
  [field: string]: unknown;
}

/**
 * An egress of each participant, started as they join (protobuf `AutoParticipantEgress`).
 *
 * @example
 * ```ts
 * const participant: AutoParticipantEgress = { fileOutputs: [{ filepath: '{publisher_identity}.mp4' }] };
 * ```
 */
export interface AutoParticipantEgress {
  fileOutputs?: EgressOutput[] | undefined;
  segmentOutputs?: EgressOutput[] | undefined;
  [field: string]: unknown;
}

/**
 * An egress of each track, started as it is published (protobuf `AutoTrackEgress`); the
 * storage upload sits on the message itself.
 *
 * @example
 * ```ts
 * const tracks: AutoTrackEgress = { filepath: '{track_id}-{time}', gcp: { bucket: 'tracks' } };
 * ```
 */
export interface AutoTrackEgress extends EgressOutput {
  disableManifest?: boolean | undefined;
}

/**
 * The `roomConfig.egress` claim (protobuf `RoomEgress`): egress started automatically with the
 * room. Each member is an open record: fields of the protocol not typed here pass as they are.
 *
 * @example
 * ```ts
 * const egress: RoomEgress = { room: { fileOutputs: [{ filepath: '{room_name}.mp4' }] } };
 * await createToken(key, { identity: 'host', video: participantGrant('show'), roomConfig: { egress } });
 * ```
 */
export interface RoomEgress {
  /** Record the whole room. */
  room?: RoomCompositeEgress | undefined;
  /** Record each participant. */
  participant?: AutoParticipantEgress | undefined;
  /** Record each track. */
  tracks?: AutoTrackEgress | undefined;
}
