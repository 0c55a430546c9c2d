import { LiveKitTokenError } from '../index.js';
import { TokenVerifier } from './token-verifier.js';
import type { WebhookEvent } from './types.js';

const bodyError = (message: string) => new LiveKitTokenError('ERR_WEBHOOK_BODY', message);

/**
 * Compares two strings without stopping at the first difference, so the time taken does not
 * reveal how much of a forged hash was right. (The length of a SHA-256 hash is no secret.)
 */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Base64 (standard, padded) of SHA-256 of the body's bytes: what LiveKit signs as `sha256`. */
async function bodyHash(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return btoa(String.fromCharCode(...digest));
}

/**
 * Drop-in replacement for livekit-server-sdk's `WebhookReceiver`: checks the `Authorization`
 * token LiveKit sends with a webhook and that its `sha256` claim matches the raw body (compared
 * in constant time), then returns the parsed event. Failures reject with a `LiveKitTokenError`:
 * the token's own code, or `ERR_WEBHOOK_BODY` for a missing header or a body that does not match.
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
  readonly #verifier: TokenVerifier;

  constructor(apiKey: string, apiSecret: string) {
    this.#verifier = new TokenVerifier(apiKey, apiSecret);
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
      if (!authHeader) throw bodyError('authorization header is empty');
      const token = authHeader.replace(/^Bearer\s+/i, '');
      const claims = await this.#verifier.verify(token, clockTolerance);
      if (typeof claims.sha256 !== 'string' || !sameText(claims.sha256, await bodyHash(body))) {
        throw bodyError('sha256 checksum of body does not match');
      }
    }
    let event: unknown;
    try {
      event = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    } catch {
      throw bodyError('webhook body is not valid JSON');
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw bodyError('webhook body is not a JSON object');
    return event as WebhookEvent;
  }
}
