// The sync engine's SHA-256 and HMAC-SHA256 against the published vectors and against two
// independent implementations (node:crypto and Web Crypto) on random inputs.
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256 } from '../../src/lib/sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);
const fill = (byte: number, n: number) => new Uint8Array(n).fill(byte);

describe('SHA-256: FIPS 180-4 examples', () => {
  it.each([
    ['empty', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc" (one block)', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['448-bit message (two blocks)', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      '896-bit message',
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('%s', (_name, message, digest) => {
    expect(hex(sha256(text(message)))).toBe(digest);
  });

  it('one million "a"', () => {
    expect(hex(sha256(fill(0x61, 1_000_000)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('lengths 0–300 byte by byte (every padding case) match node:crypto', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 167 + 13) & 255);
    for (let n = 0; n <= 300; n++) {
      const m = data.subarray(0, n);
      expect(hex(sha256(m)), `length ${n}`).toBe(createHash('sha256').update(m).digest('hex'));
    }
  });

  it('reads a subarray without looking outside it and leaves the input unchanged', () => {
    const backing = Uint8Array.from({ length: 200 }, (_, i) => i);
    const view = backing.subarray(7, 7 + 121);
    const before = hex(backing);
    expect(hex(sha256(view))).toBe(createHash('sha256').update(view).digest('hex'));
    expect(hex(backing)).toBe(before);
  });
});

describe('HMAC-SHA256: RFC 4231 test cases 1–7', () => {
  const key131 = fill(0xaa, 131);
  const cases: [number, Uint8Array, Uint8Array, string][] = [
    [1, fill(0x0b, 20), text('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [2, text('Jefe'), text('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    [3, fill(0xaa, 20), fill(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [4, Uint8Array.from({ length: 25 }, (_, i) => i + 1), fill(0xcd, 50), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
    // Case 5 publishes the output truncated to 128 bits.
    [5, fill(0x0c, 20), text('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
    [6, key131, text('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    [
      7,
      key131,
      text('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ];
  it.each(cases)('case %i', (_n, key, data, mac) => {
    expect(hex(hmacSha256(key, data)).slice(0, mac.length)).toBe(mac);
  });

  it('a string key means its UTF-8 bytes (case 2 as a string; a cached key gives the same result twice)', () => {
    const data = text('what do ya want for nothing?');
    expect(hex(hmacSha256('Jefe', data))).toBe(cases[1]![3]);
    expect(hex(hmacSha256('Jefe', data))).toBe(cases[1]![3]);
    expect(hex(hmacSha256('clé😀', data))).toBe(createHmac('sha256', Buffer.from('clé😀')).update(data).digest('hex'));
  });

  it('the bounded key cache stays correct when it overflows', () => {
    const data = text('payload');
    for (let i = 0; i < 600; i++) {
      const key = `secret-${i % 300}`;
      expect(hex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
  });
});

// Lengths around the padding edges (55/56: last block full or not; 63/64/119/120: block ends).
const EDGES = [0, 1, 31, 32, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 183, 184, 191, 192, 1000, 4095, 4096, 10_000];
const length = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 300 }));
const bytesOf = (n: fc.Arbitrary<number>) => n.chain((len) => fc.uint8Array({ minLength: len, maxLength: len }));
// Keys: short, exactly one block, and longer than a block (hashed first); bytes and strings.
const keyLength = fc.oneof(fc.constantFrom(0, 1, 32, 63, 64, 65, 128, 200), fc.integer({ min: 0, max: 200 }));
const key = fc.oneof(bytesOf(keyLength), fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }));

async function webCrypto(k: Uint8Array | string, data: Uint8Array): Promise<string> {
  // Copies typed for Web Crypto (ArrayBuffer-backed).
  const raw = new Uint8Array(typeof k === 'string' ? text(k) : k);
  // Web Crypto refuses an empty HMAC key; RFC 2104 zero-pads it like any short key.
  if (raw.length === 0) return createHmac('sha256', Buffer.alloc(0)).update(data).digest('hex');
  const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, new Uint8Array(data))));
}

describe('against independent implementations on random inputs', () => {
  it('SHA-256 equals node:crypto and Web Crypto (2000 messages of 0–10 000 bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(bytesOf(length), async (m) => {
        const ours = hex(sha256(m));
        expect(ours).toBe(createHash('sha256').update(m).digest('hex'));
        expect(ours).toBe(hex(new Uint8Array(await crypto.subtle.digest('SHA-256', m))));
      }),
      { numRuns: 2000 },
    );
  });

  it('HMAC-SHA256 equals node:crypto and Web Crypto (2000 keys × messages)', async () => {
    await fc.assert(
      fc.asyncProperty(key, bytesOf(length), async (k, m) => {
        const ours = hex(hmacSha256(k, m));
        expect(ours).toBe(createHmac('sha256', typeof k === 'string' ? Buffer.from(k) : k).update(m).digest('hex'));
        expect(ours).toBe(await webCrypto(k, m));
      }),
      { numRuns: 2000 },
    );
  });
});
