// What every field of the claim schema (schema.ts) means, in one line, and how describeToken
// words a permission. Kept apart from the schema so that createToken bundles do not carry the
// text: only the description code imports this file.
import type { CLAIMS, Schema } from './schema.js';

/** @internal The meaning of one field. */
export interface Meaning {
  /** One line: what the field means to a LiveKit server. */
  readonly meaning: string;
  /**
   * For a boolean permission: what describeToken says the holder may do when it is `true`
   * ("create rooms"). `false`: describeToken words it itself (joining, publishing …) or leaves
   * it out. Absent (a field with no entry here): describeToken names the field.
   */
  readonly says?: string | false;
}

/**
 * @internal Every field path of a schema: `video.roomJoin`, list items as
 * `roomConfig.agents[].agentName`.
 */
export type FieldPath<S, Prefix extends string = ''> = {
  [K in keyof S & string]:
    | `${Prefix}${K}`
    | (S[K] extends { readonly fields: infer Nested }
        ? FieldPath<Nested, `${Prefix}${K}.`>
        : S[K] extends { readonly listOf: infer Item }
          ? Item extends Schema ? FieldPath<Item, `${Prefix}${K}[].`> : never
          : never);
}[keyof S & string];

/** @internal The meaning of every field of every claim. A field without an entry fails to compile. */
export const MEANINGS: { readonly [path in FieldPath<typeof CLAIMS>]: Meaning } = {
  iss: { meaning: 'API key that signed the token; verifiers look its secret up by it.' },
  sub: { meaning: 'Participant identity; required to join a room.' },
  nbf: { meaning: 'Not before: seconds since the epoch from which the token is valid.' },
  exp: { meaning: 'Expiry: seconds since the epoch after which the token is refused.' },
  iat: { meaning: 'Issue time, seconds since the epoch (accepted, never written by createToken).' },
  jti: { meaning: 'Token id (accepted, never required).' },
  name: { meaning: 'Participant display name.' },
  kind: { meaning: 'Participant kind; absent means standard.' },
  metadata: { meaning: 'Participant metadata, a string (often JSON).' },
  attributes: { meaning: 'Participant attributes, string to string.' },
  video: { meaning: 'Room access and room-service permissions.' },
  'video.roomJoin': { meaning: 'May join `room` as a participant.', says: false },
  'video.room': { meaning: 'The room this grant applies to (join, admin).' },
  'video.canPublish': { meaning: 'May publish tracks; absent means true.', says: false },
  'video.canSubscribe': { meaning: 'May subscribe to other participants’ tracks; absent means true.', says: false },
  'video.canPublishData': { meaning: 'May publish data messages; absent means the effective canPublish.', says: false },
  'video.canPublishSources': { meaning: 'Sources the participant may publish from; empty or absent allows every source.' },
  'video.canUpdateOwnMetadata': { meaning: 'May update its own name, metadata and attributes.', says: 'update own metadata' },
  'video.canSubscribeMetrics': { meaning: 'May subscribe to other participants’ metrics.', says: 'subscribe to metrics' },
  'video.canManageAgentSession': { meaning: 'May manage agent sessions in the room.', says: 'manage agent sessions' },
  'video.hidden': { meaning: 'Hidden from other participants.', says: false },
  'video.recorder': { meaning: 'Marks the participant as a recorder.', says: false },
  'video.agent': { meaning: 'Marks the participant as an agent (legacy flag; kind agent is preferred).', says: false },
  'video.roomAdmin': { meaning: 'May administer `room`: remove participants, mute tracks, update metadata.', says: false },
  'video.roomCreate': { meaning: 'May create rooms (RoomService API).', says: 'create rooms' },
  'video.roomList': { meaning: 'May list rooms (RoomService API).', says: 'list rooms' },
  'video.roomRecord': { meaning: 'May start and manage recordings (Egress API).', says: 'record rooms (egress)' },
  'video.ingressAdmin': { meaning: 'May use the Ingress API.', says: 'manage ingress' },
  'video.destinationRoom': { meaning: 'The room a participant may be forwarded to (with roomAdmin).' },
  sip: { meaning: 'Access to the SIP (telephony) API.' },
  'sip.admin': { meaning: 'May manage SIP trunks and dispatch rules.', says: 'administer SIP' },
  'sip.call': { meaning: 'May place outbound SIP calls.', says: 'place SIP calls' },
  agent: { meaning: 'Access to the Agents API.' },
  'agent.admin': { meaning: 'May manage agents and their dispatches.', says: 'administer agents' },
  'agent.simulationAdmin': { meaning: 'May run agent simulations.', says: 'run agent simulations' },
  'agent.databaseAdmin': { meaning: 'May administer agent databases.', says: 'administer agent databases' },
  inference: { meaning: 'Access to LiveKit Inference.' },
  'inference.perform': { meaning: 'May perform inference requests.', says: 'use inference' },
  observability: { meaning: 'Access to observability data.' },
  'observability.write': { meaning: 'May write observability data (logs, traces, metrics).', says: 'write observability data' },
  roomConfig: { meaning: 'Room settings applied when the token’s holder causes the room to be created.' },
  'roomConfig.name': { meaning: 'Room name (normally equal to video.room).' },
  'roomConfig.emptyTimeout': { meaning: 'Seconds to keep the room open when nobody joins.' },
  'roomConfig.departureTimeout': { meaning: 'Seconds to keep the room open after the last participant leaves.' },
  'roomConfig.maxParticipants': { meaning: 'Participant limit (0: none).' },
  'roomConfig.metadata': { meaning: 'Room metadata.' },
  'roomConfig.egress': { meaning: 'Automatic egress (recording) settings.' },
  'roomConfig.minPlayoutDelay': { meaning: 'Minimum subscriber playout delay, milliseconds.' },
  'roomConfig.maxPlayoutDelay': { meaning: 'Maximum subscriber playout delay, milliseconds.' },
  'roomConfig.syncStreams': { meaning: 'Improve A/V sync when playout delay is large.', says: false },
  'roomConfig.agents': { meaning: 'Agents to dispatch into the room.' },
  'roomConfig.agents[].agentName': { meaning: 'Name the agent registered with; absent or empty: the agent registered without a name.' },
  'roomConfig.agents[].metadata': { meaning: 'Metadata handed to the agent job.' },
  'roomConfig.agents[].restartPolicy': { meaning: 'Job restart policy (protobuf enum name or number).' },
  'roomConfig.agents[].deployment': { meaning: 'Deployment to dispatch to.' },
  'roomConfig.agents[].attributes': { meaning: 'Attributes handed to the agent.' },
  'roomConfig.tags': { meaning: 'Tags attached to the room.' },
  roomPreset: { meaning: 'Name of a room preset defined on the server.' },
  sha256: { meaning: 'Base64 SHA-256 of a webhook body (webhook tokens only).' },
};
