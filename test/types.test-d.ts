import { describe, expectTypeOf, it } from 'vitest';
import {
  createToken,
  decodeToken,
  isLiveKitTokenError,
  verifyToken,
  type KeySet,
  type LiveKitClaims,
  type LiveKitTokenErrorCode,
  type TokenOptions,
} from '../src/index.js';

describe('public types', () => {
  it('createToken returns a promise of a string and checks grant keys', () => {
    expectTypeOf(createToken).returns.resolves.toBeString();
    // @ts-expect-error roomName is not a VideoGrant field
    const bad: TokenOptions = { video: { roomName: 'x' } };
    // @ts-expect-error unknown kind
    const badKind: TokenOptions = { kind: 'robot' };
    // @ts-expect-error unknown source
    const badSource: TokenOptions = { video: { canPublishSources: ['webcam'] } };
    expectTypeOf<{ phone: string; n: number[] }>().toMatchTypeOf<TokenOptions['metadata']>();
    void [bad, badKind, badSource];
  });

  it('verifyToken resolves to LiveKitClaims and takes every KeySet form', () => {
    // The result is LiveKitClaims with `iss` and `exp` present (checked): verify-types.test-d.ts.
    expectTypeOf(verifyToken('t', [])).resolves.toMatchTypeOf<LiveKitClaims>();
    expectTypeOf<{ apiKey: string; apiSecret: string }>().toMatchTypeOf<KeySet>();
    expectTypeOf<Record<string, string>>().toMatchTypeOf<KeySet>();
    expectTypeOf<(k: string) => Promise<string | undefined>>().toMatchTypeOf<KeySet>();
    // @ts-expect-error a bare string is not a key set
    const notKeys: KeySet = 'secret';
    void notKeys;
  });

  it('claims expose typed grants', () => {
    expectTypeOf(decodeToken).returns.toHaveProperty('claims').toEqualTypeOf<LiveKitClaims>();
    expectTypeOf<LiveKitClaims['video']>().exclude<undefined>().toHaveProperty('canPublish').toEqualTypeOf<boolean | undefined>();
  });

  it('isLiveKitTokenError narrows and takes only known codes', () => {
    const e: unknown = new Error('x');
    if (isLiveKitTokenError(e)) expectTypeOf(e.code).toEqualTypeOf<LiveKitTokenErrorCode>();
    // @ts-expect-error not a code
    isLiveKitTokenError(e, 'ERR_NOPE');
  });

  it('kindDetails, egress and the size and credentials options are typed', () => {
    const ok: TokenOptions = {
      kindDetails: ['cloud_agent'],
      maxTokenBytes: 16384,
      allowSensitiveCredentials: true,
      roomConfig: { egress: { room: { fileOutputs: [{ s3: { bucket: 'b', secret: 's' } }] }, tracks: { gcp: { bucket: 'b' } } }, agents: [{}] },
    };
    // @ts-expect-error not a kind detail LiveKit defines
    const badDetail: TokenOptions = { kindDetails: ['teleporter'] };
    // @ts-expect-error RoomEgress has room, participant and tracks only
    const badEgress: TokenOptions = { roomConfig: { egress: { recording: {} } } };
    expectTypeOf(ok).toEqualTypeOf<TokenOptions>();
    expectTypeOf(badDetail).toEqualTypeOf<TokenOptions>();
    expectTypeOf(badEgress).toEqualTypeOf<TokenOptions>();
  });
});
