// Role presets: plain functions returning fresh plain objects, least privilege by default.
// Grant presets (`…Grant`) return a `video` grant for one room; token presets (`…Token`)
// return complete `createToken` options. Every preset takes overrides, merged field by field
// (nested objects too, arrays replaced); an override set to `undefined` counts as absent and
// keeps the preset's value, so it can never silently widen a permission back to a default.
import type { TokenOptions } from './jwt/create.js';
import type { VideoGrant } from './grants.js';
import { fail } from './errors.js';
import { isObject } from './lib/json.js';

/**
 * TTL of the server-API presets: short, like LiveKit's server SDKs (10 minutes).
 *
 * @example
 * ```ts
 * roomManagementToken().ttl === SERVER_API_TTL; // true: '10m'
 * ```
 */
export const SERVER_API_TTL = '10m';

/** Grants and options nest a few levels; deeper overrides are a mistake (or a cycle). */
const MAX_DEPTH = 32;

/**
 * @internal A deep copy of `base` with the defined fields of `overrides` merged in. Refuses
 * overrides nested deeper than any token option (circular ones included) and `__proto__`
 * keys, which would change the copy's prototype instead of adding a field.
 */
export function merge<T extends object>(base: T, overrides: object | undefined, depth = 0): T {
  if (depth > MAX_DEPTH) fail('ERR_INVALID_OPTIONS', 'overrides are nested too deeply (or circular)');
  if (overrides !== undefined && !isObject(overrides)) fail('ERR_INVALID_OPTIONS', 'overrides must be an object');
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === undefined) continue;
    if (k === '__proto__') fail('ERR_INVALID_OPTIONS', 'overrides must not have a __proto__ field');
    const prev = out[k];
    out[k] = isObject(v)
      ? merge(isObject(prev) ? prev : {}, v, depth + 1)
      : Array.isArray(v) ? v.map((x) => (isObject(x) ? merge({}, x, depth + 1) : x)) : v;
  }
  return out as T;
}

const join = (room: string, grant: VideoGrant, overrides: VideoGrant | undefined): VideoGrant =>
  merge({ roomJoin: true, room, ...grant }, overrides);

/**
 * A regular participant of one room: `roomJoin` in `room`, may publish tracks from every
 * source, publish data and subscribe. No admin, no metadata updates, no server-API access.
 *
 * @example
 * ```ts
 * await createToken(key, { identity: 'alice', video: participantGrant('demo') });
 * // audio only:
 * participantGrant('demo', { canPublishSources: ['microphone'] });
 * ```
 */
export function participantGrant(room: string, overrides?: VideoGrant): VideoGrant {
  return join(room, { canPublish: true, canPublishData: true, canSubscribe: true }, overrides);
}

/**
 * A listen-only viewer of one room: joins `room` and subscribes; may not publish tracks nor
 * data (`canPublish` and `canPublishData` false, set explicitly because LiveKit's default is
 * true). For a chat-enabled audience, override `{ canPublishData: true }`.
 *
 * @example
 * ```ts
 * await createToken(key, { identity: 'viewer-42', video: viewerGrant('keynote') });
 * ```
 */
export function viewerGrant(room: string, overrides?: VideoGrant): VideoGrant {
  return join(room, { canPublish: false, canPublishData: false, canSubscribe: true }, overrides);
}

/**
 * A moderator of one room: everything a participant may do, plus `roomAdmin` for `room` only
 * (remove or mute participants, update room and participant metadata). Not valid for other
 * rooms, no room creation or listing.
 *
 * @example
 * ```ts
 * await createToken(key, { identity: 'host', video: roomAdminGrant('town-hall') });
 * ```
 */
export function roomAdminGrant(room: string, overrides?: VideoGrant): VideoGrant {
  return join(room, { canPublish: true, canPublishData: true, canSubscribe: true, roomAdmin: true }, overrides);
}

/**
 * A recorder that joins one room to record it: subscribes only (`canPublish` and
 * `canPublishData` false), `hidden` so other participants do not see it, marked `recorder`.
 * To start egress through the API instead, use {@link egressToken}.
 *
 * @example
 * ```ts
 * await createToken(key, { identity: 'recorder', kind: 'egress', video: recorderGrant('demo') });
 * ```
 */
export function recorderGrant(room: string, overrides?: VideoGrant): VideoGrant {
  return join(room, { canPublish: false, canPublishData: false, canSubscribe: true, hidden: true, recorder: true }, overrides);
}

/**
 * An agent worker in one room, as LiveKit grants a dispatched agent: publish, subscribe,
 * publish data, update its own metadata/attributes (agents publish their state there), marked
 * `agent`. Mint it with `kind: 'agent'`. No admin rights.
 *
 * @example
 * ```ts
 * await createToken(key, { identity: 'agent-1', kind: 'agent', video: agentGrant('support-123') });
 * ```
 */
export function agentGrant(room: string, overrides?: VideoGrant): VideoGrant {
  return join(room, { canPublish: true, canPublishData: true, canSubscribe: true, canUpdateOwnMetadata: true, agent: true }, overrides);
}

/**
 * @internal E.164: `+`, a country code that does not start with 0, then the number: 7 to 15
 * digits in all, nothing else (no spaces, dashes or brackets). One character class, linear.
 */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** @internal Refuses a phone number that is not an E.164 string, naming the option. */
function e164(value: unknown, name: string): string {
  if (typeof value !== 'string') fail('ERR_INVALID_OPTIONS', `${name} must be a string`);
  if (!E164.test(value)) {
    // The number is not echoed: it is a caller's personal data and may be anything.
    fail('ERR_INVALID_OPTIONS', `${name} must be an E.164 number: + then the country code and number, 7 to 15 digits, no spaces (e.g. '+15551234567')`);
  }
  return value;
}

/**
 * What a telephony webhook knows about an inbound call, for {@link sipCallerToken}: the caller's
 * E.164 number, or `callerIdWithheld: true` when the caller withheld it.
 *
 * @example
 * ```ts
 * const call: SipCallerOptions = { room: 'call-CA123', phoneNumber: '+15551234567', agentName: 'receptionist' };
 * const token = await createToken(key, sipCallerToken(call));
 *
 * const anonymous: SipCallerOptions = { room: 'call-CA124', callerIdWithheld: true, callId: 'CA124' };
 * ```
 */
export type SipCallerOptions = {
  /** Room the call joins. */
  room: string;
  /** Agent to dispatch into the room when the caller creates it. */
  agentName?: string | undefined;
  /** Metadata handed to the dispatched agent's job (a string, often JSON). */
  agentMetadata?: string | undefined;
  /** Number that was dialled, E.164 (becomes the `sip.trunkPhoneNumber` attribute). */
  calledNumber?: string | undefined;
  /** Provider call id (becomes the `sip.callID` attribute and part of the metadata). */
  callId?: string | undefined;
  /**
   * Identity. Default `sip_<phoneNumber>`, as LiveKit's SIP service names callers; for a withheld
   * number `sip_<callId>`.
   */
  identity?: string | undefined;
} & (
  | {
      /** Caller's phone number, E.164 (`'+15551234567'`); anything else is refused. */
      phoneNumber: string;
      callerIdWithheld?: false | undefined;
    }
  | {
      phoneNumber?: undefined;
      /**
       * The caller withheld their number ("anonymous", "restricted"): the token carries no
       * number, as LiveKit's SIP service does for a hidden one. Needs `identity` or `callId`.
       */
      callerIdWithheld: true;
    }
);

/**
 * Complete token options for a phone caller joining through a telephony webhook:
 * `kind: 'sip'`, identity `sip_<phoneNumber>`, display name = the number, metadata
 * `{"phoneNumber":…,"callId":…}`, LiveKit's SIP attributes (`sip.phoneNumber`, and
 * `sip.trunkPhoneNumber` / `sip.callID` when known), a 1-hour TTL, and a `video` grant
 * for `room` that may publish the **microphone only** (a phone has no camera), publish data
 * (DTMF) and subscribe (hear the agent). With `agentName`, `roomConfig.agents` dispatches that
 * agent when the caller's join creates the room. No admin or server-API rights.
 *
 * `phoneNumber` (and `calledNumber`) must be E.164 — `+`, country code, number, 7 to 15 digits —
 * or `ERR_INVALID_OPTIONS` names the option: `''` or a local `'5551234567'` would otherwise become
 * the identity `sip_` or a number no agent can dial back. For a caller who withheld their number,
 * pass `callerIdWithheld: true` and no number: the identity is then `identity` or `sip_<callId>`,
 * with no name and no `sip.phoneNumber` attribute.
 *
 * @example
 * ```ts
 * // In the webhook of an inbound call from +15551234567 to +15557654321:
 * const token = await createToken(key, sipCallerToken({
 *   room: 'call-CA123', phoneNumber: '+15551234567', calledNumber: '+15557654321', callId: 'CA123',
 *   agentName: 'receptionist',
 * }));
 * ```
 */
export function sipCallerToken(options: SipCallerOptions, overrides?: TokenOptions): TokenOptions {
  if (!isObject(options)) fail('ERR_INVALID_OPTIONS', 'sipCallerToken options must be an object');
  const { room, agentName, agentMetadata, calledNumber, callId, identity } = options;
  if (callId !== undefined && typeof callId !== 'string') fail('ERR_INVALID_OPTIONS', 'callId must be a string');
  const withheld = callerIdWithheld(options);
  // The number becomes the identity, the name and the metadata JSON: an E.164 string, so that
  // '' or a local '5551234567' never names a participant `sip_` or reaches an agent as a number.
  const phoneNumber = withheld ? undefined : e164(options.phoneNumber, 'phoneNumber');
  const attributes: Record<string, string> = {};
  if (phoneNumber !== undefined) attributes['sip.phoneNumber'] = phoneNumber;
  if (calledNumber !== undefined) attributes['sip.trunkPhoneNumber'] = e164(calledNumber, 'calledNumber');
  if (callId !== undefined) attributes['sip.callID'] = callId;
  let caller = identity;
  if (caller === undefined && phoneNumber !== undefined) caller = `sip_${phoneNumber}`;
  if (caller === undefined && callId) caller = `sip_${callId}`;
  if (caller === undefined) fail('ERR_INVALID_OPTIONS', 'a caller who withheld their number needs identity or callId to be named');
  const base: TokenOptions = {
    identity: caller,
    ...(phoneNumber !== undefined && { name: phoneNumber }),
    kind: 'sip',
    ttl: '1h',
    metadata: JSON.stringify({ phoneNumber, callId }),
    attributes,
    video: { roomJoin: true, room, canPublish: true, canPublishSources: ['microphone'], canPublishData: true, canSubscribe: true },
  };
  if (agentName !== undefined) base.roomConfig = { agents: [agentMetadata === undefined ? { agentName } : { agentName, metadata: agentMetadata }] };
  return merge(base, overrides);
}

/** Whether the options say the caller withheld their number; refuses a number given with it. */
function callerIdWithheld(options: SipCallerOptions): boolean {
  const flag: unknown = options.callerIdWithheld;
  if (flag !== undefined && typeof flag !== 'boolean') fail('ERR_INVALID_OPTIONS', 'callerIdWithheld must be true or false');
  if (flag === true && options.phoneNumber !== undefined) fail('ERR_INVALID_OPTIONS', 'phoneNumber and callerIdWithheld: true exclude each other: a withheld number is not known');
  return flag === true;
}

const server = (grants: TokenOptions, overrides: TokenOptions | undefined): TokenOptions =>
  merge({ ttl: SERVER_API_TTL, ...grants }, overrides);

/**
 * Server-API token for room management (RoomService): `roomCreate` (create and delete rooms)
 * and `roomList`. No `roomAdmin`: for per-room operations use {@link roomAdminToken}.
 * TTL 10 minutes. No identity needed.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, roomManagementToken());
 * await fetch(`${env.LIVEKIT_URL}/twirp/livekit.RoomService/ListRooms`, {
 *   method: 'POST', headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' }, body: '{}',
 * });
 * ```
 */
export function roomManagementToken(overrides?: TokenOptions): TokenOptions {
  return server({ video: { roomCreate: true, roomList: true } }, overrides);
}

/**
 * Server-API token to administer one room (RoomService: list/remove/mute participants,
 * update metadata, send data; AgentDispatch for that room): `roomAdmin` for `room` only,
 * without joining it. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, roomAdminToken('demo'));
 * ```
 */
export function roomAdminToken(room: string, overrides?: TokenOptions): TokenOptions {
  return server({ video: { roomAdmin: true, room } }, overrides);
}

/**
 * Server-API token for the Egress API (start, update, list and stop recordings and
 * streams): `roomRecord` only. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, egressToken());
 * ```
 */
export function egressToken(overrides?: TokenOptions): TokenOptions {
  return server({ video: { roomRecord: true } }, overrides);
}

/**
 * Server-API token for the Ingress API (create, list, update, delete ingresses):
 * `ingressAdmin` only. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, ingressToken());
 * ```
 */
export function ingressToken(overrides?: TokenOptions): TokenOptions {
  return server({ video: { ingressAdmin: true } }, overrides);
}

/**
 * Server-API token for SIP administration (trunks and dispatch rules): `sip.admin` only.
 * It cannot place calls; see {@link sipCallToken}. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, sipAdminToken());
 * ```
 */
export function sipAdminToken(overrides?: TokenOptions): TokenOptions {
  return server({ sip: { admin: true } }, overrides);
}

/**
 * Server-API token to place outbound calls (`CreateSIPParticipant`): `sip.call` only, no
 * trunk administration. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, sipCallToken());
 * ```
 */
export function sipCallToken(overrides?: TokenOptions): TokenOptions {
  return server({ sip: { call: true } }, overrides);
}

/**
 * Server-API token for the project's agent dispatch queue (queue agent jobs, list and cancel
 * them): `agent.dispatchAdmin` only, no room or agent administration. A dispatch into one
 * room's agents takes {@link roomAdminToken} instead. TTL 10 minutes.
 *
 * @example
 * ```ts
 * const auth = await createToken(key, agentDispatchQueueToken());
 * ```
 */
export function agentDispatchQueueToken(overrides?: TokenOptions): TokenOptions {
  return server({ agent: { dispatchAdmin: true } }, overrides);
}
