// What is timed: the LiveKit payload, the floors, our four entry points and the peer libraries.
// Runtime-neutral (Node, Bun, Deno): only Web APIs plus node:crypto, which all three provide.
import { createHmac } from 'node:crypto';

export const API_KEY = 'APIkey123';
export const API_SECRET = 'sEcReTkEy0123456789abcdefghijABCDEFGHIJklmn'; // 43 characters
export const KEY = { apiKey: API_KEY, apiSecret: API_SECRET };
export const IDENTITY = 'caller-+15551234567';
export const NAME = 'Caller from +1 (555) 123-4567';
export const METADATA = '{"phone_number":"+15551234567","call_id":"c-42"}';
export const VIDEO = { room: 'call-123456-abc', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true };
export const TTL = 3600;

const enc = new TextEncoder();
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Plain base64url for the bench itself (Deno has no Buffer). */
export function b64url(bytes) {
  if (typeof bytes === 'string') bytes = enc.encode(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < bytes.length ? B64[(v >> 6) & 63] : '') + (i + 2 < bytes.length ? B64[v & 63] : '');
  }
  return out;
}
const fromB64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** The claims every contender signs, as a server builds them per request (nbf = now). */
export function claimsAt(nbf, metadata = METADATA) {
  return { iss: API_KEY, sub: IDENTITY, name: NAME, nbf, exp: nbf + TTL, metadata, video: { ...VIDEO } };
}
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token signed once with node:crypto, independent of every contender: what verifiers are timed on. */
export function referenceToken(claims = claimsAt(nowSeconds()), secret = API_SECRET) {
  const input = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify(claims));
  return input + '.' + createHmac('sha256', secret).update(input).digest('base64url');
}

/** Our options for the same payload. */
export const ourOptions = (metadata = METADATA) => ({ identity: IDENTITY, name: NAME, metadata, ttl: TTL, video: VIDEO });

/**
 * Every contender: `mint()` and `verify(token)`, both async so that sync libraries pay the same
 * await as the others (as in ../shared/bench). `prepareVerify(token)` lets floors precompute.
 */
export async function contenders(lib, web) {
  const keyBytes = enc.encode(API_SECRET);
  const cryptoKey = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const floorInput = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify(claimsAt(nowSeconds())));
  const floorBytes = enc.encode(floorInput);
  const list = [
    {
      id: 'floor-webcrypto',
      label: 'floor: Web Crypto (key once, input precomputed)',
      mint: async () => floorInput + '.' + b64url(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, floorBytes))),
      prepareVerify(token) {
        const i = token.lastIndexOf('.');
        const sig = fromB64url(token.slice(i + 1));
        const data = enc.encode(token.slice(0, i));
        return async () => {
          if (!(await crypto.subtle.verify('HMAC', cryptoKey, sig, data))) throw new Error('bad signature');
        };
      },
    },
    {
      id: 'floor-node',
      label: 'floor: node:crypto createHmac',
      mint: async () => floorInput + '.' + createHmac('sha256', API_SECRET).update(floorInput).digest('base64url'),
      prepareVerify(token) {
        const i = token.lastIndexOf('.');
        const data = token.slice(0, i);
        const sig = token.slice(i + 1);
        return async () => {
          if (createHmac('sha256', API_SECRET).update(data).digest('base64url') !== sig) throw new Error('bad signature');
        };
      },
    },
    {
      id: 'ours-async',
      label: 'livekit-token createToken / verifyToken (the build this runtime selects)',
      ours: true,
      mint: () => lib.createToken(KEY, ourOptions()),
      verify: (token) => lib.verifyToken(token, KEY),
    },
    {
      id: 'ours-sync',
      label: 'livekit-token createTokenSync / verifyTokenSync',
      ours: true,
      mint: async () => lib.createTokenSync(KEY, ourOptions()),
      verify: async (token) => lib.verifyTokenSync(token, KEY),
    },
    // The Web build (Web Crypto HMAC): what Workers, browsers and edge runtimes load, and what a
    // harness that imports dist/index.js by path measures.
    ...(web && web !== lib
      ? [{
          id: 'ours-async-web',
          label: 'livekit-token createToken / verifyToken, Web build (Web Crypto)',
          ours: true,
          mint: () => web.createToken(KEY, ourOptions()),
          verify: (token) => web.verifyToken(token, KEY),
        }]
      : []),
  ];
  const peers = [
    ['livekit-server-sdk', async () => {
      const { AccessToken, TokenVerifier } = await import('livekit-server-sdk');
      const verifier = new TokenVerifier(API_KEY, API_SECRET);
      return {
        mint() {
          const at = new AccessToken(API_KEY, API_SECRET, { identity: IDENTITY, name: NAME, metadata: METADATA, ttl: TTL });
          at.addGrant({ ...VIDEO });
          return at.toJwt();
        },
        verify: (token) => verifier.verify(token),
      };
    }],
    ['jose', async () => {
      const { SignJWT, jwtVerify } = await import('jose');
      return {
        mint: () => new SignJWT(claimsAt(nowSeconds())).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyBytes),
        verify: async (token) => (await jwtVerify(token, keyBytes)).payload,
      };
    }],
    ['fast-jwt', async () => {
      const { createSigner, createVerifier } = await import('fast-jwt');
      const sign = createSigner({ key: API_SECRET, algorithm: 'HS256', noTimestamp: true });
      const verify = createVerifier({ key: API_SECRET, algorithms: ['HS256'] });
      return { mint: async () => sign(claimsAt(nowSeconds())), verify: async (token) => verify(token) };
    }],
  ];
  for (const [id, load] of peers) {
    try {
      list.push({ id, label: id, ...(await load()) });
    } catch (e) {
      list.push({ id, label: id, skipped: `import failed: ${e?.message ?? e}` });
    }
  }
  return list;
}
