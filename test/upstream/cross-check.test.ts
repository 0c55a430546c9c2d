// Cross-checks of the newer claims with other implementations: tokens carrying `kindDetails`,
// `null` fields and agent dispatch without `agentName`, verified by livekit-server-sdk's
// TokenVerifier and by PyJWT, and minted by them for us, wherever the direction means something
// (livekit-server-sdk cannot write kindDetails or null fields, so only PyJWT mints those).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RoomAgentDispatch, RoomConfiguration } from '@livekit/protocol';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, verifyToken, verifyTokenSync, type TokenOptions } from '../../src/index.js';
import { forgeToken } from '../../src/testing/index.js';

const KEY = { apiKey: 'APIcross', apiSecret: 'cross-check-secret-ünïcode-0123456789' };

// livekit/protocol auth/grants.go ClaimGrants: kindDetails is a list of lower-case
// ParticipantInfo_KindDetail names; RoomAgentDispatch.agent_name may be empty (default agent).
const newer: TokenOptions = {
  identity: 'agent-7',
  kind: 'agent',
  kindDetails: ['cloud_agent', 'forwarded'],
  video: { roomJoin: true, room: 'support', agent: true },
  roomConfig: { agents: [{ metadata: '{"lang":"de"}' }, { agentName: '', metadata: 'second' }] },
  ttl: '10m',
};

// What a server (Go) or another SDK may write: null for "not set".
const nullClaims = (nbf: number) => ({
  iss: KEY.apiKey, sub: 'nully', nbf, exp: nbf + 600,
  name: null, metadata: null, kind: null, kindDetails: null, attributes: null,
  video: { roomJoin: true, room: 'r', canPublish: null, canPublishSources: null },
  roomConfig: { agents: [{ agentName: null, metadata: 'x' }] }, sip: null,
});
// ...and what it means: null reads as absent.
const nullRead = (nbf: number) => ({
  iss: KEY.apiKey, sub: 'nully', nbf, exp: nbf + 600,
  video: { roomJoin: true, room: 'r' }, roomConfig: { agents: [{ metadata: 'x' }] },
});

const python = process.env['PYTHON_JWT'] ?? '/usr/bin/python3';
const hasPyJwt = existsSync(python) && (() => {
  try { execFileSync(python, ['-c', 'import jwt']); return true; } catch { return false; }
})();
const py = (script: string, input: unknown): string =>
  execFileSync(python, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' }).trim();
const PY_DECODE = `import sys, json, jwt
d = json.load(sys.stdin)
print(json.dumps(jwt.decode(d["token"], d["secret"], algorithms=["HS256"], issuer=d["iss"], options={"require": ["exp", "nbf"]})))`;
const PY_ENCODE = `import sys, json, jwt
d = json.load(sys.stdin)
print(jwt.encode(d["claims"], d["secret"], algorithm="HS256", headers={"typ": "JWT"}))`;

describe('livekit-server-sdk', () => {
  it('its TokenVerifier accepts our kindDetails and nameless agent dispatch, reading the same claims', async () => {
    const token = await createToken(KEY, newer);
    const theirs = await new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token);
    expect(theirs).toEqual(decodeToken(token).claims);
    expect(theirs).toMatchObject({ kindDetails: ['cloud_agent', 'forwarded'], roomConfig: { agents: [{ metadata: '{"lang":"de"}' }, { agentName: '', metadata: 'second' }] } });
  });

  it('its TokenVerifier accepts a token with null fields; we read the nulls as absent', async () => {
    const nbf = Math.floor(Date.now() / 1000);
    const token = await forgeToken({ key: KEY, claims: nullClaims(nbf) });
    expect(await new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token)).toEqual(nullClaims(nbf));
    expect(await verifyToken(token, KEY)).toEqual(nullRead(nbf));
  });

  it('we verify its agent dispatch without agentName (it writes every default: agentName "")', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'caller', ttl: '10m' });
    at.addGrant({ roomJoin: true, room: 'support' });
    at.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ metadata: 'default agent' })] });
    const token = await at.toJwt();
    const ours = await verifyToken(token, KEY, { room: 'support' });
    expect(ours.roomConfig?.agents).toEqual([{ agentName: '', metadata: 'default agent', restartPolicy: 'JRP_ON_FAILURE', deployment: '', attributes: {} }]);
    expect(ours).toEqual(decodeToken(token).claims);
  });
});

describe('PyJWT, both directions', () => {
  it('PyJWT is available (CI installs python3-jwt)', () => {
    expect(hasPyJwt).toBe(true);
  });

  it.runIf(hasPyJwt)('PyJWT verifies our kindDetails and nameless agent dispatch, reading the same claims', async () => {
    const token = await createToken(KEY, newer);
    const theirs = JSON.parse(py(PY_DECODE, { token, secret: KEY.apiSecret, iss: KEY.apiKey }));
    expect(theirs).toEqual(decodeToken(token).claims);
    expect(theirs.kindDetails).toEqual(['cloud_agent', 'forwarded']);
  });

  it.runIf(hasPyJwt)('we verify PyJWT tokens with kindDetails (known and newer values) and nameless dispatch', async () => {
    const nbf = Math.floor(Date.now() / 1000);
    const claims = {
      iss: KEY.apiKey, sub: 'py-agent', nbf, exp: nbf + 600, kind: 'agent', kindDetails: ['simulation', 'a_future_detail'],
      video: { roomJoin: true, room: 'py' }, roomConfig: { agents: [{ metadata: 'm' }] },
    };
    const token = py(PY_ENCODE, { claims, secret: KEY.apiSecret });
    await expect(verifyToken(token, KEY, { room: 'py' })).resolves.toEqual(claims);
    expect(verifyTokenSync(token, KEY, { room: 'py' })).toEqual(claims);
  });

  it.runIf(hasPyJwt)('we verify a PyJWT token with null fields, reading them as absent; PyJWT reads our verdict back', async () => {
    const nbf = Math.floor(Date.now() / 1000);
    const token = py(PY_ENCODE, { claims: nullClaims(nbf), secret: KEY.apiSecret });
    await expect(verifyToken(token, KEY)).resolves.toEqual(nullRead(nbf));
    expect(decodeToken(token).claims).toEqual(nullRead(nbf));
    // PyJWT itself keeps the nulls: the difference is only in how absent values read.
    expect(JSON.parse(py(PY_DECODE, { token, secret: KEY.apiSecret, iss: KEY.apiKey }))).toEqual(nullClaims(nbf));
  });
});
