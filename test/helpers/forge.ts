// Test-only forging with node:crypto, independent of the code under test.
import { createHmac } from 'node:crypto';

export const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function sign(input: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/** Signs any header and payload (objects are JSON-encoded, strings used as the raw JSON text). */
export function forge(header: unknown, payload: unknown, secret: string): string {
  const enc = (v: unknown) => b64url(typeof v === 'string' ? v : JSON.stringify(v));
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${sign(input, secret)}`;
}

export const HS256 = { alg: 'HS256', typ: 'JWT' };
export const KEY = { apiKey: 'APItest', apiSecret: 'test-secret-that-is-long-enough-0123456789' };
export const NOW = 1_700_000_000; // seconds

export function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: KEY.apiKey, sub: 'alice', nbf: NOW, exp: NOW + 600, video: { roomJoin: true, room: 'demo' }, ...extra };
}
