// The grant helpers livekit-server-sdk exports from its public index, for code that calls them.
import { fail } from '../errors.js';
import type { TrackSource as CoreTrackSource } from '../index.js';
import { SOURCE_NAMES } from './sources.js';
import type { ClaimGrants } from './types.js';

/**
 * protobuf's `TrackSource`, as livekit-server-sdk re-exports it from `@livekit/protocol`: the
 * numbers `canPublishSources` takes besides the names.
 *
 * @example
 * ```ts
 * import { AccessToken, TrackSource } from 'livekit-token/compat';
 *
 * at.addGrant({ roomJoin: true, room: 'demo', canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] });
 * ```
 */
export enum TrackSource {
  UNKNOWN = 0,
  CAMERA = 1,
  MICROPHONE = 2,
  SCREEN_SHARE = 3,
  SCREEN_SHARE_AUDIO = 4,
}

/**
 * The name a token carries for a `TrackSource` number: `TrackSource.CAMERA` → `'camera'`.
 * Throws `ERR_INVALID_OPTIONS` for `UNKNOWN` and numbers that are no source (the SDK throws a
 * `TypeError`).
 *
 * @example
 * ```ts
 * import { TrackSource, trackSourceToString } from 'livekit-token/compat';
 *
 * trackSourceToString(TrackSource.SCREEN_SHARE); // 'screen_share'
 * ```
 */
export function trackSourceToString(source: TrackSource): CoreTrackSource {
  const name = Number.isInteger(source) ? SOURCE_NAMES[source] : undefined;
  if (!name) fail('ERR_INVALID_OPTIONS', `cannot convert TrackSource ${String(source).slice(0, 16)} to a name`);
  return name;
}

/**
 * Claims as a JWT carries them, as the SDK's `claimsToJwtPayload` makes them: a shallow copy
 * whose `video.canPublishSources` holds names instead of `TrackSource` numbers (names given as
 * names stay). Unlike the SDK's, it copies `video` instead of rewriting the caller's object.
 *
 * @example
 * ```ts
 * import { TrackSource, claimsToJwtPayload } from 'livekit-token/compat';
 *
 * const payload = claimsToJwtPayload({ video: { roomJoin: true, room: 'demo', canPublishSources: [TrackSource.MICROPHONE] } });
 * console.log(payload.video?.['canPublishSources']); // ['microphone']
 * ```
 */
export function claimsToJwtPayload(grant: ClaimGrants): JwtPayload & { video?: Record<string, unknown> | undefined } {
  const claims: JwtPayload & { video?: Record<string, unknown> | undefined } = { ...grant };
  const sources: unknown = grant.video?.canPublishSources;
  if (Array.isArray(sources)) {
    claims.video = { ...grant.video, canPublishSources: sources.map((s: unknown) => (typeof s === 'string' ? s : trackSourceToString(s as TrackSource))) };
  }
  return claims;
}

/**
 * A JWT's claims, registered and private, as jose's `JWTPayload` types them.
 *
 * @example
 * ```ts
 * const payload: JwtPayload = claimsToJwtPayload({ sub: 'alice', video: { roomJoin: true, room: 'demo' } });
 * console.log(payload.sub);
 * ```
 */
export interface JwtPayload {
  iss?: string | undefined;
  sub?: string | undefined;
  aud?: string | string[] | undefined;
  jti?: string | undefined;
  nbf?: number | undefined;
  exp?: number | undefined;
  iat?: number | undefined;
  [claim: string]: unknown;
}
