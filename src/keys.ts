import { fail } from './errors.js';
import { isObject } from './lib/json.js';

/**
 * An API key and its secret, as shown in LiveKit Cloud or set in `livekit.yaml`.
 *
 * @example
 * ```ts
 * const key: ApiKey = { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET };
 * ```
 */
export interface ApiKey {
  apiKey: string;
  apiSecret: string;
}

/**
 * Where a verifier finds the secret for a token's `iss` (API key):
 * one `ApiKey`, several (key rotation), a record of key → secret, or a function
 * (sync or async) that returns the secret or `undefined`.
 *
 * @example
 * ```ts
 * const one: KeySet = { apiKey: 'APIcurrent', apiSecret: env.LIVEKIT_API_SECRET };
 * const rotating: KeySet = { APIcurrent: 'new-secret', APIprevious: 'old-secret' };
 * const lookup: KeySet = async (apiKey) => (apiKey === 'APIcurrent' ? env.LIVEKIT_API_SECRET : undefined);
 * ```
 */
export type KeySet =
  | ApiKey
  | readonly ApiKey[]
  | Readonly<Record<string, string>>
  | ((apiKey: string) => string | undefined | Promise<string | undefined>);

/** @internal Validates the key used to sign. */
export function checkApiKey(key: ApiKey): void {
  for (const field of ['apiKey', 'apiSecret'] as const) {
    if (typeof key?.[field] !== 'string' || key[field] === '') fail('ERR_INVALID_OPTIONS', `key.${field} must be a non-empty string`);
  }
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * @internal Finds the secret for `apiKey`. Returns a string, undefined, or (only for
 * async resolver functions) a promise of one.
 */
export function lookupSecret(keys: KeySet, apiKey: string): string | undefined | Promise<string | undefined> {
  if (typeof keys === 'function') return keys(apiKey);
  if (Array.isArray(keys)) {
    for (const k of keys as readonly ApiKey[]) if (isObject(k) && k.apiKey === apiKey) return k.apiSecret;
    return undefined;
  }
  if (!isObject(keys)) fail('ERR_INVALID_OPTIONS', 'keys must be an ApiKey, an array of them, a record or a function');
  if (typeof keys.apiKey === 'string' && typeof keys.apiSecret === 'string') {
    return keys.apiKey === apiKey ? keys.apiSecret : undefined;
  }
  // Own properties only: an `iss` of "__proto__" or "toString" must not find anything.
  return own(keys, apiKey) ? (keys as Record<string, string>)[apiKey] : undefined;
}

/** @internal The result of a lookup, checked: a usable secret or ERR_TOKEN_UNKNOWN_KEY. */
export function requireSecret(secret: unknown): string {
  if (typeof secret !== 'string' || secret === '') fail('ERR_TOKEN_UNKNOWN_KEY', 'no secret is known for the token’s API key (iss)');
  return secret;
}
