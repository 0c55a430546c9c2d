import { LiveKitTokenError, parseTtl, type ApiKey, type KeySet } from '../index.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { planCors, type CorsPlan } from './cors.js';
import type { Incoming } from './incoming.js';
import { memoryWindows } from './rate-limit.js';
import { hasForbiddenCharacter, utf8Length } from '../lib/text.js';
import { MAX_NAME_BYTES } from '../lib/limits.js';
import { isServerUrl } from '../lib/server-url.js';
import type { TtlBounds } from './request.js';
import type { Awaitable, RateLimitDecision, RouteName, TokenHandlerOptions } from './types.js';

/** @internal The prefix of every agent token's identity; `/token` refuses identities that start with it. */
export const AGENT_IDENTITY_PREFIX = 'agent:';

/** @internal A route as the router knows it: its name and the methods it answers. */
export interface RoutePlan {
  name: RouteName;
  methods: readonly string[];
}

/** @internal The handler's options, validated once, with defaults applied. */
export interface HandlerPlan {
  signer: () => ApiKey | Promise<ApiKey>;
  keys: KeySet;
  wsUrl: string;
  ttl: TtlBounds;
  authorize: TokenHandlerOptions['authorize'];
  grantPolicy: TokenHandlerOptions['grantPolicy'];
  cors: CorsPlan | undefined;
  maxBodyBytes: number;
  /** Path (under `basePath`) → route, for the routes that are on. */
  routes: ReadonlyMap<string, RoutePlan>;
  /** Agent names a caller may ask for (`''` is the default agent). */
  agents: ReadonlySet<string>;
  newRoomName: TokenHandlerOptions['newRoomName'];
  newIdentity: TokenHandlerOptions['newIdentity'];
  serviceName: string;
  /** The per-identity mint bucket; the built-in one reads no Request. */
  rateLimit: ((incoming: Incoming, identity: string, address: string | undefined) => Awaitable<RateLimitDecision>) | undefined;
  /** The per-address bucket of the mint routes, asked only when an address is known. */
  addressRateLimit: ((incoming: Incoming, address: string) => Awaitable<RateLimitDecision>) | undefined;
  /** The verify rate limiter. */
  verifyRateLimit: ((incoming: Incoming) => Awaitable<RateLimitDecision>) | undefined;
  /** The caller's address: the `clientAddress` hook, else the transport's. */
  address: AddressOf;
  /** True when a user hook (other than authorize/grantPolicy) receives the Request. */
  hooksSeeRequest: boolean;
  waitUntil: TokenHandlerOptions['waitUntil'];
  onEvent: TokenHandlerOptions['onEvent'];
  basePath: string;
}

const KNOWN = [
  'keys', 'signingKey', 'wsUrl', 'defaultTtl', 'maxTtl', 'minTtl', 'authorize', 'allowAnonymous', 'grantPolicy',
  'routes', 'cors', 'maxBodyBytes', 'rateLimit', 'verifyRateLimit', 'clientAddress', 'onEvent', 'basePath',
  'agents', 'newRoomName', 'newIdentity', 'serviceName', 'addressRateLimit', 'waitUntil',
];

/** The built-in limits: per identity for mints, per client address for any route that limits. */
const MINTS_PER_IDENTITY = 60;
const REQUESTS_PER_ADDRESS = 600;

function invalid(message: string): never {
  throw new LiveKitTokenError('ERR_INVALID_OPTIONS', message);
}

function optionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') invalid(`${name} must be a function`);
}

/** @internal Validates the options of `createTokenHandler`; throws ERR_INVALID_OPTIONS naming the field. */
export function planHandler(options: TokenHandlerOptions): HandlerPlan {
  if (typeof options !== 'object' || options === null) invalid('options must be an object');
  for (const key of Object.keys(options)) {
    if ((options as unknown as Record<string, unknown>)[key] !== undefined && !KNOWN.includes(key)) invalid(`${key} is not a known handler option`);
  }
  const { authorize, allowAnonymous, grantPolicy, rateLimit, addressRateLimit, verifyRateLimit, clientAddress, onEvent } = options;
  if (allowAnonymous !== undefined && typeof allowAnonymous !== 'boolean') invalid('allowAnonymous must be a boolean');
  optionalFunction(authorize, 'authorize');
  if (authorize === undefined && allowAnonymous !== true) {
    invalid('authorize(request, body) is required: it decides who may get a token. Pass allowAnonymous: true to run without it (development only)');
  }
  optionalFunction(grantPolicy, 'grantPolicy');
  optionalFunction(onEvent, 'onEvent');
  optionalFunction(clientAddress, 'clientAddress');
  optionalFunction(options.newRoomName, 'newRoomName');
  optionalFunction(options.newIdentity, 'newIdentity');
  optionalFunction(options.waitUntil, 'waitUntil');
  if (rateLimit !== undefined && rateLimit !== false && typeof rateLimit !== 'function') invalid('rateLimit must be false or a function');
  if (addressRateLimit !== undefined && addressRateLimit !== false && typeof addressRateLimit !== 'function') invalid('addressRateLimit must be false or a function');
  if (verifyRateLimit !== undefined && verifyRateLimit !== false && typeof verifyRateLimit !== 'function') invalid('verifyRateLimit must be false or a function');

  const defaultTtl = parseTtl(options.defaultTtl ?? '10m');
  const maxTtl = parseTtl(options.maxTtl ?? '1h');
  const minTtl = parseTtl(options.minTtl ?? '1m');
  if (defaultTtl > maxTtl) invalid(`defaultTtl (${defaultTtl} s) is longer than maxTtl (${maxTtl} s)`);
  if (minTtl > defaultTtl) invalid(`minTtl (${minTtl} s) is longer than defaultTtl (${defaultTtl} s): lower minTtl or raise defaultTtl`);

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) invalid('maxBodyBytes must be a whole number of bytes ≥ 1');

  const address = planAddress(clientAddress);
  const agents = planAgents(options.agents);
  const routes = planRoutes(options.routes, agents);
  return {
    signer: planSigner(options.keys, options.signingKey),
    keys: options.keys,
    wsUrl: checkWsUrl(options.wsUrl),
    ttl: { fallback: defaultTtl, min: minTtl, max: maxTtl },
    authorize,
    grantPolicy,
    cors: planCors(options.cors),
    maxBodyBytes,
    routes,
    agents,
    newRoomName: options.newRoomName,
    newIdentity: options.newIdentity,
    serviceName: checkServiceName(options.serviceName ?? 'livekit-token'),
    rateLimit: planRateLimit(rateLimit),
    addressRateLimit: planAddressRateLimit(addressRateLimit),
    verifyRateLimit: planVerifyRateLimit(verifyRateLimit, address),
    address,
    hooksSeeRequest:
      typeof rateLimit === 'function' ||
      typeof addressRateLimit === 'function' ||
      typeof verifyRateLimit === 'function' ||
      clientAddress !== undefined ||
      options.newRoomName !== undefined ||
      options.newIdentity !== undefined,
    waitUntil: options.waitUntil,
    onEvent,
    basePath: checkBasePath(options.basePath ?? ''),
  };
}

// The routes and their default paths. `agent` is off unless switched on: it mints tokens under
// names that are not the caller's own, so it only exists where `agents` says which names.
const DEFAULT_ROUTES: ReadonlyArray<[RouteName, string, readonly string[], boolean]> = [
  ['health', '/health', ['GET', 'HEAD'], true],
  ['ready', '/ready', ['GET', 'HEAD'], true],
  ['token', '/token', ['POST'], true],
  ['agent', '/token/agent', ['POST'], false],
  ['verify', '/token/verify', ['POST'], true],
];

function planRoutes(routes: TokenHandlerOptions['routes'], agents: ReadonlySet<string>): ReadonlyMap<string, RoutePlan> {
  if (routes !== undefined && (typeof routes !== 'object' || routes === null)) invalid('routes must be an object such as { agent: true, verify: false }');
  const given = (routes ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!DEFAULT_ROUTES.some(([known]) => known === name)) invalid(`routes.${name.slice(0, 32)} is not a route (token, agent, verify, health, ready)`);
  }
  const planned = new Map<string, RoutePlan>();
  for (const [name, defaultPath, methods, defaultOn] of DEFAULT_ROUTES) {
    const value = given[name];
    if (value !== undefined && typeof value !== 'boolean' && typeof value !== 'string') invalid(`routes.${name} must be true, false or a path such as "/get-token"`);
    const on = value === undefined ? defaultOn : value !== false;
    if (!on) continue;
    const path = typeof value === 'string' ? checkRoutePath(value, name) : defaultPath;
    if (planned.has(path)) invalid(`routes.${name} uses the path ${path}, which another route already has`);
    if (name === 'agent' && ![...agents].some((agent) => agent !== '')) {
      invalid('routes.agent needs the agent names it may mint in agents, e.g. agents: ["support-bot"]');
    }
    planned.set(path, { name, methods });
  }
  return planned;
}

function checkRoutePath(path: string, name: string): string {
  if (!/^\/[^?#\s]*$/.test(path) || path.length > 1024) invalid(`routes.${name} must be a path starting with "/", such as "/get-token"`);
  return path;
}

/** Agent names: each within the rules of a name once it becomes the identity `agent:<name>`. */
function planAgents(agents: TokenHandlerOptions['agents']): ReadonlySet<string> {
  if (agents === undefined) return new Set();
  if (!Array.isArray(agents)) invalid('agents must be an array of agent names, such as ["support-bot"]');
  for (const agent of agents as unknown[]) {
    if (typeof agent !== 'string') invalid('agents must hold strings ("" is the default agent)');
    const identity = AGENT_IDENTITY_PREFIX + agent;
    if (utf8Length(identity) > MAX_NAME_BYTES) invalid(`agents: the identity ${AGENT_IDENTITY_PREFIX}<name> of ${JSON.stringify(agent.slice(0, 32))}… would be over ${MAX_NAME_BYTES} bytes`);
    if (hasForbiddenCharacter(agent)) invalid('agents: a name holds control, line-separator or bidirectional characters');
  }
  return new Set(agents as string[]);
}

function checkServiceName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > 256 || hasForbiddenCharacter(name)) invalid('serviceName must be a short non-empty string');
  return name;
}

type AddressOf = (incoming: Incoming) => string | undefined;

/**
 * Where the caller's address comes from: the user's hook, else what the transport knows. A hook
 * that answers nothing falls back to the transport, never to "no address" (which would switch
 * the per-address limit off).
 */
function planAddress(clientAddress: TokenHandlerOptions['clientAddress']): AddressOf {
  if (clientAddress === undefined) return (incoming) => incoming.clientAddress();
  return (incoming) => {
    const address = clientAddress(incoming.request());
    return typeof address === 'string' && address !== '' ? address : incoming.clientAddress();
  };
}

/** The per-identity bucket: the user's limiter, or 60 a minute in memory. */
function planRateLimit(rateLimit: TokenHandlerOptions['rateLimit']): HandlerPlan['rateLimit'] {
  if (rateLimit === false) return undefined;
  if (rateLimit !== undefined) return (incoming, identity, address) => rateLimit(incoming.request(), identity, address);
  const perIdentity = memoryWindows({ limit: MINTS_PER_IDENTITY });
  return (_incoming, identity) => perIdentity(identity);
}

/** The per-address bucket: it stops a caller who picks a new identity for every request. */
function planAddressRateLimit(addressRateLimit: TokenHandlerOptions['addressRateLimit']): HandlerPlan['addressRateLimit'] {
  if (addressRateLimit === false) return undefined;
  if (addressRateLimit !== undefined) return (incoming, address) => addressRateLimit(incoming.request(), address);
  const perAddress = memoryWindows({ limit: REQUESTS_PER_ADDRESS });
  return (_incoming, address) => perAddress(address);
}

function planVerifyRateLimit(verifyRateLimit: TokenHandlerOptions['verifyRateLimit'], address: AddressOf): HandlerPlan['verifyRateLimit'] {
  if (verifyRateLimit === false) return undefined;
  if (verifyRateLimit !== undefined) return (incoming) => verifyRateLimit(incoming.request(), address(incoming) ?? '');
  const perAddress = memoryWindows({ limit: REQUESTS_PER_ADDRESS });
  // No address, no limit: a single bucket for everyone could be drained by one caller.
  return (incoming) => {
    const from = address(incoming);
    return from === undefined ? true : perAddress(from);
  };
}

function checkWsUrl(wsUrl: unknown): string {
  if (typeof wsUrl !== 'string' || wsUrl === '') invalid('wsUrl is required, e.g. "wss://my-project.livekit.cloud"');
  if (!isServerUrl(wsUrl)) invalid('wsUrl must be a ws://, wss://, http:// or https:// URL');
  return wsUrl;
}

function checkBasePath(basePath: unknown): string {
  if (typeof basePath !== 'string' || (basePath !== '' && !/^\/[^?#\s]*$/.test(basePath))) {
    invalid('basePath must be "" or a path starting with "/", such as "/livekit"');
  }
  // Trailing slashes trimmed by a loop: the pattern /\/+$/ backtracks quadratically on long runs.
  let end = basePath.length;
  while (end > 0 && basePath[end - 1] === '/') end--;
  return basePath.slice(0, end);
}

/**
 * Picks the key that signs. A static key set is checked now, so that a typo fails at startup;
 * a resolver function is asked on every mint, so that rotating the secret needs no restart.
 */
function planSigner(keys: KeySet, signingKey: string | undefined): () => ApiKey | Promise<ApiKey> {
  if (signingKey !== undefined && (typeof signingKey !== 'string' || signingKey === '')) invalid('signingKey must be a non-empty string');
  if (typeof keys === 'function') {
    if (signingKey === undefined) invalid('signingKey is required when keys is a function: name the API key that signs');
    return async () => {
      const secret = await keys(signingKey);
      if (typeof secret !== 'string' || secret === '') throw new Error('the keys function returned no secret for signingKey');
      return { apiKey: signingKey, apiSecret: secret };
    };
  }
  const candidates = listKeys(keys);
  const chosen = signingKey === undefined ? candidates[0] : candidates.find((k) => k.apiKey === signingKey);
  if (chosen === undefined) invalid(signingKey === undefined ? 'keys must hold at least one API key' : 'signingKey is not one of keys');
  if (typeof chosen.apiKey !== 'string' || chosen.apiKey === '' || typeof chosen.apiSecret !== 'string' || chosen.apiSecret === '') {
    invalid('the signing key needs a non-empty apiKey and apiSecret');
  }
  const key: ApiKey = { apiKey: chosen.apiKey, apiSecret: chosen.apiSecret };
  return () => key;
}

function listKeys(keys: KeySet): ApiKey[] {
  if (Array.isArray(keys)) return keys as ApiKey[];
  if (typeof keys !== 'object' || keys === null) invalid('keys is required: an ApiKey, an array of them, a record of key → secret, or a function');
  const one = keys as Partial<ApiKey>;
  if (typeof one.apiKey === 'string' && typeof one.apiSecret === 'string') return [one as ApiKey];
  return Object.entries(keys as Record<string, string>).map(([apiKey, apiSecret]) => ({ apiKey, apiSecret }));
}
