// One claim schema drives validation (create and verify), the token service's grant checks and
// describeToken's wording. A made-up field added to a copy of the schema shows up in all of
// them, with no other change: this is what "adding a field is one entry" means in practice
// (CONTRIBUTING.md; the compiler then asks for its interface field and meaning line).
import { describe, expect, it } from 'vitest';
import { checkFields } from '../../src/claims.js';
import { grantedAbilities, describeToken } from '../../src/describe.js';
import { applyPolicy, checkGrantShape } from '../../src/handler/policy.js';
import { MEANINGS, WORDING } from '../../src/meanings.js';
import { CLAIMS, TOKEN_OPTIONS, VIDEO_GRANT, isNested, type Schema } from '../../src/schema.js';

const WITH_TELEPORT = { ...VIDEO_GRANT, canTeleport: 'boolean' } as const satisfies Schema;
const CLAIMS_WITH_TELEPORT = { ...CLAIMS, video: { fields: WITH_TELEPORT } } as const satisfies Schema;
const OPTIONS_WITH_TELEPORT = { ...TOKEN_OPTIONS, video: { fields: WITH_TELEPORT } } as const satisfies Schema;

const strict = (value: Record<string, unknown>, schema: Schema) => () => checkFields(value, schema, '', true, 'ERR_INVALID_OPTIONS');
const tolerant = (value: Record<string, unknown>, schema: Schema) => () => checkFields(value, schema, '', false, 'ERR_TOKEN_CLAIMS');

describe('a made-up boolean grant added to the schema alone', () => {
  it('create: refused as unknown today, accepted and type-checked once in the schema', () => {
    expect(strict({ video: { canTeleport: true } }, TOKEN_OPTIONS)).toThrow('video.canTeleport is not a known field');
    expect(strict({ video: { canTeleport: true } }, OPTIONS_WITH_TELEPORT)()).toEqual({ video: { canTeleport: true } });
    expect(strict({ video: { canTeleport: 'yes' } }, OPTIONS_WITH_TELEPORT)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message: 'video.canTeleport must be a boolean' }),
    );
  });

  it('verify: passed through as unknown today, type-checked once in the schema', () => {
    expect(tolerant({ video: { canTeleport: 1 } }, CLAIMS)()).toEqual({ video: { canTeleport: 1 } });
    expect(tolerant({ video: { canTeleport: 1 } }, CLAIMS_WITH_TELEPORT)).toThrow(
      expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS', message: 'video.canTeleport must be a boolean' }),
    );
  });

  it('token service: a grant it may request, checked for type, and governed by the policy list', () => {
    expect(() => checkGrantShape({ canTeleport: true })).toThrow(expect.objectContaining({ status: 422 }));
    expect(checkGrantShape({ canTeleport: true }, WITH_TELEPORT)).toEqual({ canTeleport: true });
    expect(() => checkGrantShape({ canTeleport: 'yes' }, WITH_TELEPORT)).toThrow(
      expect.objectContaining({ status: 422, code: 'ERR_INVALID_FIELD', message: 'grants.canTeleport must be a boolean' }),
    );
    // Not in the caller's allowed list: refused like any other widening grant.
    expect(() => applyPolicy(['roomJoin'], { canTeleport: true } as never, 'demo')).toThrow(expect.objectContaining({ status: 403 }));
    expect(applyPolicy(['roomJoin', 'canTeleport'] as never, { canTeleport: true } as never, 'demo')).toMatchObject({ canTeleport: true, room: 'demo' });
  });

  it('describeToken: named by its path until it has a meaning, then by its wording', () => {
    const claims = { sub: 'a', video: { canTeleport: true, roomCreate: true } };
    expect(grantedAbilities(claims)).toEqual(['create rooms']);
    expect(grantedAbilities(claims, CLAIMS_WITH_TELEPORT)).toEqual(['create rooms', 'video.canTeleport']);
    expect(grantedAbilities(claims, CLAIMS_WITH_TELEPORT, { ...WORDING, 'video.canTeleport': 'teleport' })).toEqual([
      'create rooms',
      'teleport',
    ]);
  });
});

describe('the shipped schema', () => {
  /** Every field path, as meanings.ts spells them. */
  function paths(schema: Schema, prefix = ''): string[] {
    return Object.entries(schema).flatMap(([field, type]) => {
      const path = prefix + field;
      if (isNested(type)) return [path, ...paths(type.fields, path + '.')];
      if (typeof type === 'object' && 'listOf' in type && !Array.isArray(type.listOf)) return [path, ...paths(type.listOf as Schema, path + '[].')];
      return [path];
    });
  }

  it('has a one-line meaning for every field, and no meaning without a field', () => {
    expect(Object.keys(MEANINGS).sort()).toEqual(paths(CLAIMS).sort());
    for (const [path, meaning] of Object.entries(MEANINGS)) expect(meaning, path).toMatch(/^[A-Z].{5,110}\.$/);
  });

  it('words every boolean grant, or says that describeToken words it itself', () => {
    const booleans = paths(CLAIMS).filter((path) => {
      const [claim, field] = path.split('.');
      const type = field === undefined ? undefined : CLAIMS[claim as keyof typeof CLAIMS];
      return isNested(type) && (type.fields as Schema)[field!] === 'boolean';
    });
    expect(Object.keys(WORDING).sort()).toEqual(booleans.sort());
  });

  it('describes every boolean grant that has wording, and each wording is distinct', () => {
    const grants: Record<string, Record<string, boolean>> = {};
    const expected: string[] = [];
    for (const [path, says] of Object.entries(WORDING)) {
      if (typeof says !== 'string') continue;
      const [claim, field] = path.split('.') as [string, string];
      (grants[claim] ??= {})[field] = true;
      expected.push(says);
    }
    expect(new Set(expected).size).toBe(expected.length);
    expect(grantedAbilities(grants)).toEqual(expected);
    expect(describeToken({ ...grants, exp: 2e9 }, { now: 1.9e12 })).toContain(expected.join(', '));
  });

  it('the handler checks grants against the video grant fields exactly', () => {
    for (const field of Object.keys(VIDEO_GRANT)) expect(() => checkGrantShape({ [field]: undefined })).not.toThrow();
    expect(() => checkGrantShape({ toString: true })).toThrow(expect.objectContaining({ status: 422 }));
  });
});
