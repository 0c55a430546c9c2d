// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain JavaScript, for the synchronous API.
// Web Crypto's `subtle.sign` pays a large fixed cost per call (a thread hop and a promise); a
// token is one or two blocks of hashing, so doing it inline is several times faster. Only the
// sync module imports this file: `createToken`/`verifyToken` bundles never carry it.

import { utf8 } from './utf8.js';

// Round constants and initial state, computed on first use rather than spelled out: the 64 K
// words are the first 32 bits of the fractional parts of the cube roots of the first 64 primes,
// the 8 IV words those of the square roots of the first 8 (FIPS 180-4 §4.2.2, §5.3.3). This is
// far smaller than a literal table and the tests check the result against the FIPS vectors.
let K: Int32Array | undefined;
let IV: Int32Array;
let W: Int32Array;
let TAIL: Uint8Array;
let H: Int32Array;
let INNER: Uint8Array;

const frac = (x: number): number => ((x - Math.floor(x)) * 0x100000000) | 0;

function constants(): Int32Array {
  if (!K) {
    K = new Int32Array(64);
    IV = new Int32Array(8);
    W = new Int32Array(64);
    TAIL = new Uint8Array(128);
    H = new Int32Array(8);
    INNER = new Uint8Array(32);
    for (let n = 2, i = 0; i < 64; n++) {
      let d = 2;
      while (n % d) d++;
      if (d < n) continue; // not a prime
      if (i < 8) IV[i] = frac(Math.sqrt(n));
      K[i++] = frac(Math.cbrt(n));
    }
  }
  return K;
}

/** Runs the compression function over the 64-byte blocks of `m` from `start` to `end` into `h`. */
function compress(h: Int32Array, m: Uint8Array, start: number, end: number): void {
  const k = constants();
  const w = W;
  let h0 = h[0]!, h1 = h[1]!, h2 = h[2]!, h3 = h[3]!, h4 = h[4]!, h5 = h[5]!, h6 = h[6]!, h7 = h[7]!;
  for (let p = start; p < end; p += 64) {
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, j = h7;
    // The message schedule is computed inside the round loop: one pass instead of two.
    for (let i = 0; i < 64; i++) {
      let x: number;
      if (i < 16) {
        const q = p + 4 * i;
        x = (m[q]! << 24) | (m[q + 1]! << 16) | (m[q + 2]! << 8) | m[q + 3]!;
      } else {
        const u = w[i - 15]!;
        const v = w[i - 2]!;
        x = ((((u >>> 7) | (u << 25)) ^ ((u >>> 18) | (u << 14)) ^ (u >>> 3)) + w[i - 16]! + (((v >>> 17) | (v << 15)) ^ ((v >>> 19) | (v << 13)) ^ (v >>> 10)) + w[i - 7]!) | 0;
      }
      w[i] = x;
      const t1 = (j + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[i]! + x) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
      j = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + j) | 0;
  }
  h[0] = h0;
  h[1] = h1;
  h[2] = h2;
  h[3] = h3;
  h[4] = h4;
  h[5] = h5;
  h[6] = h6;
  h[7] = h7;
}

/**
 * Hashes `data` into state `h`, which has already absorbed `prefix` bytes (a whole number of
 * blocks), and writes the digest to `out`. Whole blocks are read in place; only the tail is
 * copied, into a scratch buffer (everything here is synchronous, so sharing it is safe).
 */
function finish(h: Int32Array, data: Uint8Array, prefix: number, out: Uint8Array): Uint8Array {
  const n = data.length;
  const whole = n & ~63;
  compress(h, data, 0, whole);
  const rest = n - whole;
  const end = rest < 56 ? 64 : 128;
  const tail = TAIL.fill(0, 0, end);
  tail.set(data.subarray(whole));
  tail[rest] = 0x80;
  // Message length in bits, big-endian, in the last 8 bytes (2^53 bits is plenty).
  const bits = (n + prefix) * 8;
  const high = Math.floor(bits / 0x100000000);
  for (let i = 0; i < 4; i++) {
    tail[end - 1 - i] = bits >>> (8 * i);
    tail[end - 5 - i] = high >>> (8 * i);
  }
  compress(h, tail, 0, end);
  for (let i = 0; i < 32; i++) out[i] = h[i >> 2]! >>> (24 - 8 * (i & 3));
  return out;
}

/** SHA-256 of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  constants();
  return finish(IV.slice(), data, 0, new Uint8Array(32));
}

// Per secret, the state after the inner (key ⊕ ipad) and outer (key ⊕ opad) blocks: HMAC then
// costs only the message blocks plus one outer block. Bounded like the CryptoKey cache.
const MAX_KEYS = 256;
let states: Map<string, Int32Array> | undefined;

function keyState(secret: string | Uint8Array): Int32Array {
  constants();
  let key = typeof secret === 'string' ? utf8(secret) : secret;
  if (key.length > 64) key = sha256(key);
  const state = new Int32Array(16);
  const block = new Uint8Array(64);
  for (let half = 0; half < 2; half++) {
    const pad = half ? 0x5c : 0x36;
    for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ pad;
    const h = state.subarray(half * 8, half * 8 + 8);
    h.set(IV);
    compress(h, block, 0, 64);
  }
  return state;
}

/**
 * HMAC-SHA256 (RFC 2104). A string key means its UTF-8 bytes, as JWT HS256 uses the API secret;
 * string keys have their derived state cached.
 */
export function hmacSha256(key: string | Uint8Array, data: Uint8Array): Uint8Array {
  let state: Int32Array | undefined;
  if (typeof key === 'string') {
    state = (states ??= new Map()).get(key);
    if (!state) {
      if (states.size >= MAX_KEYS) states.clear();
      states.set(key, (state = keyState(key)));
    }
  } else state = keyState(key);
  H.set(state.subarray(0, 8));
  finish(H, data, 64, INNER);
  H.set(state.subarray(8));
  return finish(H, INNER, 64, new Uint8Array(32));
}
