import type { LiveKitClaims } from './claims.js';
import { checkEgressCredentials } from './egress.js';
import { fail } from './errors.js';
import { checkNames, HEADER_SEGMENT } from './jwt/create.js';
import { checkClaims, planVerify, type VerifyOptions } from './jwt/validate.js';
import { verifyToken } from './jwt/verify.js';
import { checkApiKey, type ApiKey, type KeySet } from './keys.js';
import { signToken } from './lib/hmac.js';
import { isObject } from './lib/json.js';
import { maxTokenBytes } from './lib/limits.js';
import { epochMillis, type Clock } from './lib/time.js';
import { utf8 } from './lib/utf8.js';
import { callerTtl } from './ttl.js';

/**
 * Options of {@link refreshToken}. An `undefined` field counts as absent.
 *
 * @example
 * ```ts
 * const options: RefreshOptions = { clockTolerance: 60 }; // lifetime: as a LiveKit server picks it
 * const fresh = await refreshToken(token, key, options);
 * const pinned = await refreshToken(token, key, { ttl: '30m' });
 * ```
 */
export interface RefreshOptions {
  /**
   * Lifetime of the new token: a TTL string such as `'10m'`, or seconds (a bare number from 1
   * to 59 is refused as in `createToken`: write `'30s'`). Default, as a LiveKit server
   * refreshes: the larger of 10 minutes and the time left on the old token's `exp`.
   */
  ttl?: number | string | undefined;
  /** Issue time of the new token, and the time the old one is verified at: a `Date`, epoch ms or a clock. Default: now. */
  now?: Clock | undefined;
  /** Keys to verify an old token string with. Default: the signing `key`. */
  keys?: KeySet | undefined;
  /** Clock tolerance when verifying the old token (default 10 s, as `verifyToken`). */
  clockTolerance?: VerifyOptions['clockTolerance'];
  /** Size bound, in bytes, for the old token and the new one, as `verifyToken` takes it. Default 8192. */
  maxTokenBytes?: number | undefined;
  /**
   * Let the new token carry cloud storage credentials or stream outputs in `roomConfig.egress`,
   * as `createToken` takes it. Default false: refused with `ERR_INVALID_OPTIONS`, as a LiveKit
   * server's own refresh refuses them, because every holder of the token can read them.
   */
  allowSensitiveCredentials?: boolean | undefined;
}

const KNOWN_OPTIONS = ['ttl', 'now', 'keys', 'clockTolerance', 'maxTokenBytes', 'allowSensitiveCredentials'];

/** A LiveKit server refreshes a participant's token for at least this long (seconds). */
const MIN_REFRESH_LIFETIME = 600;

// What a refresh does not carry over: the registered JWT claims (issued afresh, or meaningless
// for the new token), the API grants and the webhook body hash. Everything else is kept, the
// claims this version does not know included: they may come from a newer server.
const DROPPED = new Set(['iss', 'sub', 'aud', 'nbf', 'exp', 'iat', 'jti', 'sip', 'agent', 'inference', 'observability', 'sha256']);

/**
 * Re-mints a token for a longer session the way a LiveKit server refreshes a connected
 * participant's token. Kept: the identity (`sub`), `name`, `kind`, `kindDetails`, `metadata`,
 * `attributes`, `video`, `roomConfig`, `roomPreset`, with every field inside them, and any
 * claim this library does not know yet (tokens from newer servers are not re-validated
 * field by field). Dropped: the API grants `sip`, `agent`, `inference`, `observability`, the
 * webhook `sha256`, and `aud`, `iat`, `jti`. `iss` is the signing key; `nbf` is now.
 *
 * Lifetime, as the server picks it: by default the larger of 10 minutes and the time left on
 * the old `exp` (so the new token expires when the old one did, unless that is sooner than
 * 10 minutes away); an explicit `ttl` wins.
 *
 * A token string is verified first (with `keys`, default `key`) and an invalid or expired one
 * is rejected with its error code. Claims objects are taken as already verified. What the new
 * token would carry obeys `createToken`'s rules: claims that break them — a `sub`, `name` or room
 * with control, bidi or lone-surrogate characters, an identity or room over 256 UTF-8 bytes,
 * storage credentials or stream outputs in `roomConfig.egress` (unless
 * `allowSensitiveCredentials: true`, as in `createToken`), a token over `maxTokenBytes` — are
 * refused with `ERR_TOKEN_CLAIMS` naming the field, never minted again as they are. Never
 * throws synchronously.
 *
 * @example
 * ```ts
 * const fresh = await refreshToken(token, key);                  // server's lifetime rule
 * const hour = await refreshToken(token, key, { ttl: '1h' });    // explicit lifetime
 * // keys rotated: verify with the old and the new key, sign with the new one
 * const newKey = { apiKey: 'APInew', apiSecret: env.LIVEKIT_API_SECRET };
 * const rotated = await refreshToken(token, newKey, { keys: [key, newKey] });
 * ```
 */
export async function refreshToken(tokenOrClaims: string | LiveKitClaims, key: ApiKey, options: RefreshOptions = {}): Promise<string> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail('ERR_INVALID_OPTIONS', 'refresh options must be an object');
  for (const k of Object.keys(options)) {
    if ((options as Record<string, unknown>)[k] !== undefined && !KNOWN_OPTIONS.includes(k)) fail('ERR_INVALID_OPTIONS', `${k} is not a known refresh option`);
  }
  const { ttl, keys, clockTolerance, allowSensitiveCredentials } = options;
  if (allowSensitiveCredentials !== undefined && typeof allowSensitiveCredentials !== 'boolean') {
    fail('ERR_INVALID_OPTIONS', 'allowSensitiveCredentials must be a boolean');
  }
  const nowMs = epochMillis(options.now);
  const maxBytes = maxTokenBytes(options.maxTokenBytes);
  checkApiKey(key);
  const lifetime = ttl === undefined ? undefined : callerTtl(ttl);

  let claims: Record<string, unknown>;
  if (typeof tokenOrClaims === 'string') claims = await verifyToken(tokenOrClaims, keys ?? key, { now: nowMs, clockTolerance, maxTokenBytes: maxBytes });
  else if (isObject(tokenOrClaims)) claims = tokenOrClaims;
  else fail('ERR_INVALID_OPTIONS', 'refreshToken needs a token string or its claims');

  const nbf = Math.floor(nowMs / 1000);
  // LiveKit reads nbf 0 as "not set".
  if (nbf < 1) fail('ERR_INVALID_OPTIONS', 'now must be after 1970');
  let exp: number;
  if (lifetime !== undefined) exp = nbf + lifetime;
  else {
    // livekit/livekit pkg/service/roommanager.go, refreshToken: valid for max(10 min, time left).
    // The new exp is whole seconds, as the server writes it.
    const old = claims['exp'];
    exp = nbf + MIN_REFRESH_LIFETIME;
    if (typeof old === 'number' && Math.floor(old) > exp) exp = Math.floor(old);
  }

  // The server names the participant by `sub`, or by `jti` when `sub` is empty
  // (livekit/protocol auth/verifier.go, ParseAPIToken), and writes that name into the new token.
  const identity = nonEmpty(claims['sub']) ?? nonEmpty(claims['jti']);
  const fresh: Record<string, unknown> = { iss: key.apiKey, sub: identity, nbf, exp };
  for (const claim of Object.keys(claims)) {
    const value = claims[claim];
    // `null` reads as absent, as on verify; `__proto__` could not be copied by assignment.
    if (DROPPED.has(claim) || value === undefined || value === null || claim === '__proto__') continue;
    // The Go SDK also writes the identity as an `identity` claim: keep it in step with `sub`.
    fresh[claim] = claim === 'identity' ? identity : value;
  }

  // The new token must pass what verification checks after the signature (claim types, times),
  // and what createToken checks of the claims it keeps: a token that breaks those is refused
  // rather than minted again under a fresh expiry.
  const checked = checkClaims(fresh, planVerify({ now: nowMs }));
  checkNames(checked.sub, checked.name, checked.video, 'ERR_TOKEN_CLAIMS', 'sub');
  // The server's refresh mints through ToJWT without the opt-out, so it refuses these too
  // (livekit/protocol auth/accesstoken.go ToJWT, auth/grants.go CheckCredentials).
  if (!allowSensitiveCredentials) checkEgressCredentials(checked.roomConfig?.egress, 'ERR_TOKEN_CLAIMS');
  let json: string;
  try {
    json = JSON.stringify(checked);
  } catch {
    fail('ERR_INVALID_OPTIONS', 'claims must be JSON (no cycles, no BigInt)');
  }
  const token = await signToken(key.apiSecret, HEADER_SEGMENT, utf8(json));
  // ASCII: its length is its size in bytes.
  if (token.length > maxBytes) {
    fail('ERR_TOKEN_CLAIMS', `the refreshed token is ${token.length} bytes, over maxTokenBytes (${maxBytes}); keep large data in room metadata`);
  }
  return token;
}

const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
