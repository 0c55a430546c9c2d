// The claim schema and the hand-written interfaces cannot drift apart: each table in
// src/schema.ts `satisfies` a type computed from its interface. These lines show that a field
// declared on one side only, or with another type, does not compile.
import { describe, expectTypeOf, it } from 'vitest';
import type { RoomConfiguration, SIPGrant, VideoGrant } from '../src/grants.js';
import { ROOM_CONFIGURATION, SIP_GRANT, VIDEO_GRANT, type BooleanGrantPath, type SchemaOf } from '../src/schema.js';

describe('schema ↔ interface ties', () => {
  it('the shipped tables match their interfaces', () => {
    expectTypeOf(VIDEO_GRANT).toMatchTypeOf<SchemaOf<VideoGrant>>();
    expectTypeOf(SIP_GRANT).toMatchTypeOf<SchemaOf<SIPGrant>>();
    expectTypeOf(ROOM_CONFIGURATION).toMatchTypeOf<SchemaOf<RoomConfiguration>>();
  });

  it('a field in the interface but not in the schema is a compile error', () => {
    interface WiderSip extends SIPGrant {
      /** A field someone added to the type and forgot in the schema. */
      transfer?: boolean | undefined;
    }
    // @ts-expect-error the schema lacks `transfer`
    const schema = { admin: 'boolean', call: 'boolean' } as const satisfies SchemaOf<WiderSip>;
    expectTypeOf(schema).toHaveProperty('admin');
  });

  it('a field in the schema but not in the interface is a compile error', () => {
    // @ts-expect-error `transfer` is not a SIPGrant field
    const schema = { admin: 'boolean', call: 'boolean', transfer: 'boolean' } as const satisfies SchemaOf<SIPGrant>;
    expectTypeOf(schema).toHaveProperty('admin');
  });

  it('removing a field from the schema is a compile error', () => {
    const { canPublish: _removed, ...withoutCanPublish } = VIDEO_GRANT;
    // @ts-expect-error canPublish is missing
    const schema: SchemaOf<VideoGrant> = withoutCanPublish;
    expectTypeOf(schema).toHaveProperty('roomJoin');
  });

  it('a field declared with another type is a compile error', () => {
    // @ts-expect-error admin is a boolean, not a string
    const schema = { admin: 'string', call: 'boolean' } as const satisfies SchemaOf<SIPGrant>;
    // @ts-expect-error an enum list must hold only TrackSource names
    const sources = { ...VIDEO_GRANT, canPublishSources: { listOf: ['camera', 'webcam'] } } as const satisfies SchemaOf<VideoGrant>;
    expectTypeOf(schema).toHaveProperty('admin');
    expectTypeOf(sources).toHaveProperty('room');
  });

  it('tables keyed by grant path (the CLI flags) accept boolean grants only', () => {
    const ok = { admin: 'video.roomAdmin', inference: 'inference.perform' } as const satisfies Record<string, BooleanGrantPath>;
    // @ts-expect-error video.room is a string, not a boolean grant
    const notBoolean = { room: 'video.room' } as const satisfies Record<string, BooleanGrantPath>;
    // @ts-expect-error a grant the schema does not declare
    const unknown = { teleport: 'video.canTeleport' } as const satisfies Record<string, BooleanGrantPath>;
    expectTypeOf(ok.admin).toEqualTypeOf<'video.roomAdmin'>();
    expectTypeOf(notBoolean).toBeObject();
    expectTypeOf(unknown).toBeObject();
  });
});
