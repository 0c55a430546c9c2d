// handlerOptionsFromEnv reads keys, secrets and the URL byte for byte (nothing trimmed; padded
// with whitespace → refused, naming the variable, never the value), and takes several keys as
// LIVEKIT_KEYS in the LiveKit server's own format (livekit/livekit pkg/config/config.go,
// unmarshalKeys: the `--keys` flag, environment LIVEKIT_KEYS).
import { describe, expect, it } from 'vitest';
import { createTokenHandler, handlerOptionsFromEnv } from '../../src/handler/index.js';
import { isLiveKitTokenError, verifyToken, type LiveKitTokenError } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

const SECRET = 'env-secret-value-0123456789abcdef';
const URL = 'wss://env.livekit.cloud';
const env = { LIVEKIT_API_KEY: 'APIenv', LIVEKIT_API_SECRET: SECRET, LIVEKIT_WS_URL: URL };

function refusal(vars: Record<string, string | undefined>): LiveKitTokenError {
  const e = thrown(() => handlerOptionsFromEnv(vars));
  expect(isLiveKitTokenError(e) && e.code).toBe('ERR_INVALID_OPTIONS');
  expect((e as Error).message).not.toContain(SECRET);
  return e as LiveKitTokenError;
}

describe('handlerOptionsFromEnv: exact bytes', () => {
  it('uses key, secret and URL exactly as set', () => {
    const odd = 'sec ret\twith inner blanks';
    expect(handlerOptionsFromEnv({ ...env, LIVEKIT_API_SECRET: odd })).toEqual({ keys: { apiKey: 'APIenv', apiSecret: odd }, wsUrl: URL });
  });

  it.each([
    ['LIVEKIT_API_KEY', ' APIenv'],
    ['LIVEKIT_API_SECRET', `${SECRET}\n`],
    ['LIVEKIT_API_SECRET', `\u00a0${SECRET}`],
    ['LIVEKIT_WS_URL', `${URL} `],
    ['LIVEKIT_URL', `\t${URL}`],
  ])('refuses %s padded with whitespace, naming it', (name, value) => {
    const vars: Record<string, string | undefined> = { ...env, [name]: value };
    if (name === 'LIVEKIT_URL') vars['LIVEKIT_WS_URL'] = undefined;
    expect(refusal(vars).message).toMatch(new RegExp(`^${name} starts or ends with whitespace`));
  });
});

describe('handlerOptionsFromEnv: LIVEKIT_KEYS', () => {
  const keys = `APIold: old-${SECRET}\nAPInew: ${SECRET}\n`;

  it('reads every key in order; the first signs unless LIVEKIT_API_KEY names another', async () => {
    const first = handlerOptionsFromEnv({ LIVEKIT_KEYS: keys, LIVEKIT_WS_URL: URL });
    expect(first).toEqual({ keys: [{ apiKey: 'APIold', apiSecret: `old-${SECRET}` }, { apiKey: 'APInew', apiSecret: SECRET }], wsUrl: URL });
    const named = handlerOptionsFromEnv({ LIVEKIT_KEYS: keys, LIVEKIT_API_KEY: 'APInew', LIVEKIT_WS_URL: URL });
    expect(named.signingKey).toBe('APInew');
    // The handler signs with the named key and verifies with all of them.
    const handler = createTokenHandler({ ...named, allowAnonymous: true });
    const res = await handler(new Request('http://127.0.0.1/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: 'r', identity: 'a' }) }));
    const { token } = (await res.json()) as { token: string };
    expect((await verifyToken(token, named.keys)).iss).toBe('APInew');
  });

  it('refuses LIVEKIT_KEYS with LIVEKIT_API_SECRET, and a LIVEKIT_API_KEY it does not hold', () => {
    expect(refusal({ ...env, LIVEKIT_KEYS: keys }).message).toBe('LIVEKIT_KEYS and LIVEKIT_API_SECRET are both set: keep one of them');
    expect(refusal({ LIVEKIT_KEYS: keys, LIVEKIT_API_KEY: 'APIother', LIVEKIT_WS_URL: URL }).message).toMatch(/LIVEKIT_API_KEY names a key/);
  });

  it('names LIVEKIT_KEYS and the line when a line is wrong, never the secret', () => {
    expect(refusal({ LIVEKIT_KEYS: `APIa: ${SECRET}\nAPIa: ${SECRET}`, LIVEKIT_WS_URL: URL }).message).toMatch(/^LIVEKIT_KEYS: line 2: /);
    expect(refusal({ LIVEKIT_KEYS: `APIa: "${SECRET} "`, LIVEKIT_WS_URL: URL }).message).toMatch(/^LIVEKIT_KEYS: line 1: .*whitespace/);
  });
});
