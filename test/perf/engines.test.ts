// The three builds and their HMAC engines: the Web build (Web Crypto; browsers, Workers, edge),
// the Node build (`node:crypto`; Node and Bun) and the Deno build (JavaScript HMAC for token-sized
// inputs, Web Crypto above). Same bytes, same results, same errors; the portable builds load no
// Node built-in. Needs `dist/` (npm test builds first).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as portable from '../../src/lib/base64url.js';
import * as nodeBase64url from '../../src/lib/base64url-node.js';
import * as webCrypto from '../../src/lib/hmac.js';
import * as deno from '../../src/lib/hmac-deno.js';
import * as portableUtf8 from '../../src/lib/utf8.js';
import * as nodeUtf8 from '../../src/lib/utf8-node.js';

const root = join(import.meta.dirname, '..', '..');
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed) & 255) as Uint8Array<ArrayBuffer>;
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

describe('Deno engine: inline HMAC up to INLINE_MAX_BYTES, Web Crypto above', () => {
  it.each([0, 1, 63, 64, 65, 500, deno.INLINE_MAX_BYTES - 1, deno.INLINE_MAX_BYTES, deno.INLINE_MAX_BYTES + 1, 10_000])('%i bytes: same signature as Web Crypto, verified by both', async (n) => {
    const data = bytes(n);
    const expected = await webCrypto.hmacSign('sEcReT', data);
    const signature = new Uint8Array(await deno.hmacSign('sEcReT', data));
    expect(hex(signature)).toBe(hex(expected));
    await expect(deno.hmacVerify('sEcReT', signature, data)).resolves.toBe(true);
    await expect(webCrypto.hmacVerify('sEcReT', signature, data)).resolves.toBe(true);
    signature[31] = signature[31]! ^ 1;
    await expect(deno.hmacVerify('sEcReT', signature, data)).resolves.toBe(false);
  });

  it('random secrets (any Unicode, long ones hashed first) and inputs agree with Web Crypto', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }), fc.uint8Array({ maxLength: 600 }), async (secret, data) => {
        const d = new Uint8Array(data) as Uint8Array<ArrayBuffer>;
        expect(hex(await deno.hmacSign(secret, d))).toBe(hex(await webCrypto.hmacSign(secret, d)));
      }),
      { numRuns: 300 },
    );
  });

  it('a signature of the wrong length is refused, below and above the threshold', async () => {
    for (const n of [10, deno.INLINE_MAX_BYTES + 10]) {
      const data = bytes(n);
      const good = new Uint8Array(await deno.hmacSign('k', data));
      for (const length of [0, 31, 33]) {
        const sig = new Uint8Array(length);
        sig.set(good.subarray(0, length));
        await expect(deno.hmacVerify('k', sig, data)).resolves.toBe(false);
      }
    }
  });
});

/** `text` with the character at `at` (modulo its length) replaced by `c`; `c` alone for ''. */
function withOneChange(text: string, at: number, c: string): string {
  if (text === '') return c;
  const i = at % text.length;
  return text.slice(0, i) + c + text.slice(i + 1);
}

describe('Node build: base64url and UTF-8 through Buffer give the portable results', () => {
  // Characters of the alphabet, of the other base64 alphabet, padding, whitespace, and characters
  // whose low bits spell alphabet characters (U+0141, U+0241, U+FF41) — lenient decoders' traps.
  const unit = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''), '+', '/', '=', ' ', '\n', '.', '\u00c1', '\u0141', '\u0241', '\uff41', '\ud800');

  it('decodeBytes accepts and rejects exactly the same strings, with the same bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(nodeBase64url.decodeBytes(text)).toEqual(portable.decodeBytes(text));
      }),
      { numRuns: 5000 },
    );
    // Mostly-valid strings: canonical encodings with one character changed.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), unit, (data, at, c) => {
        const text = portable.encodeBytes(data);
        const changed = withOneChange(text, at, c);
        for (const t of [text, changed, text + c, text.slice(0, -1)]) expect(nodeBase64url.decodeBytes(t)).toEqual(portable.decodeBytes(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeText (base64url, then strict UTF-8) accepts and rejects the same strings, with the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(nodeBase64url.decodeText(text)).toBe(portable.decodeText(text));
      }),
      { numRuns: 1000 },
    );
    // Canonical encodings of arbitrary bytes (often invalid UTF-8) and of text, one character changed.
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }).map((t) => new TextEncoder().encode(t))), fc.nat(), unit, (data, at, c) => {
        const text = portable.encodeBytes(data);
        const changed = withOneChange(text, at, c);
        for (const t of [text, changed]) expect(nodeBase64url.decodeText(t)).toBe(portable.decodeText(t));
      }),
      { numRuns: 1000 },
    );
  });

  it('encodeBytes and encodeInto write the same characters; decoded bytes own their memory', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (data, at) => {
        expect(nodeBase64url.encodeBytes(data)).toBe(portable.encodeBytes(data));
        const a = new Uint8Array(at + portable.encodedLength(data.length) + 3).fill(7);
        const b = a.slice();
        portable.encodeInto(data, a, at);
        nodeBase64url.encodeInto(data, b, at);
        expect(b).toEqual(a);
      }),
      { numRuns: 2000 },
    );
    const decoded = nodeBase64url.decodeBytes('AAEC')!;
    expect(decoded.buffer.byteLength).toBe(3); // not a view into Buffer's shared pool
  });

  it('utf8 gives the bytes TextEncoder gives, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(new Uint8Array(nodeUtf8.utf8(text))).toEqual(portableUtf8.utf8(text));
      }),
      { numRuns: 3000 },
    );
  });
});

/** A built entry and every chunk it loads, following relative imports. */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|require\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) walk(join(dirname(file), m[1]!));
  };
  walk(entry);
  return [...seen];
}
const builtins = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|require\(\s*)["']((?:node:)?[a-z_]+)["']/g)].map((m) => m[1]).filter((s) => !s!.startsWith('.'));

/** A call's result or its error's name, code and message, sync or async. */
async function outcome(f: () => unknown): Promise<{ ok: unknown } | { error: { name: string; code: string; message: string } }> {
  try {
    return { ok: await f() };
  } catch (e) {
    const { name, code, message } = e as { name: string; code: string; message: string };
    return { error: { name, code, message } };
  }
}

const SUBPATHS = ['', 'compat/', 'handler/', 'testing/'];
const built = existsSync(join(root, 'dist/node/index.js')) && existsSync(join(root, 'dist/deno/index.js'));

describe.runIf(built)('the built engines', () => {
  it('the Node build’s core imports node:crypto and node:buffer and no other built-in', () => {
    const found = new Set(closure(join(root, 'dist/node/index.js')).flatMap(builtins));
    expect([...found].sort()).toEqual(['node:buffer', 'node:crypto']);
    expect(closure(join(root, 'dist/node/index.cjs')).flatMap(builtins)).toContain('node:crypto');
  });

  it('the Deno build, like the Web build, loads no Node built-in and mentions no Buffer or process', () => {
    for (const sub of SUBPATHS) {
      const entry = join(root, 'dist/deno', sub, 'index.js');
      if (!existsSync(entry)) continue;
      for (const f of closure(entry)) {
        const code = readFileSync(f, 'utf8');
        expect(code, relative(root, f)).not.toMatch(/(?:from\s*|require\(\s*|import\s+)["']node:|\bBuffer\b/);
      }
    }
  });

  it('every subpath has its Node and Deno build, and package.json routes the conditions to them', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const sub of SUBPATHS) {
      const key = sub ? `./${sub.slice(0, -1)}` : '.';
      if (!existsSync(join(root, 'dist', sub, 'index.js'))) continue;
      const entry = pkg.exports[key];
      expect(Object.keys(entry)).toEqual(['deno', 'node', 'import', 'require']);
      expect(entry.node.import.default).toBe(`./dist/node/${sub}index.js`);
      expect(entry.node.require.default).toBe(`./dist/node/${sub}index.cjs`);
      expect(entry.deno.default).toBe(`./dist/deno/${sub}index.js`);
      // One set of type declarations for every build: the API is the same.
      expect(entry.node.import.types).toBe(entry.import.types);
      expect(entry.deno.types).toBe(entry.import.types);
      for (const file of [entry.node.import.default, entry.node.require.default, entry.deno.default]) expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('the three builds refuse the same malformed tokens with the same codes and messages', async () => {
    type Core = typeof import('../../src/index.js');
    const builds = (await Promise.all(['dist/index.js', 'dist/node/index.js', 'dist/deno/index.js'].map((f) => import(join(root, f))))) as Core[];
    const key = { apiKey: 'APIkey', apiSecret: 'a secret that is long enough to be realistic' };
    const now = 1_750_000_000_000;
    // Payload lengths 0, 1 and 2 mod 3 give segments whose last group has 4, 2 and 3 characters.
    const tokens = ['a', 'ab', 'abc'].map((identity) => builds[0]!.createTokenSync(key, { identity, now }));
    // What lenient decoders (Buffer among them) take: other alphabets, padding, whitespace,
    // characters whose low byte is an alphabet character, unused bits set, a stray character.
    const edits: ((segment: string) => string)[] = [
      (s) => s.replace(/[-_]|[A-Z]/, '+'),
      (s) => s.replace(/[-_]|[a-z]/, '/'),
      (s) => `${s}=`,
      (s) => `${s}==`,
      (s) => `${s.slice(0, 4)} ${s.slice(4)}`,
      (s) => `${s.slice(0, 4)}\n${s.slice(4)}`,
      (s) => `${s.slice(0, 4)}\u0141${s.slice(4)}`,
      (s) => `${s.slice(0, 4)}\uff41${s.slice(4)}`,
      (s) => `${s.slice(0, 4)}\u00c1${s.slice(4)}`,
      (s) => `${s}A`,
      (s) => s.slice(0, -1),
      // The last character one step up the alphabet: a non-canonical spelling when bits are unused.
      (s) => s.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_A'['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(s.at(-1)!) + 1]!,
    ];
    // A payload of bytes that are not UTF-8, spelled in strict base64url.
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url');
    const malformed = new Set<string>();
    for (const token of tokens) {
      const parts = token.split('.');
      const variants = [`${parts[0]}.${notUtf8}.${parts[2]}`];
      for (let part = 0; part < 3; part++) {
        for (const edit of edits) variants.push(parts.map((p, i) => (i === part ? edit(p) : p)).join('.'));
      }
      for (const t of variants) {
        const outcomes = [];
        for (const b of builds) {
          outcomes.push(await outcome(() => b.verifyToken(t, key, { now })));
          outcomes.push(await outcome(() => b.verifyTokenSync(t, key, { now })));
          outcomes.push(await outcome(() => b.decodeToken(t)));
        }
        for (let i = 0; i < outcomes.length; i++) expect(outcomes[i], `${JSON.stringify(t)}, call ${i}`).toEqual(outcomes[i % 3]);
        expect(outcomes[0], JSON.stringify(t)).toHaveProperty('error');
        const code = (outcomes[0] as { error: { code: string } }).error.code;
        expect(['ERR_TOKEN_MALFORMED', 'ERR_TOKEN_SIGNATURE']).toContain(code);
        if (code === 'ERR_TOKEN_MALFORMED') malformed.add(t);
      }
    }
    // Most edits break the spelling itself; the rest (a trailing 'A' that still spells a byte,
    // a payload edit the signature no longer covers) are bad signatures in every build alike.
    expect(malformed.size).toBeGreaterThan(80);
  });

  it('the three builds mint the same bytes, verify each other’s tokens and fail with the same errors', async () => {
    type Core = typeof import('../../src/index.js');
    const builds = (await Promise.all(['dist/index.js', 'dist/node/index.js', 'dist/deno/index.js'].map((f) => import(join(root, f))))) as Core[];
    const key = { apiKey: 'APIkey', apiSecret: 'a secret that is long enough to be realistic' };
    const now = 1_750_000_000_000;
    const cases = [
      { identity: 'alice', now, video: { roomJoin: true, room: 'demo' } },
      { identity: 'ü', name: 'Ünïcødé 😀', metadata: { a: [1, 2] }, attributes: { k: 'v' }, now, ttl: '1h' },
      { identity: 'big', metadata: 'm'.repeat(6000), now }, // above the Deno engine's inline limit
      { video: { roomName: 'x' }, now },
      { identity: '', now },
    ];
    for (const options of cases) {
      const results = [];
      for (const b of builds) {
        results.push(await outcome(() => b.createToken(key, options as never)));
        results.push(await outcome(() => b.createTokenSync(key, options as never)));
      }
      for (const r of results) expect(r).toEqual(results[0]);
      const token = (results[0] as { ok?: string }).ok;
      if (typeof token !== 'string') continue;
      const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      for (const t of [token, tampered]) {
        const verified = [];
        for (const b of builds) {
          verified.push(await outcome(() => b.verifyToken(t, key, { now })));
          verified.push(await outcome(() => b.verifyTokenSync(t, key, { now })));
        }
        for (const v of verified) expect(v).toEqual(verified[0]);
      }
    }
  });
});
