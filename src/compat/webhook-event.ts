import { fail } from '../errors.js';
import type { WebhookEventNames } from './types.js';
import { fillMessage, readMessage, writeMessage, zeroMessage, type JsonWriteOptions } from './webhook-reader.js';
import type { WebhookEvent as WebhookEventMessage } from './webhook-messages.js';

/**
 * A message with every field optional, at every level, as protobuf-es's `PartialMessage`:
 * what `new WebhookEvent(partial)` takes. Methods are left out.
 *
 * @example
 * ```ts
 * import { WebhookEvent, type PartialMessage } from 'livekit-token/compat';
 *
 * const init: PartialMessage<WebhookEvent> = { event: 'room_started', room: { name: 'demo' } };
 * console.log(new WebhookEvent(init).room?.emptyTimeout); // 0: absent fields hold their zero value
 * ```
 */
export type PartialMessage<T> = T extends bigint | string | number | boolean
  ? T
  : T extends readonly (infer U)[]
    ? PartialMessage<U>[]
    : T extends { case: infer C; value?: infer V }
      ? { case: C; value?: PartialMessage<V> | undefined }
      : { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]?: PartialMessage<T[K]> | undefined };

/**
 * Options of {@link WebhookEvent.fromJson}, as protobuf-es names them.
 *
 * @example
 * ```ts
 * import { WebhookEvent, type JsonReadOptions } from 'livekit-token/compat';
 *
 * const options: JsonReadOptions = { ignoreUnknownFields: true };
 * const event = WebhookEvent.fromJson(JSON.parse(rawBody), options);
 * ```
 */
export interface JsonReadOptions {
  /** Skip fields the table does not know, and read an unknown enum name as the field's zero value, instead of failing. */
  ignoreUnknownFields?: boolean | undefined;
}

// The fields, from the generated shapes; `event` is narrowed to the known names as in the SDK.
export interface WebhookEvent extends Omit<WebhookEventMessage, 'event'> {}

/**
 * A LiveKit webhook event with livekit-server-sdk's shape (its `WebhookEvent`, a protobuf-es
 * message): every absent field holds its zero value (`''`, `0`, `0n`, `false`, `[]`, `{}`),
 * enum fields are protobuf numbers (`participant.kind === 4` for an agent, compare with
 * `ParticipantInfo_Kind.AGENT` from `@livekit/protocol`), 64-bit integers are `bigint`
 * (`createdAt`, `participant.joinedAt`), and oneofs are `{ case, value }`
 * (`egressInfo.request`, `egressInfo.result`). Nested messages are plain objects with the same
 * fields; they and the event have `toJson()` and `toJSON()`, so `JSON.stringify(event)` writes
 * the same protobuf JSON as the SDK's.
 *
 * `WebhookReceiver.receive` returns one; build one yourself from JSON with `fromJson`.
 *
 * @example
 * ```ts
 * import { WebhookEvent } from 'livekit-token/compat';
 *
 * const event = WebhookEvent.fromJson({ event: 'participant_joined', participant: { identity: 'a', kind: 'AGENT', joinedAt: '1700000000' } });
 * console.log(event.participant?.kind, event.participant?.joinedAt); // 4 1700000000n
 * ```
 */
export class WebhookEvent {
  /** The event name, e.g. `'participant_joined'`; `''` when the body had none. */
  declare event: WebhookEventNames;

  /**
   * @param partial - fields to set; nested messages may be partial too. Unknown fields are ignored.
   */
  constructor(partial?: PartialMessage<WebhookEvent>) {
    fillMessage(0, zeroMessage(0, this as never), partial);
  }

  /**
   * Reads protobuf JSON, as the SDK's `WebhookEvent.fromJson` does. Without
   * `ignoreUnknownFields`, an unknown field or enum name fails; with it, both are skipped.
   * Fails with a `LiveKitTokenError` (`ERR_WEBHOOK_BODY`) naming the field, never showing a value.
   *
   * @example
   * ```ts
   * import { WebhookEvent } from 'livekit-token/compat';
   *
   * const event = WebhookEvent.fromJson(JSON.parse(rawBody), { ignoreUnknownFields: true });
   * ```
   */
  static fromJson(json: unknown, options?: JsonReadOptions): WebhookEvent {
    const event = new WebhookEvent();
    readMessage(0, json, options?.ignoreUnknownFields === true, '', event as never);
    return event;
  }

  /**
   * The event as protobuf JSON, as the SDK's `toJson` writes it: enum names, 64-bit integers as
   * strings, fields at their zero value left out unless `emitDefaultValues`.
   *
   * @example
   * ```ts
   * import { WebhookEvent } from 'livekit-token/compat';
   *
   * const event = WebhookEvent.fromJson({ event: 'participant_joined', participant: { identity: 'a', kind: 4 } });
   * console.log(event.toJson()); // { event: 'participant_joined', participant: { identity: 'a', kind: 'AGENT' } }
   * ```
   */
  toJson(options?: JsonWriteOptions): Record<string, unknown> {
    return writeMessage(0, this as never, options?.emitDefaultValues === true);
  }

  /**
   * What `JSON.stringify(event)` writes: protobuf JSON with zero values, as the SDK's messages do
   * (a `bigint` field would otherwise make `JSON.stringify` throw).
   *
   * @example
   * ```ts
   * import { WebhookEvent } from 'livekit-token/compat';
   *
   * const event = WebhookEvent.fromJson({ event: 'room_started', createdAt: '1700000000' });
   * console.log(JSON.stringify(event)); // {"event":"room_started","id":"","createdAt":"1700000000",…}
   * ```
   */
  toJSON(): Record<string, unknown> {
    return writeMessage(0, this as never, true);
  }

  /**
   * {@link WebhookEvent.fromJson} of a JSON text.
   *
   * @example
   * ```ts
   * import { WebhookEvent } from 'livekit-token/compat';
   *
   * const event = WebhookEvent.fromJsonString(rawBody, { ignoreUnknownFields: true });
   * ```
   */
  static fromJsonString(json: string, options?: JsonReadOptions): WebhookEvent {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      fail('ERR_WEBHOOK_BODY', 'webhook event is not valid JSON');
    }
    return WebhookEvent.fromJson(value, options);
  }
}
