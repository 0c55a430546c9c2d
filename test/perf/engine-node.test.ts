// The Node build's engine (`node:crypto` HMAC, `Buffer` base64url and UTF-8, selected by the `node`
// export condition) passes the same tests as the portable one: the core suites are replayed with
// `lib/hmac.js`, the sync API's HMAC and signing, `lib/base64url.js` and `lib/utf8.js` swapped for
// the Node files, exactly as the build swaps them, and
// with the differential wrapper, so the async and sync paths must agree on every call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as hmac from '../../src/lib/hmac.js';
import { encodeBytes } from '../../src/lib/base64url.js';
import { signatureMatches, signedToken } from '../../src/lib/jws.js';
import { hmacSha256 } from '../../src/lib/sha256.js';
import { utf8 } from '../../src/lib/utf8.js';
import { compared } from './differential.js';

vi.mock('../../src/lib/hmac.js', () => import('../../src/lib/hmac-node.js'));
vi.mock('../../src/lib/base64url.js', () => import('../../src/lib/base64url-node.js'));
vi.mock('../../src/lib/utf8.js', () => import('../../src/lib/utf8-node.js'));
vi.mock('../../src/lib/jws.js', () => import('../../src/lib/jws-node.js'));
vi.mock('../../src/lib/sha256.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/lib/sha256.js')>()),
  ...(await import('../../src/lib/sha256-node.js')),
}));
vi.mock('../../src/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/index.js')>();
  const { differential } = await import('./differential.js');
  return { ...core, ...differential(core) };
});

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
});

await import('../create.test.js');
await import('../verify.test.js');
await import('../vectors.test.js');
await import('../property.test.js');
// RFC 4231 vectors and random inputs against Web Crypto, now through the Node HMAC.
await import('./sha256.test.js');

afterAll(() => {
  vi.useRealTimers();
  expect(compared.create).toBeGreaterThan(100);
  expect(compared.verify).toBeGreaterThan(100);
});

describe('the swap really applies', () => {
  it('lib/hmac.js, the sync HMAC and signing, base64url and UTF-8 are the Node files here', async () => {
    expect(signedToken).toBe((await import('../../src/lib/jws-node.js')).signedToken);
    expect(hmac).toHaveProperty('hmacSha256Node');
    expect(encodeBytes).toBe((await import('../../src/lib/base64url-node.js')).encodeBytes);
    expect(utf8).toBe((await import('../../src/lib/utf8-node.js')).utf8);
    expect(hmacSha256).toBe((await import('../../src/lib/sha256-node.js')).hmacSha256);
  });

  it('verify refuses a signature of the wrong length without throwing (timingSafeEqual needs equal lengths)', async () => {
    const data = new TextEncoder().encode('a.b');
    const good = hmacSha256('secret', data);
    await expect(hmac.hmacVerify('secret', new Uint8Array(good) as Uint8Array<ArrayBuffer>, data)).resolves.toBe(true);
    for (const length of [0, 31, 33, 64]) {
      await expect(hmac.hmacVerify('secret', new Uint8Array(length) as Uint8Array<ArrayBuffer>, data)).resolves.toBe(false);
    }
  });

  it('the signature check compares base64url text: the right one passes, a prefix, an extension or one changed character fails', async () => {
    const signature = encodeBytes(hmacSha256('secret', new TextEncoder().encode('a.b')));
    expect(signatureMatches('secret', 'a.b', signature)).toBe(true);
    await expect(hmac.verifySignature('secret', 'a.b', signature)).resolves.toBe(true);
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    for (const wrong of ['', signature.slice(0, 42), signature + 'A', signature + signature, flipped]) {
      expect(signatureMatches('secret', 'a.b', wrong)).toBe(false);
      await expect(hmac.verifySignature('secret', 'a.b', wrong)).resolves.toBe(false);
    }
  });
});
