import type { ApiKey } from '../index.js';

/**
 * LiveKit's dev-mode key pair (`livekit-server --dev` accepts `devkey` / `secret`). Frozen so
 * that one test cannot change it for the next. Never use it outside local development.
 *
 * @example
 * ```ts
 * import { createToken, verifyToken } from 'livekit-token';
 * import { devKey } from 'livekit-token/testing';
 *
 * const token = await createToken(devKey, { identity: 'alice', video: { roomJoin: true, room: 'demo' } });
 * await verifyToken(token, devKey);
 * ```
 */
export const devKey: Readonly<ApiKey> = Object.freeze({ apiKey: 'devkey', apiSecret: 'secret' });
