import { LiveKitTokenError, parseTtl, type ApiKey, type KeySet } from '../index.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { planCors, type CorsPlan } from './cors.js';
import type { Incoming } from './incoming.js';
import { memoryWindows } from './rate-limit.js';
import type { TtlBounds } from './request.js';
import type { Awaitable, RateLimitDecision, RouteName, TokenHandlerOptions } from './types.js';

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
  /** Routes switched off by the `routes` option. */
  disabled: ReadonlySet<RouteName>;
  /** The mint rate limiter; the built-in one reads no Request. */
  rateLimit: ((incoming: Incoming, identity: string) => Awaitable<RateLimitDecision>) | undefined;
  /** The verify rate limiter. */
  verifyRateLimit: ((incoming: Incoming) => Awaitable<RateLimitDecision>) | undefined;
  /** True when a user hook (other than authorize/grantPolicy) receives the Request. */
  hooksSeeRequest: boolean;
  onEvent: TokenHandlerOptions['onEvent'];
  basePath: string;
}

const KNOWN = [
  'keys', 'signingKey', 'wsUrl', 'defaultTtl', 'maxTtl', 'minTtl', 'authorize', 'allowAnonymous', 'grantPolicy',
  'routes', 'cors', 'maxBodyBytes', 'rateLimit', 'verifyRateLimit', 'clientAddress', 'onEvent', 'basePath',
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
  const { authorize, allowAnonymous, grantPolicy, rateLimit, verifyRateLimit, clientAddress, onEvent } = options;
  if (allowAnonymous !== undefined && typeof allowAnonymous !== 'boolean') invalid('allowAnonymous must be a boolean');
  optionalFunction(authorize, 'authorize');
  if (authorize === undefined && allowAnonymous !== true) {
    invalid('authorize(request, body) is required: it decides who may get a token. Pass allowAnonymous: true to run without it (development only)');
  }
  optionalFunction(grantPolicy, 'grantPolicy');
  optionalFunction(onEvent, 'onEvent');
  optionalFunction(clientAddress, 'clientAddress');
  if (rateLimit !== undefined && rateLimit !== false && typeof rateLimit !== 'function') invalid('rateLimit must be false or a function');
  if (verifyRateLimit !== undefined && verifyRateLimit !== false && typeof verifyRateLimit !== 'function') invalid('verifyRateLimit must be false or a function');

  const defaultTtl = parseTtl(options.defaultTtl ?? '10m');
  const maxTtl = parseTtl(options.maxTtl ?? '1h');
  const minTtl = parseTtl(options.minTtl ?? '1m');
  if (defaultTtl > maxTtl) invalid(`defaultTtl (${defaultTtl} s) is longer than maxTtl (${maxTtl} s)`);
  if (minTtl > defaultTtl) invalid(`minTtl (${minTtl} s) is longer than defaultTtl (${defaultTtl} s): lower minTtl or raise defaultTtl`);

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) invalid('maxBodyBytes must be a whole number of bytes ≥ 1');

  const address = planAddress(clientAddress);
  return {
    signer: planSigner(options.keys, options.signingKey),
    keys: options.keys,
    wsUrl: checkWsUrl(options.wsUrl),
    ttl: { fallback: defaultTtl, min: minTtl, max: maxTtl },
    authorize,
    grantPolicy,
    cors: planCors(options.cors),
    maxBodyBytes,
    disabled: planRoutes(options.routes),
    rateLimit: planRateLimit(rateLimit, address),
    verifyRateLimit: planVerifyRateLimit(verifyRateLimit, address),
    hooksSeeRequest: typeof rateLimit === 'function' || typeof verifyRateLimit === 'function' || clientAddress !== undefined,
    onEvent,
    basePath: checkBasePath(options.basePath ?? ''),
  };
}

function planRoutes(routes: TokenHandlerOptions['routes']): ReadonlySet<RouteName> {
  const disabled = new Set<RouteName>();
  if (routes === undefined) return disabled;
  if (typeof routes !== 'object' || routes === null) invalid('routes must be an object such as { agent: false }');
  for (const [name, on] of Object.entries(routes)) {
    if (name !== 'agent' && name !== 'verify') invalid(`routes.${name.slice(0, 32)} is not a route that can be switched off (agent, verify)`);
    if (on !== undefined && typeof on !== 'boolean') invalid(`routes.${name} must be a boolean`);
    if (on === false) disabled.add(name);
  }
  return disabled;
}

type AddressOf = (incoming: Incoming) => string | undefined;

/** Where the caller's address comes from: the user's hook, else what the transport knows. */
function planAddress(clientAddress: TokenHandlerOptions['clientAddress']): AddressOf {
  if (clientAddress === undefined) return (incoming) => incoming.clientAddress();
  return (incoming) => {
    const address = clientAddress(incoming.request());
    return typeof address === 'string' && address !== '' ? address : undefined;
  };
}

function planRateLimit(rateLimit: TokenHandlerOptions['rateLimit'], address: AddressOf): HandlerPlan['rateLimit'] {
  if (rateLimit === false) return undefined;
  if (rateLimit !== undefined) return (incoming, identity) => rateLimit(incoming.request(), identity);
  // The address bucket stops a caller who picks a new identity for every request.
  const perIdentity = memoryWindows({ limit: MINTS_PER_IDENTITY });
  const perAddress = memoryWindows({ limit: REQUESTS_PER_ADDRESS });
  return (incoming, identity) => {
    const from = address(incoming);
    if (from !== undefined) {
      const decision = perAddress(from);
      if (decision !== true) return decision;
    }
    return perIdentity(identity);
  };
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
  let protocol = '';
  try {
    protocol = new URL(wsUrl).protocol;
  } catch {
    // reported below
  }
  if (!['wss:', 'ws:', 'https:', 'http:'].includes(protocol)) invalid('wsUrl must be a ws://, wss://, http:// or https:// URL');
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
