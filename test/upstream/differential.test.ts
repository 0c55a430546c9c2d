// Differential table against the LiveKit server's own rules: signed claims → accepted (with the
// resulting claims) or refused (with our error code). Every row names the upstream rule it
// mirrors: `livekit/protocol` (auth/verifier.go, auth/grants.go, utils/protojson) and
// `livekit/livekit` (pkg/service, pkg/config). Where we knowingly differ, the row says so.
//
// Each row runs through verifyToken, verifyTokenSync, decodeToken plus the claim helpers, and
// the compat TokenVerifier. The server allows 60 s of clock skew (auth/verifier.go, tokenLeeway),
// so the table verifies with clockTolerance 60 everywhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenVerifier } from '../../src/compat/index.js';
import {
  canJoin, canPublish, canPublishData, canSubscribe, createToken, decodeToken, isLiveKitTokenError, keySetFromLiveKit, verifyToken, verifyTokenSync, verifyWebhook,
  type LiveKitClaims, type LiveKitTokenErrorCode, type TrackSource,
} from '../../src/index.js';
import { forgeToken } from '../../src/testing/index.js';

const KEY = { apiKey: 'APIupstream', apiSecret: 'upstream-secret-0123456789abcdef' };
// The compat TokenVerifier takes no `now`: its runs pin the system clock to this instant.
const NOW = Math.floor(Date.now() / 1000);
const LEEWAY = 60;
const BASE = { iss: KEY.apiKey, sub: 'alice', nbf: NOW - 5, exp: NOW + 3600 };
const JOIN = { roomJoin: true, room: 'demo' };

interface Helpers {
  canJoin?: boolean;
  canPublish?: boolean;
  canSubscribe?: boolean;
  canPublishData?: boolean;
  /** source → canPublish(claims, source) */
  sources?: Partial<Record<TrackSource, boolean>>;
}

interface Row {
  name: string;
  /** Claims laid over BASE; `undefined` removes a BASE claim. A string is the payload verbatim. */
  claims: Record<string, unknown> | string;
  header?: Record<string, unknown>;
  /** Accepted: the claims verification returns, laid over BASE (`undefined` = absent). */
  result?: Record<string, unknown>;
  /** Refused with this code. */
  refused?: LiveKitTokenErrorCode;
  helpers?: Helpers;
}

const rows: Row[] = [
  // ── registered claims and times: auth/verifier.go, APIKeyTokenVerifier.Verify ──────────────
  // Verify: a well-formed HS256 token signed with the issuer's secret is accepted.
  { name: 'a minimal token', claims: {}, result: {} },
  // Verify passes jwt.WithExpirationRequired(): a token without exp is refused.
  { name: 'no exp', claims: { exp: undefined }, refused: 'ERR_TOKEN_CLAIMS' },
  // Verify: jwt.WithLeeway(tokenLeeway), one minute, after exp.
  { name: 'exp 55 s ago (inside the leeway)', claims: { exp: NOW - 55, nbf: NOW - 600 }, result: { exp: NOW - 55, nbf: NOW - 600 } },
  // Verify: jwt.WithLeeway(tokenLeeway); past it the token is expired.
  { name: 'exp 65 s ago', claims: { exp: NOW - 65, nbf: NOW - 600 }, refused: 'ERR_TOKEN_EXPIRED' },
  // Verify: the leeway also applies before nbf.
  { name: 'nbf 55 s ahead (inside the leeway)', claims: { nbf: NOW + 55 }, result: { nbf: NOW + 55 } },
  // Verify: jwt.WithLeeway(tokenLeeway); nbf further ahead is not yet valid.
  { name: 'nbf 65 s ahead', claims: { nbf: NOW + 65 }, refused: 'ERR_TOKEN_NOT_YET_VALID' },
  // Verify: golang-jwt checks nbf only when present; nbf is never required.
  { name: 'no nbf', claims: { nbf: undefined }, result: { nbf: undefined } },
  // Verify: no jwt.WithIssuedAt(), so an iat in the future is not checked.
  { name: 'iat an hour ahead', claims: { iat: NOW + 3600 }, result: { iat: NOW + 3600 } },
  // Verify: NumericDate reads any JSON number, fractions included.
  { name: 'fractional exp', claims: { exp: NOW + 3600.5 }, result: { exp: NOW + 3600.5 } },
  // Verify: NumericDate must be a JSON number; a string fails to decode.
  { name: 'exp as a string', claims: { exp: String(NOW + 3600) }, refused: 'ERR_TOKEN_CLAIMS' },
  // Verify: golang-jwt turns a far-future exp into an overflowing time. Our rule is stricter
  // and explicit: exp outside 0 … 8.64e12 s (the range of a Date) is a malformed claim.
  { name: 'exp beyond the range of a Date', claims: { exp: 1e20 }, refused: 'ERR_TOKEN_CLAIMS' },
  // As above, for nbf.
  { name: 'nbf beyond the range of a Date', claims: { nbf: 8.64e12 + 1 }, refused: 'ERR_TOKEN_CLAIMS' },
  // Verify at exactly exp + leeway: golang-jwt requires now < exp + leeway (expired at equality);
  // we expire only when now > exp + tolerance, one instant later. Kept: see the report.
  { name: 'now exactly at exp + tolerance', claims: { exp: NOW - LEEWAY, nbf: NOW - 600 }, result: { exp: NOW - LEEWAY, nbf: NOW - 600 } },
  // ParseAPIToken takes the API key from iss; without one no secret is found.
  { name: 'no iss', claims: { iss: undefined }, refused: 'ERR_TOKEN_UNKNOWN_KEY' },
  // Verify: jwt.WithIssuer and the key provider: an unknown API key has no secret.
  { name: 'iss of an unknown key', claims: { iss: 'APIother' }, refused: 'ERR_TOKEN_UNKNOWN_KEY' },
  // allowedSigningMethods: HS256 only.
  { name: 'alg HS512', claims: {}, header: { alg: 'HS512' }, refused: 'ERR_TOKEN_ALGORITHM' },
  // allowedSigningMethods: HS256 only; `none` never verifies.
  { name: 'alg none', claims: {}, header: { alg: 'none' }, refused: 'ERR_TOKEN_ALGORITHM' },
  // Verify: no jwt.WithAudience, so aud is not checked; we keep it as it is.
  { name: 'aud present', claims: { aud: 'somewhere' }, result: { aud: 'somewhere' } },
  // ParseAPIToken: identity is sub, or jti when sub is empty, and pkg/service/utils.go
  // ValidateConnectRequest only needs that identity non-empty. We return the claims as they are
  // (sub absent, jti kept) and canJoin wants sub; refreshToken names the participant by jti.
  { name: 'jti and no sub', claims: { sub: undefined, jti: 'legacy-identity', video: JOIN }, result: { sub: undefined, jti: 'legacy-identity', video: JOIN }, helpers: { canJoin: false } },
  // Verify sets ClaimGrants.Identity from the verifier (sub), whatever an `identity` claim says;
  // we keep the claim but every helper reads sub.
  { name: 'an identity claim other than sub', claims: { identity: 'mallory', video: JOIN }, result: { identity: 'mallory', video: JOIN }, helpers: { canJoin: true } },

  // ── identity and room: limits are the server's join-time configuration, not verification ──
  // livekit/livekit pkg/service/utils.go, ValidateConnectRequest, applies
  // pkg/config/config.go LimitConfig.CheckParticipantIdentityLength (256 bytes by default,
  // configurable) when joining; auth Verify has no limit.
  { name: 'identity of 256 UTF-8 bytes', claims: { sub: '€'.repeat(85) + 'a', video: JOIN }, result: { sub: '€'.repeat(85) + 'a', video: JOIN }, helpers: { canJoin: true } },
  // As above: 257 bytes verifies (create refuses to mint it; verify does not apply create's limits).
  { name: 'identity of 257 UTF-8 bytes', claims: { sub: '€'.repeat(85) + 'ab', video: JOIN }, result: { sub: '€'.repeat(85) + 'ab', video: JOIN }, helpers: { canJoin: true } },
  // pkg/service/utils.go ValidateConnectRequest: CheckRoomNameLength at join; no character rules.
  { name: 'room with a control character', claims: { video: { roomJoin: true, room: 'a\u0007b' } }, result: { video: { roomJoin: true, room: 'a\u0007b' } } },

  // ── null reads as absent: auth/grants.go ClaimGrants decoded by encoding/json ───────────────
  // encoding/json: null into a pointer (*VideoGrant) leaves it nil.
  { name: 'video: null', claims: { video: null }, result: {}, helpers: { canPublish: true, canSubscribe: true } },
  // encoding/json: null into a string leaves "".
  { name: 'metadata: null and name: null', claims: { metadata: null, name: null }, result: {} },
  // VideoGrant.CanPublish is *bool: null is nil, and GetCanPublish reads nil as true.
  { name: 'canPublish: null', claims: { video: { ...JOIN, canPublish: null } }, result: { video: JOIN }, helpers: { canPublish: true, canPublishData: true } },
  // ClaimGrants.Kind string and Attributes map: null is "" and nil.
  { name: 'kind: null, attributes: null, roomConfig: null', claims: { kind: null, attributes: null, roomConfig: null }, result: {} },
  // encoding/json reads null inside map[string]string as "". We refuse it as malformed instead
  // of guessing a value for the application.
  { name: 'attributes with a null value', claims: { attributes: { a: null } }, refused: 'ERR_TOKEN_CLAIMS' },

  // ── wrong types: encoding/json fails, Verify returns the error ────────────────────────────
  // VideoGrant.CanPublish is *bool: a string does not decode.
  { name: 'canPublish: "true"', claims: { video: { ...JOIN, canPublish: 'true' } }, refused: 'ERR_TOKEN_CLAIMS' },
  // ClaimGrants.Attributes is map[string]string: a number does not decode.
  { name: 'attributes with a number', claims: { attributes: { n: 1 } }, refused: 'ERR_TOKEN_CLAIMS' },
  // ClaimGrants.Metadata is a string: an object does not decode.
  { name: 'metadata as an object', claims: { metadata: { a: 1 } }, refused: 'ERR_TOKEN_CLAIMS' },
  // VideoGrant.Room is a string.
  { name: 'room as a number', claims: { video: { roomJoin: true, room: 7 } }, refused: 'ERR_TOKEN_CLAIMS' },

  // ── kind and kindDetails: auth/grants.go kindToProto, kindDetailsToProto ────────────────────
  // kindToProto: an unknown kind reads as STANDARD; the token still verifies.
  { name: 'unknown kind', claims: { kind: 'robot' }, result: { kind: 'robot' } },
  // ClaimGrants.KindDetails []string, written by SetKindDetail.
  { name: 'kindDetails', claims: { kind: 'agent', kindDetails: ['cloud_agent', 'forwarded'] }, result: { kind: 'agent', kindDetails: ['cloud_agent', 'forwarded'] } },
  // kindDetailsToProto skips values it does not know: newer servers' values still verify.
  { name: 'kindDetails with a value from a newer server', claims: { kindDetails: ['simulation', 'some_future_detail'] }, result: { kindDetails: ['simulation', 'some_future_detail'] } },
  // ClaimGrants.KindDetails is []string: a bare string does not decode.
  { name: 'kindDetails as a string', claims: { kindDetails: 'cloud_agent' }, refused: 'ERR_TOKEN_CLAIMS' },
  // encoding/json: null into a slice leaves it nil.
  { name: 'kindDetails: null', claims: { kindDetails: null }, result: {} },

  // ── roomConfig: protojson (utils/protojson Unmarshal, DiscardUnknown) into RoomConfiguration ─
  // RoomAgentDispatch.agent_name is a plain proto3 string: absent means the default agent.
  { name: 'agent dispatch without agentName', claims: { roomConfig: { agents: [{ metadata: 'm' }] } }, result: { roomConfig: { agents: [{ metadata: 'm' }] } } },
  // As above: an empty agentName is the same default agent.
  { name: 'agent dispatch with agentName ""', claims: { roomConfig: { agents: [{ agentName: '' }] } }, result: { roomConfig: { agents: [{ agentName: '' }] } } },
  // utils/protojson Unmarshal discards unknown fields; we keep them (a newer server may read them).
  { name: 'roomConfig field this version does not know', claims: { roomConfig: { futureKnob: { x: 1 }, emptyTimeout: 60 } }, result: { roomConfig: { futureKnob: { x: 1 }, emptyTimeout: 60 } } },
  // RoomConfiguration.empty_timeout is uint32: a negative number does not decode.
  { name: 'roomConfig.emptyTimeout negative', claims: { roomConfig: { emptyTimeout: -1 } }, refused: 'ERR_TOKEN_CLAIMS' },
  // ToJWT refuses egress credentials when minting (auth/grants.go CheckCredentials), but Verify
  // never calls it, and livekit/livekit pkg/service/utils.go ValidateConnectRequest only logs a
  // warning: such a token verifies.
  { name: 'roomConfig egress with an S3 secret', claims: { roomConfig: { egress: { room: { fileOutputs: [{ s3: { bucket: 'b', secret: 'shh' } }] } } } }, result: { roomConfig: { egress: { room: { fileOutputs: [{ s3: { bucket: 'b', secret: 'shh' } }] } } } } },

  // ── LiveKit's defaults for readers: auth/grants.go VideoGrant getters ──────────────────────
  // GetCanPublishData: absent reads as the effective canPublish.
  { name: 'canPublish false, canPublishData absent', claims: { video: { ...JOIN, canPublish: false } }, result: { video: { ...JOIN, canPublish: false } }, helpers: { canPublish: false, canPublishData: false, canSubscribe: true } },
  // GetCanPublishData: an explicit value wins over canPublish.
  { name: 'canPublish false, canPublishData true', claims: { video: { ...JOIN, canPublish: false, canPublishData: true } }, result: { video: { ...JOIN, canPublish: false, canPublishData: true } }, helpers: { canPublish: false, canPublishData: true } },
  // GetCanPublishSource: an empty canPublishSources allows every source.
  { name: 'canPublishSources []', claims: { video: { ...JOIN, canPublishSources: [] } }, result: { video: { ...JOIN, canPublishSources: [] } }, helpers: { sources: { camera: true, microphone: true, screen_share: true } } },
  // GetCanPublishSource: a non-empty list allows only its sources.
  { name: 'canPublishSources [microphone]', claims: { video: { ...JOIN, canPublishSources: ['microphone'] } }, result: { video: { ...JOIN, canPublishSources: ['microphone'] } }, helpers: { sources: { camera: false, microphone: true } } },
  // GetCanPublishSource: canPublish false denies every source, whatever the list.
  { name: 'canPublish false with sources', claims: { video: { ...JOIN, canPublish: false, canPublishSources: ['camera'] } }, result: { video: { ...JOIN, canPublish: false, canPublishSources: ['camera'] } }, helpers: { sources: { camera: false } } },
  // GetCanSubscribe: absent reads as true; false denies.
  { name: 'canSubscribe false', claims: { video: { ...JOIN, canSubscribe: false } }, result: { video: { ...JOIN, canSubscribe: false } }, helpers: { canSubscribe: false, canPublish: true } },
  // livekit/livekit pkg/service/utils.go ValidateConnectRequest: without video.room the server
  // takes the room from the connection request; verification accepts the token, our canJoin
  // (which does not rely on the URL) says no.
  { name: 'roomJoin without room', claims: { video: { roomJoin: true } }, result: { video: { roomJoin: true } }, helpers: { canJoin: false } },

  // ── claims this version does not know: encoding/json ignores unknown fields ──────────────
  // Legacy snake_case grant keys are unknown to VideoGrant and ignored: room_join grants nothing.
  { name: 'legacy room_join', claims: { video: { room_join: true, room: 'demo' } }, result: { video: { room_join: true, room: 'demo' } }, helpers: { canJoin: false } },
  // ClaimGrants ignores unknown top-level claims; we keep them for the application.
  { name: 'unknown top-level claim', claims: { futureClaim: { nested: [1, 'two'] } }, result: { futureClaim: { nested: [1, 'two'] } } },
  // VideoGrant ignores unknown fields; we keep them.
  { name: 'unknown video field', claims: { video: { ...JOIN, canTeleport: true } }, result: { video: { ...JOIN, canTeleport: true } }, helpers: { canJoin: true } },
  // ClaimGrants: the API grants and sha256 are read as they are.
  { name: 'API grants and sha256', claims: { sip: { admin: true }, agent: { admin: true }, inference: { perform: true }, observability: { write: true }, sha256: 'abc=' }, result: { sip: { admin: true }, agent: { admin: true }, inference: { perform: true }, observability: { write: true }, sha256: 'abc=' } },
  // auth/grants.go AgentGrant.DispatchAdmin (`json:"dispatchAdmin,omitempty"`, livekit/protocol
  // #1744): the agent dispatch queue's grant reads as a plain boolean of the agent claim.
  { name: 'agent.dispatchAdmin', claims: { agent: { dispatchAdmin: true } }, result: { agent: { dispatchAdmin: true } } },
  // Verify: the payload must be a JSON object.
  { name: 'payload that is a JSON array', claims: '[1,2]', refused: 'ERR_TOKEN_MALFORMED' },
];

function expected(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = { ...BASE, ...row.result };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

async function sign(row: Row): Promise<string> {
  const claims = typeof row.claims === 'string' ? row.claims : { ...BASE, video: undefined, ...row.claims };
  return forgeToken({ key: KEY, claims, ...(row.header ? { header: row.header } : {}) });
}

async function outcome(run: () => Promise<unknown> | unknown): Promise<{ claims: unknown } | { code: string }> {
  try {
    return { claims: await run() };
  } catch (e) {
    return { code: isLiveKitTokenError(e) ? e.code : `not a LiveKitTokenError: ${String(e)}` };
  }
}

function checkHelpers(claims: LiveKitClaims, helpers: Helpers | undefined): void {
  if (!helpers) return;
  if (helpers.canJoin !== undefined) expect(canJoin(claims), 'canJoin').toBe(helpers.canJoin);
  if (helpers.canPublish !== undefined) expect(canPublish(claims), 'canPublish').toBe(helpers.canPublish);
  if (helpers.canSubscribe !== undefined) expect(canSubscribe(claims), 'canSubscribe').toBe(helpers.canSubscribe);
  if (helpers.canPublishData !== undefined) expect(canPublishData(claims), 'canPublishData').toBe(helpers.canPublishData);
  for (const [source, allowed] of Object.entries(helpers.sources ?? {})) {
    expect(canPublish(claims, source as TrackSource), `canPublish(${source})`).toBe(allowed);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('differential table against the LiveKit server rules', () => {
  it('has at least 40 rows, each either accepted or refused', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    for (const row of rows) expect(row.result === undefined, row.name).not.toBe(row.refused === undefined);
  });

  describe.each(rows)('$name', (row) => {
    const want = row.refused ? { code: row.refused } : { claims: expected(row) };
    const options = { now: NOW * 1000, clockTolerance: LEEWAY };

    it('verifyToken', async () => {
      expect(await outcome(async () => verifyToken(await sign(row), KEY, options))).toEqual(want);
    });

    it('verifyTokenSync', async () => {
      const token = await sign(row);
      expect(await outcome(() => verifyTokenSync(token, KEY, options))).toEqual(want);
    });

    // The SDK's TokenVerifier returns the payload as jose parsed it, `null` values included;
    // compat does the same (the core leaves them out, as the server reads them).
    it('compat TokenVerifier', async () => {
      const token = await sign(row);
      vi.useFakeTimers({ toFake: ['Date'], now: NOW * 1000 });
      const signed = typeof row.claims === 'string' ? undefined : JSON.parse(JSON.stringify({ ...BASE, ...row.claims }));
      const compatWant = row.refused || signed === undefined ? want : { claims: signed };
      expect(await outcome(() => new TokenVerifier(KEY.apiKey, KEY.apiSecret).verify(token, LEEWAY))).toEqual(compatWant);
    });

    it('decodeToken and the helpers', async () => {
      const token = await sign(row);
      const decoded = await outcome(() => decodeToken(token).claims);
      if (row.refused === 'ERR_TOKEN_MALFORMED') return expect(decoded).toEqual({ code: 'ERR_TOKEN_MALFORMED' });
      // decodeToken checks no signature, time or claim type: it returns what the token says,
      // with null fields left out as verification leaves them out.
      expect(decoded).toHaveProperty('claims');
      const claims = (decoded as { claims: LiveKitClaims }).claims;
      if (row.result) expect(claims).toEqual(expected(row));
      checkHelpers(claims, row.helpers);
    });
  });
});

// ── LiveKit's key formats: what the server reads from LIVEKIT_KEYS and its key file ───────────
// livekit/livekit pkg/config/config.go: unmarshalKeys (LIVEKIT_KEYS, yaml.v3 into map[string]any,
// keeping `val.(string)` only) and ValidateKeys (key_file, a yaml.v3 Decoder into
// map[string]string, refused when others may read it); livekit/protocol auth/provider.go
// NewFileBasedKeyProviderFromReader (the same decoding). keySetFromLiveKit gives the keys the
// server would hold, in file order, or refuses where the server would drop or misread a key.
interface KeyRow {
  name: string;
  text: string;
  keys?: Record<string, string>;
  /** Refused: the line the message names. */
  refusedAt?: number;
}

const keyRows: KeyRow[] = [
  // auth/provider_test.go TestFileBasedKeyProvider: a trailing blank and a CRLF end are not part of the secret.
  { name: 'the server\'s own key-file test', text: 'key1: secret1\nkey2: secret2 \r\n\nkey3: secret3', keys: { key1: 'secret1', key2: 'secret2', key3: 'secret3' } },
  // cmd/server/main.go: the --keys flag's usage is "key: secret\n"; one pair is the common case.
  { name: 'one LIVEKIT_KEYS pair', text: 'APIabc: s3cret-value', keys: { APIabc: 's3cret-value' } },
  // yaml.v3: a comment after blanks ends a plain scalar; a # inside one does not.
  { name: 'comments', text: '# keys\nAPIa: one#two  # note', keys: { APIa: 'one#two' } },
  // yaml.v3: quoted scalars keep their characters; '' is a quote inside single quotes.
  { name: 'quoted values', text: `APIa: "x: y"\nAPIb: 'it''s'`, keys: { APIa: 'x: y', APIb: "it's" } },
  // unmarshalKeys: an int is not a string, so the server drops the key without a word.
  { name: 'a numeric secret (dropped by the server)', text: 'APIa: fine\nAPIb: 123456', refusedAt: 2 },
  // unmarshalKeys: a boolean is dropped too.
  { name: 'a boolean secret (dropped by the server)', text: 'APIa: true', refusedAt: 1 },
  // yaml.v3: `mapping key "APIa" already defined`: the server does not start.
  { name: 'a duplicate key', text: 'APIa: one\nAPIa: two', refusedAt: 2 },
  // yaml.v3: an indented line continues the plain scalar above it (a different secret).
  { name: 'a continuation line', text: 'APIa: one\n  two', refusedAt: 2 },
];

describe('LiveKit key formats as the server reads them', () => {
  it.each(keyRows)('$name', (row) => {
    if (row.keys) {
      expect(Object.fromEntries(keySetFromLiveKit(row.text).map((k) => [k.apiKey, k.apiSecret]))).toEqual(row.keys);
      expect(keySetFromLiveKit(row.text).map((k) => k.apiKey)).toEqual(Object.keys(row.keys));
    } else {
      expect(() => keySetFromLiveKit(row.text)).toThrow(new RegExp(`^line ${row.refusedAt}\\b`));
    }
  });
});

// ── newest protocol: agent dispatch queue grant and agent job webhooks ──────────────────────
describe('newest protocol', () => {
  // livekit/protocol #1744, auth/grants.go AgentGrant.DispatchAdmin: createToken writes it as the
  // server reads it (`agent.dispatchAdmin`), no longer refused as an unknown field.
  it('createToken mints agent.dispatchAdmin', async () => {
    const token = await createToken(KEY, { agent: { dispatchAdmin: true }, ttl: '10m', now: NOW * 1000 });
    expect(decodeToken(token).claims.agent).toEqual({ dispatchAdmin: true });
  });

  // livekit/protocol b5754770: protobufs/livekit_webhook.proto WebhookEvent.job (Job, field 12,
  // "set when event is agent_job_*"), webhook/consts.go EventAgentJobStarted / EventAgentJobEnded;
  // protobufs/livekit_agent.proto Job and JobState in protobuf JSON (camelCase, enum names).
  it.each(['agent_job_started', 'agent_job_ended'])('verifyWebhook returns a signed %s event with its job', async (name) => {
    const job = {
      id: 'AJ_1', dispatchId: 'AD_1', type: 'JT_ROOM', room: { sid: 'RM_1', name: 'demo' }, agentName: 'receptionist',
      metadata: '{"lang":"en"}', state: { status: name === 'agent_job_ended' ? 'JS_SUCCESS' : 'JS_RUNNING', startedAt: String(NOW), participantIdentity: 'agent-AJ_1' },
    };
    const body = JSON.stringify({ event: name, job, id: 'EV_1', createdAt: String(NOW) });
    const digest = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))));
    const token = await createToken(KEY, { sha256: digest, ttl: '5m', now: NOW * 1000 });
    const event = await verifyWebhook(body, token, KEY, { now: NOW * 1000 });
    expect(event.event).toBe(name);
    expect(event.job?.agentName).toBe('receptionist');
    expect(event.job?.state?.status).toBe(job.state.status);
    expect(event).toEqual(JSON.parse(body));
  });
});
