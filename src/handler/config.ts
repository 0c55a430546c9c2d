import { LiveKitTokenError, parseTtl, type ApiKey, type KeySet } from '../index.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { planCors, type CorsPlan } from './cors.js';
import type { Incoming } from './incoming.js';
import { memoryWindows } from './rate-limit.js';
import type { Awaitable, RateLimitDecision, TokenHandlerOptions } from './types.js';

/** @internal The handler's options, validated once, with defaults applied. */
export interface HandlerPlan {
  signer: () => ApiKey | Promise<ApiKey>;
  keys: KeySet;
  wsUrl: string;
  defaultTtl: number;
  maxTtl: number;
  authorize: TokenHandlerOptions['authorize'];
  grantPolicy: TokenHandlerOptions['grantPolicy'];
  cors: CorsPlan | undefined;
  maxBodyBytes: number;
  /** The rate limiter, called with the request only when it is the user's own. */
  rateLimit: ((incoming: Incoming, identity: string) => Awaitable<RateLimitDecision>) | undefined;
  /** True when the rate limiter is the user's own (it receives the Request). */
  customRateLimit: boolean;
  onEvent: TokenHandlerOptions['onEvent'];
  basePath: string;
}

const KNOWN = [
  'keys', 'signingKey', 'wsUrl', 'defaultTtl', 'maxTtl', 'authorize', 'allowAnonymous', 'grantPolicy',
  'cors', 'maxBodyBytes', 'rateLimit', 'onEvent', 'basePath',
];

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
  const { authorize, allowAnonymous, grantPolicy, rateLimit, onEvent } = options;
  if (allowAnonymous !== undefined && typeof allowAnonymous !== 'boolean') invalid('allowAnonymous must be a boolean');
  optionalFunction(authorize, 'authorize');
  if (authorize === undefined && allowAnonymous !== true) {
    invalid('authorize(request, body) is required: it decides who may get a token. Pass allowAnonymous: true to run without it (development only)');
  }
  optionalFunction(grantPolicy, 'grantPolicy');
  optionalFunction(onEvent, 'onEvent');
  if (rateLimit !== undefined && rateLimit !== false && typeof rateLimit !== 'function') invalid('rateLimit must be false or a function');

  const defaultTtl = parseTtl(options.defaultTtl ?? '10m');
  const maxTtl = parseTtl(options.maxTtl ?? '1h');
  if (defaultTtl > maxTtl) invalid(`defaultTtl (${defaultTtl} s) is longer than maxTtl (${maxTtl} s)`);

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) invalid('maxBodyBytes must be a whole number of bytes ≥ 1');

  return {
    signer: planSigner(options.keys, options.signingKey),
    keys: options.keys,
    wsUrl: checkWsUrl(options.wsUrl),
    defaultTtl,
    maxTtl,
    authorize,
    grantPolicy,
    cors: planCors(options.cors),
    maxBodyBytes,
    rateLimit: planRateLimit(rateLimit),
    customRateLimit: typeof rateLimit === 'function',
    onEvent,
    basePath: checkBasePath(options.basePath ?? ''),
  };
}

function planRateLimit(rateLimit: TokenHandlerOptions['rateLimit']): HandlerPlan['rateLimit'] {
  if (rateLimit === false) return undefined;
  if (rateLimit !== undefined) return (incoming, identity) => rateLimit(incoming.request(), identity);
  const take = memoryWindows({});
  return (_incoming, identity) => take(identity);
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
  return basePath.replace(/\/+$/, '');
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
