import { fail } from '../errors.js';
import { verifyWebhook, type ApiKey } from '../index.js';
import { parseJsonObject } from '../lib/json.js';
import { fromUtf8 } from '../lib/utf8.js';
import { toSeconds } from './duration.js';
import { WebhookEvent } from './webhook-event.js';

/**
 * Drop-in replacement for livekit-server-sdk's `WebhookReceiver`, on the core's `verifyWebhook`:
 * checks the token LiveKit sends in the `Authorization` header and that its `sha256` claim
 * matches the raw body (compared in constant time), then returns the event with the SDK's shape
 * (see {@link WebhookEvent}: enums as numbers, 64-bit integers as `bigint`, zero-valued
 * defaults, unknown fields dropped). Failures reject with a `LiveKitTokenError`: the token's own
 * code, or `ERR_WEBHOOK_BODY` for a missing header, a body that does not match, or a field of
 * the wrong type.
 *
 * @example
 * ```ts
 * import { WebhookReceiver } from 'livekit-token/compat';
 *
 * const receiver = new WebhookReceiver(apiKey, apiSecret);
 * const event = await receiver.receive(await request.text(), request.headers.get('Authorization') ?? undefined);
 * if (event.event === 'participant_joined' && event.participant?.kind === 4) console.log('an agent joined'); // ParticipantInfo_Kind.AGENT
 * ```
 */
export class WebhookReceiver {
  readonly #key: ApiKey;

  constructor(apiKey: string, apiSecret: string) {
    this.#key = { apiKey, apiSecret };
  }

  /**
   * @param body - the raw posted body, exactly as received (re-serialized JSON will not match).
   * @param authHeader - the `Authorization` header: the token, optionally prefixed with `Bearer `.
   * @param skipAuth - true to skip the token and hash checks (for example in local tests).
   * @param clockTolerance - allowed clock skew for the token: seconds or a span. Default 10 s.
   * @example
   * ```ts
   * const event = await receiver.receive(rawBody, authorization);
   * ```
   */
  async receive(body: string | Uint8Array, authHeader?: string | null, skipAuth = false, clockTolerance?: string | number): Promise<WebhookEvent> {
    const json = skipAuth
      ? parseJsonObject(typeof body === 'string' ? body : (fromUtf8(body) ?? ''))
      : await verifyWebhook(body, authHeader, this.#key, { clockTolerance: toSeconds(clockTolerance ?? 10) });
    if (!json) fail('ERR_WEBHOOK_BODY', 'webhook body is not a JSON object');
    // What the SDK returns: WebhookEvent.fromJson(body, { ignoreUnknownFields: true }).
    return WebhookEvent.fromJson(json, { ignoreUnknownFields: true });
  }
}
