// Rules of the LiveKit server (livekit/protocol, livekit/livekit) that createToken and
// verifyToken follow; each test names the upstream source it mirrors.
import { describe, expect, it } from 'vitest';
import {
  canPublish, createToken, createTokenSync, decodeToken, verifyToken, verifyTokenSync, type RoomEgress, type TokenOptions,
} from '../src/index.js';
import { AccessToken } from '../src/compat/index.js';
import { claims, forge, HS256, KEY, NOW } from './helpers/forge.js';

const keys = { [KEY.apiKey]: KEY.apiSecret };
const now = NOW * 1000;
const mint = (options: TokenOptions) => createToken(KEY, { now, identity: 'a', ...options });

async function mintError(options: TokenOptions): Promise<Error & { code: string }> {
  const error = await mint(options).catch((e: unknown) => e);
  expect(() => createTokenSync(KEY, { now, identity: 'a', ...options })).toThrow(expect.objectContaining({ code: (error as { code: string }).code }));
  return error as Error & { code: string };
}

// livekit/protocol auth/grants.go: ClaimGrants is read with encoding/json (and roomConfig with
// protojson), which give a field whose value is null its zero value: null reads as absent.
describe('null claim and grant values read as absent', () => {
  const token = forge(HS256, claims({
    name: null, metadata: null, kind: null, attributes: null, sip: null, roomPreset: null,
    video: { roomJoin: true, room: 'demo', canPublish: null, canPublishSources: null, hidden: null },
    roomConfig: { name: null, agents: [{ agentName: null, metadata: 'job' }], egress: null },
  }), KEY.apiSecret);

  it('verify accepts them and leaves them out of the returned claims (async and sync)', async () => {
    for (const result of [await verifyToken(token, keys, { now }), verifyTokenSync(token, keys, { now })]) {
      expect(result).not.toHaveProperty('name');
      expect(result).not.toHaveProperty('metadata');
      expect(result).not.toHaveProperty('kind');
      expect(result).not.toHaveProperty('attributes');
      expect(result).not.toHaveProperty('sip');
      expect(result).not.toHaveProperty('roomPreset');
      expect(result.video).toEqual({ roomJoin: true, room: 'demo' });
      expect(result.roomConfig).toEqual({ agents: [{ metadata: 'job' }] });
      // Absent canPublish is LiveKit's default: true.
      expect(canPublish(result)).toBe(true);
    }
  });

  it('decodeToken drops them the same way', () => {
    const { claims: decoded } = decodeToken(token);
    expect(decoded.video).toEqual({ roomJoin: true, room: 'demo' });
    expect(decoded.roomConfig).toEqual({ agents: [{ metadata: 'job' }] });
    expect('name' in decoded).toBe(false);
  });

  it('a null exp is a missing exp', async () => {
    await expect(verifyToken(forge(HS256, claims({ exp: null }), KEY.apiSecret), keys, { now })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
  });

  // Inside a map or a list the server reads null as "" (a value, not an absence); such a token
  // is malformed rather than meaningful, so it is refused.
  it.each([
    ['attributes', { attributes: { team: null } }],
    ['video.canPublishSources', { video: { room: 'demo', canPublishSources: ['camera', null] } }],
    ['roomConfig.tags', { roomConfig: { tags: { a: null } } }],
  ])('null inside %s is ERR_TOKEN_CLAIMS', async (field, extra) => {
    const bad = forge(HS256, claims(extra), KEY.apiSecret);
    await expect(verifyToken(bad, keys, { now })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS', message: expect.stringContaining(field) });
  });

  it('createToken still refuses null options (strict on create)', async () => {
    expect((await mintError({ name: null as never })).code).toBe('ERR_INVALID_OPTIONS');
  });
});

// livekit/protocol protobufs/livekit_agent_dispatch.proto: RoomAgentDispatch.agent_name is a
// plain string, and an empty name dispatches the agent registered without one.
describe('agent dispatch without agentName', () => {
  it('mints and verifies', async () => {
    const token = await mint({ roomConfig: { agents: [{}, { metadata: 'x' }] } });
    // An empty dispatch object is kept: it dispatches the agent registered without a name.
    expect((await verifyToken(token, keys, { now })).roomConfig?.agents).toEqual([{}, { metadata: 'x' }]);
    const forged = forge(HS256, claims({ roomConfig: { agents: [{}] } }), KEY.apiSecret);
    expect((await verifyToken(forged, keys, { now })).roomConfig?.agents).toEqual([{}]);
  });
});

// livekit/protocol auth/grants.go ClaimGrants.KindDetails (`json:"kindDetails"`), values from
// protobufs/livekit_models.proto ParticipantInfo.KindDetail.
describe('kindDetails', () => {
  it('is written after kind, and verifies', async () => {
    const token = await mint({ kind: 'agent', kindDetails: ['cloud_agent', 'simulation'] });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['iss', 'sub', 'nbf', 'exp', 'kind', 'kindDetails']);
    expect((await verifyToken(token, keys, { now })).kindDetails).toEqual(['cloud_agent', 'simulation']);
  });

  it('refuses unknown values on create, keeps them on verify (newer servers)', async () => {
    const error = await mintError({ kindDetails: ['teleporter' as never] });
    expect(error.message).toMatch(/^kindDetails must be a list of: cloud_agent, forwarded, connector_whatsapp, connector_twilio, bridge_rtsp, simulation$/);
    const future = forge(HS256, claims({ kindDetails: ['teleporter'] }), KEY.apiSecret);
    expect((await verifyToken(future, keys, { now })).kindDetails).toEqual(['teleporter']);
    await expect(verifyToken(forge(HS256, claims({ kindDetails: 'cloud_agent' }), KEY.apiSecret), keys, { now })).rejects.toMatchObject({ code: 'ERR_TOKEN_CLAIMS' });
  });

  it('the compat AccessToken exposes it', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'agent-1' });
    at.kind = 'agent';
    at.kindDetails = ['forwarded'];
    expect(decodeToken(await at.toJwt()).claims.kindDetails).toEqual(['forwarded']);
  });
});

// livekit/protocol auth/accesstoken.go ToJWT refuses a room configuration for which
// auth/grants.go RoomConfiguration.CheckCredentials fails, unless SetAllowSensitiveCredentials;
// livekit/livekit pkg/service/rtcservice.go only warns when such a token arrives. Field
// spellings: protobufs/livekit_room.proto RoomEgress, protobufs/livekit_egress.proto.
describe('storage credentials in roomConfig.egress', () => {
  const leaks: [path: string, egress: Record<string, unknown>][] = [
    ['roomConfig.egress.room.fileOutputs[0].s3.secret', { room: { fileOutputs: [{ s3: { bucket: 'b', secret: 'S3SECRET' } }] } }],
    ['roomConfig.egress.room.segmentOutputs[1].gcp.credentials', { room: { segmentOutputs: [{}, { gcp: { credentials: '{"key":"S3SECRET"}' } }] } }],
    ['roomConfig.egress.room.imageOutputs[0].azure.accountKey', { room: { imageOutputs: [{ azure: { accountName: 'n', accountKey: 'S3SECRET' } }] } }],
    ['roomConfig.egress.room.fileOutputs[0].aliOSS.secret', { room: { fileOutputs: [{ aliOSS: { secret: 'S3SECRET' } }] } }],
    // The server's protobuf JSON parser also reads proto field names and the deprecated outputs.
    ['roomConfig.egress.room.file_outputs[0].azure.account_key', { room: { file_outputs: [{ azure: { account_key: 'S3SECRET' } }] } }],
    ['roomConfig.egress.room.file.s3.secret', { room: { file: { s3: { secret: 'S3SECRET' } } } }],
    ['roomConfig.egress.participant.fileOutputs[0].s3.secret', { participant: { fileOutputs: [{ s3: { secret: 'S3SECRET' } }] } }],
    ['roomConfig.egress.participant.segmentOutputs[0].gcp.credentials', { participant: { segmentOutputs: [{ gcp: { credentials: 'S3SECRET' } }] } }],
    ['roomConfig.egress.tracks.s3.secret', { tracks: { filepath: '{track_id}', s3: { secret: 'S3SECRET' } } }],
    ['roomConfig.egress.tracks.aliOSS.secret', { tracks: { aliOSS: { secret: 'S3SECRET' } } }],
    ['roomConfig.egress.room.streamOutputs', { room: { streamOutputs: [{ urls: ['rtmp://live.example.com/app/S3SECRET'] }] } }],
    ['roomConfig.egress.room.stream', { room: { stream: { urls: ['rtmp://x/S3SECRET'] } } }],
    // Every credential field of livekit_egress.proto: S3Upload.session_token, ProxyConfig.password
    // (in S3Upload.proxy and GCPUpload.proxy), in both spellings.
    ['roomConfig.egress.room.fileOutputs[0].s3.sessionToken', { room: { fileOutputs: [{ s3: { accessKey: 'AKIA', sessionToken: 'S3SECRET' } }] } }],
    ['roomConfig.egress.tracks.s3.session_token', { tracks: { s3: { session_token: 'S3SECRET' } } }],
    ['roomConfig.egress.participant.fileOutputs[0].s3.proxy.password', { participant: { fileOutputs: [{ s3: { proxy: { url: 'http://p', username: 'u', password: 'S3SECRET' } } }] } }],
    ['roomConfig.egress.room.segmentOutputs[0].gcp.proxy.password', { room: { segmentOutputs: [{ gcp: { bucket: 'b', proxy: { password: 'S3SECRET' } } }] } }],
    // Stream URLs carry stream keys wherever an egress request holds them: participant and
    // track-composite shaped outputs too (ParticipantEgressRequest, TrackCompositeEgressRequest
    // stream_outputs / stream, Output.stream), in both spellings.
    ['roomConfig.egress.participant.streamOutputs', { participant: { streamOutputs: [{ protocol: 'RTMP', urls: ['rtmp://x/S3SECRET'] }] } }],
    ['roomConfig.egress.participant.stream_outputs', { participant: { stream_outputs: [{ urls: ['rtmp://x/S3SECRET'] }] } }],
    ['roomConfig.egress.tracks.stream', { tracks: { stream: { urls: ['srt://x/S3SECRET'] } } }],
    ['roomConfig.egress.room.stream_outputs', { room: { stream_outputs: [{ urls: ['rtmp://x/S3SECRET'] }] } }],
  ];

  it.each(leaks)('createToken refuses %s', async (path, egress) => {
    const error = await mintError({ roomConfig: { egress: egress as RoomEgress } });
    expect(error.code).toBe('ERR_INVALID_OPTIONS');
    expect(error.message.startsWith(path + ' ')).toBe(true);
    expect(error.message).toContain('allowSensitiveCredentials');
    expect(error.message).not.toContain('S3SECRET');
  });

  it.each(leaks)('allowSensitiveCredentials: true mints %s, and verify accepts it', async (_path, egress) => {
    const token = await mint({ roomConfig: { egress: egress as RoomEgress }, allowSensitiveCredentials: true });
    expect((await verifyToken(token, keys, { now })).roomConfig?.egress).toEqual(egress);
  });

  it('egress without credentials mints: storage settings, empty secrets, no stream outputs', async () => {
    const egress: RoomEgress = {
      room: { layout: 'speaker', fileOutputs: [{ filepath: 'a.mp4', s3: { bucket: 'b', region: 'r', secret: '' } }], streamOutputs: [] },
      participant: { segmentOutputs: [{ gcp: { bucket: 'b' } }] },
      tracks: { filepath: '{track_id}', azure: { accountName: 'n', containerName: 'c' } },
    };
    expect(decodeToken(await mint({ roomConfig: { egress } })).claims.roomConfig?.egress).toEqual(egress);
  });

  it('verify does not refuse such tokens (the server only warns)', async () => {
    const token = forge(HS256, claims({ roomConfig: { egress: leaks[0]![1] } }), KEY.apiSecret);
    await expect(verifyToken(token, keys, { now })).resolves.toBeTruthy();
  });

  it('refuses unknown egress members and a non-boolean allowSensitiveCredentials', async () => {
    expect((await mintError({ roomConfig: { egress: { recording: {} } as never } })).message).toBe('roomConfig.egress.recording is not a known field');
    expect((await mintError({ allowSensitiveCredentials: 'yes' as never })).message).toContain('allowSensitiveCredentials must be a boolean');
  });

  it('the compat AccessToken applies the same guard, with the same opt-out', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a' });
    at.roomConfig = { egress: leaks[0]![1] as RoomEgress };
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('roomConfig.egress.room.fileOutputs[0].s3.secret') });
    at.allowSensitiveCredentials = true;
    await expect(at.toJwt()).resolves.toBeTypeOf('string');
    const viaOptions = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a', allowSensitiveCredentials: true });
    viaOptions.roomConfig = { egress: leaks[0]![1] as RoomEgress };
    await expect(viaOptions.toJwt()).resolves.toBeTypeOf('string');
  });

  it('the compat AccessToken refuses tokens over maxTokenBytes (default 8192)', async () => {
    const at = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a', metadata: 'x'.repeat(9000) });
    await expect(at.toJwt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('maxTokenBytes') });
    const wide = new AccessToken(KEY.apiKey, KEY.apiSecret, { identity: 'a', metadata: 'x'.repeat(9000), maxTokenBytes: 16384 });
    await expect(wide.toJwt()).resolves.toBeTypeOf('string');
  });
});
