// The testing kit signs tokens itself instead of calling createToken: it must be able to write
// what createToken refuses to (wrong types, foreign algorithms, missing claims). Web APIs only,
// so the kit runs in every runtime the core runs in.

const encoder = new TextEncoder();

/** base64url without padding of UTF-8 text or raw bytes. */
export function base64url(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // base64 ends in at most two '=': a bounded pattern cannot backtrack over a long run.
  return btoa(binary).replace(/={1,2}$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** HMAC-SHA256 of `input` with the UTF-8 bytes of `secret`, base64url-encoded. */
export async function hs256(input: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(input))));
}
