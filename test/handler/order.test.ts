// Nothing costly runs for a caller that authorize turns away: a spy on parseTtl (the TTL
// grammar) and on the character scan shows that neither is reached before authorize answers.
import { describe, expect, it, vi } from 'vitest';

const spies = vi.hoisted(() => ({ parseTtl: 0, scans: 0 }));

vi.mock('../../src/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/index.js')>();
  return {
    ...original,
    parseTtl: (value: number | string) => {
      spies.parseTtl++;
      return original.parseTtl(value);
    },
  };
});

vi.mock('../../src/lib/text.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/lib/text.js')>();
  return {
    ...original,
    hasForbiddenCharacter: (text: string) => {
      spies.scans++;
      return original.hasForbiddenCharacter(text);
    },
  };
});

const { createTokenHandler, json, options } = await import('./helpers.js');

describe('order of work', () => {
  it('an unauthorized request never reaches the TTL grammar or the character scan', async () => {
    const order: string[] = [];
    const handler = createTokenHandler(
      options({
        authorize: (req) => (order.push(`authorize ttl=${spies.parseTtl} scans=${spies.scans}`), req.headers.get('authorization') === 'Bearer good'),
      }),
    );
    spies.parseTtl = 0;
    spies.scans = 0;
    const hostile = 'P' + '1'.repeat(60) + 'W' + '1'.repeat(60) + 'DT' + '1'.repeat(60) + 'H' + '1'.repeat(60) + '!';
    const send = (body: unknown, auth: string) => handler(new Request('http://service.test/token', json(body, { authorization: auth })));
    expect((await send({ room: 'r', identity: 'a\u202e', ttl: hostile }, 'Bearer bad')).status).toBe(401);
    expect((await send({ room: 'r', identity: 'a', ttl: '2h' }, 'Bearer bad')).status).toBe(401);
    expect(spies).toEqual({ parseTtl: 0, scans: 0 });
    // Authorized, the same values are read, after authorize: the grammar and the scan run.
    expect((await send({ room: 'r', identity: 'a', ttl: '15m' }, 'Bearer good')).status).toBe(200);
    expect(spies.parseTtl).toBeGreaterThan(0);
    expect(spies.scans).toBeGreaterThan(0);
    expect(order).toEqual(['authorize ttl=0 scans=0', 'authorize ttl=0 scans=0', 'authorize ttl=0 scans=0']);
  });
});
