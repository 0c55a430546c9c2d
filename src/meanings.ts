// What every field of the claim schema (schema.ts) means, in one line, and how describeToken
// words a permission. Kept apart from the schema so that createToken bundles do not carry the
// text; describeToken imports only the wording.
import type { CLAIMS, Schema } from './schema.js';

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

/**
 * @internal What each field means to a LiveKit server, in one line. A field of the schema
 * without its line here does not compile.
 */
export const MEANINGS: { readonly [path in FieldPath<typeof CLAIMS>]: string } = {
  iss: 'API key that signed the token; verifiers look its secret up by it.',
  sub: 'Participant identity; required to join a room.',
  nbf: 'Not before: seconds since the epoch from which the token is valid.',
  exp: 'Expiry: seconds since the epoch after which the token is refused.',
  iat: 'Issue time, seconds since the epoch (accepted, never written by createToken).',
  jti: 'Token id (accepted, never required).',
  name: 'Participant display name.',
  kind: 'Participant kind; absent means standard.',
  kindDetails: 'More about the kind: how an agent runs, which connector or bridge.',
  metadata: 'Participant metadata, a string (often JSON).',
  attributes: 'Participant attributes, string to string.',
  video: 'Room access and room-service permissions.',
  'video.roomJoin': 'May join `room` as a participant.',
  'video.room': 'The room this grant applies to (join, admin).',
  'video.canPublish': 'May publish tracks; absent means true.',
  'video.canSubscribe': 'May subscribe to other participants’ tracks; absent means true.',
  'video.canPublishData': 'May publish data messages; absent means the effective canPublish.',
  'video.canPublishSources': 'Sources the participant may publish from; empty or absent allows every source.',
  'video.canUpdateOwnMetadata': 'May update its own name, metadata and attributes.',
  'video.canSubscribeMetrics': 'May subscribe to other participants’ metrics.',
  'video.canManageAgentSession': 'May manage agent sessions in the room.',
  'video.hidden': 'Hidden from other participants.',
  'video.recorder': 'Marks the participant as a recorder.',
  'video.agent': 'Marks the participant as an agent (legacy flag; kind agent is preferred).',
  'video.roomAdmin': 'May administer `room`: remove participants, mute tracks, update metadata.',
  'video.roomCreate': 'May create rooms (RoomService API).',
  'video.roomList': 'May list rooms (RoomService API).',
  'video.roomRecord': 'May start and manage recordings (Egress API).',
  'video.ingressAdmin': 'May use the Ingress API.',
  'video.destinationRoom': 'The room a participant may be forwarded to (with roomAdmin).',
  sip: 'Access to the SIP (telephony) API.',
  'sip.admin': 'May manage SIP trunks and dispatch rules.',
  'sip.call': 'May place outbound SIP calls.',
  agent: 'Access to the Agents API.',
  'agent.admin': 'May manage agents and their dispatches.',
  'agent.simulationAdmin': 'May run agent simulations.',
  'agent.databaseAdmin': 'May administer agent databases.',
  'agent.dispatchAdmin': 'May manage the project’s agent dispatch queue.',
  inference: 'Access to LiveKit Inference.',
  'inference.perform': 'May perform inference requests.',
  observability: 'Access to observability data.',
  'observability.write': 'May write observability data (logs, traces, metrics).',
  roomConfig: 'Room settings applied when the token’s holder causes the room to be created.',
  'roomConfig.name': 'Room name (normally equal to video.room).',
  'roomConfig.emptyTimeout': 'Seconds to keep the room open when nobody joins.',
  'roomConfig.departureTimeout': 'Seconds to keep the room open after the last participant leaves.',
  'roomConfig.maxParticipants': 'Participant limit (0: none).',
  'roomConfig.metadata': 'Room metadata.',
  'roomConfig.egress': 'Egress (recording, streaming) started automatically with the room.',
  'roomConfig.egress.room': 'Record the whole room (a room composite egress).',
  'roomConfig.egress.participant': 'Record each participant as they join.',
  'roomConfig.egress.tracks': 'Record each track as it is published.',
  'roomConfig.minPlayoutDelay': 'Minimum subscriber playout delay, milliseconds.',
  'roomConfig.maxPlayoutDelay': 'Maximum subscriber playout delay, milliseconds.',
  'roomConfig.syncStreams': 'Improve A/V sync when playout delay is large.',
  'roomConfig.agents': 'Agents to dispatch into the room.',
  'roomConfig.agents[].agentName': 'Name the agent registered with; absent or empty: the agent registered without a name.',
  'roomConfig.agents[].metadata': 'Metadata handed to the agent job.',
  'roomConfig.agents[].restartPolicy': 'Job restart policy (protobuf enum name or number).',
  'roomConfig.agents[].deployment': 'Deployment to dispatch to.',
  'roomConfig.agents[].attributes': 'Attributes handed to the agent.',
  'roomConfig.tags': 'Tags attached to the room.',
  roomPreset: 'Name of a room preset defined on the server.',
  sha256: 'Base64 SHA-256 of a webhook body (webhook tokens only).',
};

/**
 * @internal What describeToken says the holder may do when a boolean permission is `true`
 * ("create rooms"), in the order of the list. `false`: describeToken words it itself (joining,
 * publishing, `hidden` …) or leaves it out because it is not a permission. A boolean grant
 * with no entry is named by its path (`video.canTeleport`), so that it still shows.
 */
export const WORDING: { readonly [path in FieldPath<typeof CLAIMS>]?: string | false } = {
  'video.roomJoin': false,
  'video.canPublish': false,
  'video.canSubscribe': false,
  'video.canPublishData': false,
  'video.canUpdateOwnMetadata': 'update own metadata',
  'video.canSubscribeMetrics': 'subscribe to metrics',
  'video.canManageAgentSession': 'manage agent sessions',
  'video.hidden': false,
  'video.recorder': false,
  'video.agent': false,
  'video.roomAdmin': false,
  'video.roomCreate': 'create rooms',
  'video.roomList': 'list rooms',
  'video.roomRecord': 'record rooms (egress)',
  'video.ingressAdmin': 'manage ingress',
  'sip.admin': 'administer SIP',
  'sip.call': 'place SIP calls',
  'agent.admin': 'administer agents',
  'agent.simulationAdmin': 'run agent simulations',
  'agent.databaseAdmin': 'administer agent databases',
  'agent.dispatchAdmin': 'manage the agent dispatch queue',
  'inference.perform': 'use inference',
  'observability.write': 'write observability data',
  'roomConfig.syncStreams': false,
};
