import { LiveKitTokenError, verifyWebhook, type ApiKey, type WebhookEvent } from '../index.js';
import { toSeconds } from './duration.js';

/**
 * Drop-in replacement for livekit-server-sdk's `WebhookReceiver`, on the core's `verifyWebhook`:
 * checks the token LiveKit sends in the `Authorization` header and that its `sha256` claim
 * matches the raw body (compared in constant time), then returns the parsed event. Failures
 * reject with a `LiveKitTokenError`: the token's own code, or `ERR_WEBHOOK_BODY` for a missing
 * header or a body that does not match.
 *
 * @example
 * ```ts
 * import { WebhookReceiver } from 'livekit-token/compat';
 *
 * const receiver = new WebhookReceiver(apiKey, apiSecret);
 * const event = await receiver.receive(await request.text(), request.headers.get('Authorization') ?? undefined);
 * if (event.event === 'room_started') console.log(event.room?.name);
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
    if (!skipAuth) {
      return verifyWebhook(body, authHeader, this.#key, { clockTolerance: toSeconds(clockTolerance ?? 10) });
    }
    let event: unknown;
    try {
      event = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    } catch {
      // Handled below, with the same error as any other body that is not an object.
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new LiveKitTokenError('ERR_WEBHOOK_BODY', 'webhook body is not a JSON object');
    }
    return event as WebhookEvent;
  }
}
