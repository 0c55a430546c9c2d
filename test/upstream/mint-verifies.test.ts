// Property: every token createToken returns verifies with the same key and options (the same
// clock, identity and room), and says what the options said. Over random option sets, large
// metadata up to the token size bound included, and random valid names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createToken, createTokenSync, decodeToken, isLiveKitTokenError, parseTtl, verifyToken, verifyTokenSync,
  type ParticipantKind, type TokenOptions, type TrackSource,
} from '../../src/index.js';
import { hasForbiddenCharacter, utf8Length } from '../../src/lib/text.js';

const KEY = { apiKey: 'APIproperty', apiSecret: 'property-secret-0123456789' };
const KINDS: ParticipantKind[] = ['standard', 'ingress', 'egress', 'sip', 'agent', 'connector', 'bridge'];
const SOURCES: TrackSource[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];

/** A valid identity, room or display name: 1 to 256 UTF-8 bytes, no control or bidi characters. */
const validName = fc
  .string({ unit: fc.oneof(fc.constant('grapheme' as const), fc.constant('binary' as const)).chain((unit) => fc.string({ unit, minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 120 })
  .filter((s) => s.length > 0 && utf8Length(s) <= 256 && !hasForbiddenCharacter(s));

/**
 * Text of any size up to a little over what fits in a token, ASCII or not; one draw in two lies
 * near the 8 KiB bound (unbiased: fast-check otherwise favours small sizes).
 */
const bigText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.noBias(fc.integer({ min: 0, max: 6500 })).map((n) => 'm'.repeat(n)),
  { arbitrary: fc.noBias(fc.integer({ min: 4500, max: 6500 })).map((n) => 'm'.repeat(n)), weight: 2 },
  { arbitrary: fc.noBias(fc.integer({ min: 1500, max: 2200 })).map((n) => '€'.repeat(n)), weight: 2 },
);

const metadata = fc.oneof({ arbitrary: bigText, weight: 3 }, fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__'), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 4 }));
const attributes = fc.dictionary(fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__'), fc.string({ maxLength: 30 }), { maxKeys: 5 });
const flags = fc.record(
  {
    canPublish: fc.boolean(), canSubscribe: fc.boolean(), canPublishData: fc.boolean(), canUpdateOwnMetadata: fc.boolean(),
    hidden: fc.boolean(), recorder: fc.boolean(), agent: fc.boolean(), roomAdmin: fc.boolean(), roomRecord: fc.boolean(),
    canSubscribeMetrics: fc.boolean(), canManageAgentSession: fc.boolean(),
    canPublishSources: fc.subarray(SOURCES),
  },
  { requiredKeys: [] },
);
const roomConfig = fc.record(
  {
    name: validName,
    emptyTimeout: fc.nat(86400),
    maxParticipants: fc.nat(1000),
    metadata: fc.string({ maxLength: 50 }),
    // agentName may be left out: the default agent (livekit/protocol RoomAgentDispatch).
    agents: fc.array(fc.record({ agentName: fc.string({ maxLength: 20 }), metadata: fc.string({ maxLength: 40 }) }, { requiredKeys: [] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
// Numbers from 60: a bare number below 60 is refused as a slip (test/domain/bare-ttl.test.ts).
const ttl = fc.oneof(fc.integer({ min: 60, max: 100 * 365 * 86400 }), fc.constantFrom('10m', '1h', '6h', '2 days', '90s', '24s', 'PT1H30M', '1.5h'));
// From 2001 to 2096: far from both ends of a Date, with sub-second parts.
const now = fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 });

const options = fc.record(
  {
    identity: validName, room: validName, name: validName, metadata, attributes, kind: fc.constantFrom(...KINDS),
    video: flags, roomConfig, roomPreset: fc.string({ maxLength: 20 }), ttl, now,
  },
  { requiredKeys: ['identity', 'room', 'now', 'metadata'] },
).map(({ room, video, ...rest }): TokenOptions & { now: number; identity: string } => ({ ...rest, video: { ...video, roomJoin: true, room } }));

async function settle<T>(p: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await p };
  } catch (error) {
    return { error };
  }
}

describe('every token createToken returns verifies with the same key and options', () => {
  it('over random option sets, names and large metadata', async () => {
    let minted = 0;
    let nearBound = 0;
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const created = await settle(createToken(KEY, o));
        if ('error' in created) {
          // The only acceptable refusal for these valid options is the token's size: the same
          // options with short metadata and attributes mint.
          expect(isLiveKitTokenError(created.error) && created.error.code).toBe('ERR_INVALID_OPTIONS');
          await expect(createToken(KEY, { ...o, metadata: 'm', attributes: {} })).resolves.toEqual(expect.any(String));
          return;
        }
        const token = created.ok;
        minted++;
        if (token.length > 6000) nearBound++;
        expect(createTokenSync(KEY, o)).toBe(token);
        const verifyOptions = { now: o.now, identity: o.identity, room: o.video!.room! };
        const claims = await verifyToken(token, KEY, verifyOptions);
        expect(verifyTokenSync(token, KEY, verifyOptions)).toEqual(claims);
        expect(claims).toEqual(decodeToken(token).claims);
        // ...and says what the options said.
        const nbf = Math.floor(o.now / 1000);
        expect(claims.iss).toBe(KEY.apiKey);
        expect(claims.nbf).toBe(nbf);
        expect(claims.exp).toBe(nbf + (o.ttl === undefined ? 6 * 3600 : parseTtl(o.ttl)));
        expect(claims.sub).toBe(o.identity);
        expect(claims.name).toBe(o.name);
        expect(claims.kind).toBe(o.kind);
        expect(claims.metadata).toBe(o.metadata === undefined || typeof o.metadata === 'string' ? o.metadata : JSON.stringify(o.metadata));
        expect(claims.attributes).toEqual(o.attributes);
        expect(claims.video).toEqual(o.video);
        expect(claims.roomConfig).toEqual(o.roomConfig && Object.keys(o.roomConfig).length > 0 ? o.roomConfig : undefined);
      }),
      { numRuns: 200 },
    );
    // The generators must exercise the interesting part: most sets mint, some near the bound.
    expect(minted).toBeGreaterThan(100);
    expect(nearBound).toBeGreaterThan(20);
  });
});
