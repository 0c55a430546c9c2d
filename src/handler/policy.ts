import { checkFields } from '../claims.js';
import { isLiveKitTokenError, type VideoGrant } from '../index.js';
import { VIDEO_GRANT, type Schema } from '../schema.js';
import { reject } from './http.js';
import type { GrantPolicyDecision, VideoGrantName } from './types.js';

/**
 * The grants the default policy lets a caller switch on: joining, publishing, subscribing and
 * data, in the requested room only. Nothing admin-like (`roomAdmin`, `roomCreate`, `roomList`,
 * `roomRecord`, `ingressAdmin`, `hidden`, `recorder`, `agent`, `canSubscribeMetrics`,
 * `canManageAgentSession`, `destinationRoom`), and not `canUpdateOwnMetadata`: a client holding
 * it can rewrite the name, metadata and attributes its token was minted with, which is what
 * `authorize` bound. A policy list of your own may still name it.
 *
 * @example
 * ```ts
 * import { createTokenHandler, PARTICIPANT_GRANTS } from 'livekit-token/handler';
 *
 * const isModerator = (req: Request) => req.headers.get('x-role') === 'moderator'; // your check
 * const handler = createTokenHandler({
 *   keys: { apiKey: 'APIabc', apiSecret: 'a-long-random-secret' },
 *   wsUrl: 'wss://my-project.livekit.cloud',
 *   authorize: (req) => req.headers.has('x-role'),
 *   // Moderators may also join hidden; everybody else gets the default participant grants.
 *   grantPolicy: (req) => (isModerator(req) ? [...PARTICIPANT_GRANTS, 'hidden'] : PARTICIPANT_GRANTS),
 * });
 * ```
 */
export const PARTICIPANT_GRANTS: readonly VideoGrantName[] = Object.freeze([
  'roomJoin',
  'canPublish',
  'canSubscribe',
  'canPublishData',
  'canPublishSources',
] as const);

/**
 * @internal Checks the shape of a request's `grants` (422 for unknown fields or wrong types)
 * against the core's claim schema for the `video` grant, `VIDEO_GRANT` (tests pass another).
 */
export function checkGrantShape(grants: unknown, schema: Schema = VIDEO_GRANT): VideoGrant | undefined {
  if (grants === undefined) return undefined;
  if (typeof grants !== 'object' || grants === null || Array.isArray(grants)) {
    reject(422, 'ERR_INVALID_FIELD', 'grants must be an object of video grants');
  }
  for (const name of Object.keys(grants)) {
    if (!Object.hasOwn(schema, name)) reject(422, 'ERR_INVALID_FIELD', `grants.${name.slice(0, 64)} is not a video grant`);
  }
  try {
    // The same type checks as createToken, so both name the field the same way. Values (such
    // as an unknown track source) are left to createToken.
    checkFields(grants as Record<string, unknown>, schema, 'grants.', false, 'ERR_INVALID_OPTIONS');
  } catch (error) {
    if (isLiveKitTokenError(error)) reject(422, 'ERR_INVALID_FIELD', error.message);
    throw error;
  }
  return grants as VideoGrant;
}

// Grants LiveKit switches on when a token leaves them out: a list that does not name them must
// write them as `false`, or the token would allow what the policy left out.
// (livekit/protocol auth/grants.go: VideoGrant.GetCanPublish, GetCanSubscribe, GetCanPublishData.)
const DEFAULT_ON = ['canPublish', 'canSubscribe', 'canPublishData'] as const;

/**
 * @internal Applies a policy decision to requested grants and returns the token's video grant:
 * `{ roomJoin: true, ...base, ...requested, room }`, narrowed by the decision. 403 when the
 * caller asks to switch on a field the decision does not list. Setting a flag to `false` and
 * `canPublishSources` only narrow the token, so they never need permission; `roomJoin` and
 * `room` come from the route. A list that leaves out a grant LiveKit switches on by default
 * writes it as `false`.
 */
export function applyPolicy(decision: GrantPolicyDecision, requested: VideoGrant | undefined, room: string, base?: VideoGrant): VideoGrant {
  if (decision === false) reject(403, 'ERR_FORBIDDEN', 'this caller may not have a token for this room');
  if (decision !== true && !Array.isArray(decision)) reject(500, 'ERR_INTERNAL', 'the grant policy returned an invalid answer');
  const video: VideoGrant = { roomJoin: true, ...base, ...requested, room };
  if (decision === true) return video;
  const allowed = decision as readonly string[];
  if (requested !== undefined) {
    for (const [name, value] of Object.entries(requested)) {
      const widens = value === true || (name === 'destinationRoom' && value !== undefined);
      if (widens && name !== 'roomJoin' && !allowed.includes(name)) {
        reject(403, 'ERR_GRANT_NOT_ALLOWED', `the grant ${name} is not allowed for this caller`);
      }
    }
  }
  for (const name of DEFAULT_ON) if (!allowed.includes(name)) video[name] = false;
  return video;
}
