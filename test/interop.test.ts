// Interop with real implementations, both directions: livekit-server-sdk, jose, PyJWT.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as jose from 'jose';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, verifyToken, type TokenOptions } from '../src/index.js';

const KEY = { apiKey: 'APIinterop', apiSecret: 'interop-secret-ünïcode-0123456789abcdef' };
const secretBytes = new TextEncoder().encode(KEY.apiSecret);
const options: TokenOptions = {
  identity: 'caller-+15551234567',
  name: 'Caller from +1 (555) 123-4567',
  metadata: '{"phone_number":"+15551234567"}',
  attributes: { lang: 'de', 'emoji': '🎧' },
  kind: 'sip',
  video: { roomJoin: true, room: 'call-123', canPublish: true, canSubscribe: true, canPublishSources: ['microphone'] },
  sip: { call: true },
  roomConfig: { agents: [{ agentName: 'receptionist' }] },
  ttl: '1h',
};

describe('tokens we mint verify elsewhere', () => {
  it('livekit-server-sdk TokenVerifier accepts them with the same claims', async () => {
    const token = await createToken(KEY, options);
    const theirs = await new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token);
    expect(theirs).toEqual(decodeToken(token).claims);
    expect(theirs.sub).toBe(options.identity);
  });

  it('jose.jwtVerify accepts them (HS256, issuer, exp required)', async () => {
    const token = await createToken(KEY, options);
    const { payload, protectedHeader } = await jose.jwtVerify(token, secretBytes, {
      algorithms: ['HS256'], issuer: KEY.apiKey, requiredClaims: ['exp', 'nbf'],
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual(decodeToken(token).claims);
  });

  it('jose rejects them with another secret (the signature really depends on it)', async () => {
    const token = await createToken(KEY, options);
    await expect(jose.jwtVerify(token, new TextEncoder().encode('other'))).rejects.toThrow();
  });
});

describe('tokens minted elsewhere verify here', () => {
  it('livekit-server-sdk AccessToken', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'alice', name: 'Alice', metadata: 'm', attributes: { a: 'b' }, ttl: '10m' });
    at.addGrant({ roomJoin: true, room: 'demo', canPublishData: false });
    at.addSIPGrant({ admin: true });
    const token = await at.toJwt();
    const ours = await verifyToken(token, KEY, { room: 'demo', identity: 'alice' });
    expect(ours).toEqual(jose.decodeJwt(token));
    expect(ours.video).toEqual({ roomJoin: true, room: 'demo', canPublishData: false });
  });

  it('jose SignJWT', async () => {
    const token = await new jose.SignJWT({ video: { roomJoin: true, room: 'r' } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(KEY.apiKey).setSubject('bob')
      .setIssuedAt().setNotBefore('0s').setExpirationTime('5m').setJti('j1').sign(secretBytes);
    const ours = await verifyToken(token, [KEY]);
    expect(ours).toEqual(jose.decodeJwt(token));
  });

  it('jose with HS512 is refused (algorithm pin)', async () => {
    const token = await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setIssuer(KEY.apiKey).setExpirationTime('5m').sign(secretBytes);
    await expect(verifyToken(token, KEY)).rejects.toMatchObject({ code: 'ERR_TOKEN_ALGORITHM' });
  });
});

// Debian's python3-jwt; .ci/run installs it. The system interpreter is used because
// a pyenv or venv python may not see Debian's packages.
const python = process.env['PYTHON_JWT'] ?? '/usr/bin/python3';
const hasPyJwt = existsSync(python) && (() => {
  try { execFileSync(python, ['-c', 'import jwt']); return true; } catch { return false; }
})();

function py(script: string, input: unknown): string {
  return execFileSync(python, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' }).trim();
}

describe('PyJWT, both directions', () => {
  it('PyJWT is available (CI installs python3-jwt)', () => {
    // Fails loudly rather than skipping: interop with PyJWT is part of the contract.
    expect(hasPyJwt).toBe(true);
  });

  it.runIf(hasPyJwt)('PyJWT verifies our token and reads the same claims', async () => {
    const token = await createToken(KEY, options);
    const out = py(
      `import sys, json, jwt
d = json.load(sys.stdin)
print(json.dumps(jwt.decode(d["token"], d["secret"], algorithms=["HS256"], issuer=d["iss"], options={"require": ["exp", "nbf"]})))`,
      { token, secret: KEY.apiSecret, iss: KEY.apiKey },
    );
    expect(JSON.parse(out)).toEqual(decodeToken(token).claims);
  });

  it.runIf(hasPyJwt)('we verify a token PyJWT minted', async () => {
    const nbf = Math.floor(Date.now() / 1000);
    const claims = { iss: KEY.apiKey, sub: 'py-user', nbf, exp: nbf + 300, name: 'Pÿ', video: { roomJoin: true, room: 'py' } };
    const token = py(
      `import sys, json, jwt
d = json.load(sys.stdin)
print(jwt.encode(d["claims"], d["secret"], algorithm="HS256", headers={"typ": "JWT"}))`,
      { claims, secret: KEY.apiSecret },
    );
    await expect(verifyToken(token, KEY, { room: 'py' })).resolves.toEqual(claims);
    await expect(verifyToken(token, { apiKey: KEY.apiKey, apiSecret: 'wrong' })).rejects.toMatchObject({ code: 'ERR_TOKEN_SIGNATURE' });
  });
});
