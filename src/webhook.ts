// LiveKit signs each webhook with an access token (Authorization header) whose `sha256`
// claim is the base64 (standard alphabet, padded) SHA-256 of the exact body bytes.
import { fail } from './errors.js';
import { verifyToken } from './jwt/verify.js';
import type { VerifyOptions } from './jwt/validate.js';
import type { KeySet } from './keys.js';
import { parseJsonObject } from './lib/json.js';
import { fromUtf8, utf8 } from './lib/utf8.js';

/**
 * Webhook event names LiveKit sends (others may be added; they are returned as well).
 *
 * @example
 * ```ts
 * const wanted: WebhookEventName[] = ['participant_joined', 'participant_left'];
 * const event = await verifyWebhook(rawBody, authorization, keys);
 * if (wanted.includes(event.event as WebhookEventName)) console.log(event.participant?.identity);
 * ```
 */
export type WebhookEventName =
  | 'room_started'
  | 'room_finished'
  | 'participant_joined'
  | 'participant_left'
  | 'participant_connection_aborted'
  | 'track_published'
  | 'track_unpublished'
  | 'egress_started'
  | 'egress_updated'
  | 'egress_ended'
  | 'ingress_started'
  | 'ingress_ended'
  | 'agent_job_started'
  | 'agent_job_ended';

/**
 * A webhook body (LiveKit's `WebhookEvent` in protobuf JSON). Only `event` is guaranteed;
 * which other fields are present depends on the event. Nested objects are open: the fields most
 * handlers read are typed, the others are there as LiveKit sent them. 64-bit numbers such as
 * `createdAt` arrive as strings.
 *
 * @example
 * ```ts
 * const event: WebhookEvent = await verifyWebhook(rawBody, authorization, keys);
 * if (event.event === 'track_published') console.log(event.participant?.identity, event.track?.source);
 * ```
 */
export interface WebhookEvent {
  /** The event name. */
  event: WebhookEventName | (string & {});
  /** Unique event id, for de-duplicating retries. */
  id?: string;
  /** When the event was created, seconds since the epoch (a string in protobuf JSON). */
  createdAt?: string | number;
  /** The room the event is about. */
  room?: { sid?: string; name?: string; metadata?: string; numParticipants?: number; [field: string]: unknown };
  /** The participant, for participant and track events. */
  participant?: { sid?: string; identity?: string; name?: string; metadata?: string; kind?: string; attributes?: Record<string, string>; [field: string]: unknown };
  /** The track, for track events. */
  track?: { sid?: string; type?: string; source?: string; name?: string; [field: string]: unknown };
  /** The egress, for egress events. */
  egressInfo?: { egressId?: string; roomName?: string; status?: string; [field: string]: unknown };
  /** The ingress, for ingress events. */
  ingressInfo?: { ingressId?: string; name?: string; roomName?: string; [field: string]: unknown };
  /** The agent job (LiveKit's `Job`), for `agent_job_started` and `agent_job_ended`. */
  job?: WebhookJob;
  [field: string]: unknown;
}

/**
 * The agent job of an `agent_job_started` or `agent_job_ended` webhook (LiveKit's `Job` in
 * protobuf JSON). Enums arrive as their names (`type: 'JT_ROOM'`, `state.status: 'JS_SUCCESS'`),
 * 64-bit times as strings of seconds.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(rawBody, authorization, keys);
 * if (event.event === 'agent_job_ended') console.log(event.job?.agentName, event.job?.state?.status, event.job?.state?.error);
 * ```
 */
export interface WebhookJob {
  /** Job id. */
  id?: string;
  /** The dispatch that created the job. */
  dispatchId?: string;
  /** `JT_ROOM`, `JT_PUBLISHER` or `JT_PARTICIPANT`. */
  type?: string;
  /** The room the agent joined. */
  room?: { sid?: string; name?: string; [field: string]: unknown };
  /** The participant the job is for (publisher and participant jobs). */
  participant?: { sid?: string; identity?: string; [field: string]: unknown };
  /** Name the agent registered with (empty: the agent registered without one). */
  agentName?: string;
  /** Metadata handed to the job. */
  metadata?: string;
  /** Attributes handed to the agent. */
  attributes?: Record<string, string>;
  /** Where the job runs: its status (`JS_PENDING`, `JS_RUNNING`, `JS_SUCCESS`, `JS_FAILED`), error and times. */
  state?: {
    status?: string;
    error?: string;
    startedAt?: string | number;
    endedAt?: string | number;
    updatedAt?: string | number;
    participantIdentity?: string;
    workerId?: string;
    agentId?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

function bodyError(message: string): never {
  return fail('ERR_WEBHOOK_BODY', message);
}

/**
 * Verifies a LiveKit webhook and returns its parsed body.
 *
 * `authorization` is the request's `Authorization` header: the token itself or
 * `Bearer <token>`. The token is checked with {@link verifyToken} (same `keys` and `options`;
 * its failures keep their own codes), then its `sha256` claim is compared in constant time with
 * the SHA-256 of `rawBody`. `rawBody` must be the body **exactly as received** (text or bytes):
 * JSON parsed and serialized again differs and fails. Never throws synchronously.
 *
 * @throws {LiveKitTokenError} `ERR_WEBHOOK_BODY` when the header is missing, the token has no
 *   `sha256`, the hash differs, or the body is not a JSON object with an `event` string.
 * @example
 * ```ts
 * // Workers / Deno / Bun / any fetch handler
 * const event = await verifyWebhook(await request.text(), request.headers.get('Authorization'), {
 *   apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET,
 * });
 * if (event.event === 'participant_joined') console.log(event.participant?.identity);
 * ```
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  authorization: string | null | undefined,
  keys: KeySet,
  options?: VerifyOptions,
): Promise<WebhookEvent> {
  if (typeof authorization !== 'string' || authorization.trim() === '') bodyError('webhook Authorization header is missing');
  const claims = await verifyToken(authorization.trim().replace(/^Bearer\s+/i, ''), keys, options);
  // Realm-independent checks: bodies from a vm context, a test runner or a polyfill still count.
  const bytes =
    typeof rawBody === 'string' ? utf8(rawBody)
    : ArrayBuffer.isView(rawBody) ? new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength)
    : Object.prototype.toString.call(rawBody) === '[object ArrayBuffer]' ? new Uint8Array(rawBody as ArrayBuffer)
    : bodyError('webhook body must be the raw request body (string, Uint8Array or ArrayBuffer), not parsed JSON');
  if (typeof claims.sha256 !== 'string') bodyError('webhook token has no sha256 claim');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  if (!sameText(btoa(String.fromCharCode(...digest)), claims.sha256)) {
    bodyError('webhook body does not match the signed sha256: pass the raw body bytes, not re-serialized JSON');
  }
  const text = typeof rawBody === 'string' ? rawBody : fromUtf8(bytes);
  const event = text === undefined ? undefined : parseJsonObject(text);
  if (typeof event?.['event'] !== 'string') bodyError('webhook body is not a JSON object with an event name');
  return event as WebhookEvent;
}

/** Compares two strings in time that depends only on their lengths (which are public). */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
