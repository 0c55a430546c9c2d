import { createServer } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createTokenHandler,
  toNodeListener,
  type AuthorizeResult,
  type CallerFacts,
  type GrantPolicyDecision,
  type TokenRequestBody,
  type RateLimiter,
  type TokenHandler,
  type TokenHandlerEvent,
  type TokenHandlerOptions,
} from '../../src/handler/index.js';

const key = { apiKey: 'APIk', apiSecret: 'secret' };

describe('handler types', () => {
  it('is a fetch handler usable as Workers fetch, Deno.serve and Bun.serve handler', () => {
    const handler = createTokenHandler({ keys: key, wsUrl: 'wss://x', allowAnonymous: true });
    expectTypeOf(handler).toEqualTypeOf<TokenHandler>();
    expectTypeOf(handler).parameters.toEqualTypeOf<[Request]>();
    expectTypeOf(handler).returns.toEqualTypeOf<Promise<Response>>();
    // Node's own createServer accepts the adapter without casts.
    createServer(toNodeListener(handler));
  });

  it('requires keys and wsUrl; hooks may be sync or async', () => {
    // @ts-expect-error wsUrl is required
    createTokenHandler({ keys: key, allowAnonymous: true });
    // @ts-expect-error keys are required
    createTokenHandler({ wsUrl: 'wss://x', allowAnonymous: true });
    const options: TokenHandlerOptions = {
      keys: [key],
      wsUrl: 'wss://x',
      authorize: async (request) => request.headers.has('authorization'),
      grantPolicy: (_request, body) => (body.room === 'lobby' ? ['canPublish'] : false),
      rateLimit: async () => ({ retryAfter: 5 }),
      // A logger that returns something fits as is.
      onEvent: (event) => (expectTypeOf(event).toEqualTypeOf<TokenHandlerEvent>(), true),
    };
    expectTypeOf(options.rateLimit).toEqualTypeOf<false | RateLimiter | undefined>();
    // @ts-expect-error grant names are checked
    const bad: GrantPolicyDecision = ['canFly'];
    void bad;
  });

  it('authorize answers a boolean or the caller facts; the body may leave identity out', () => {
    const facts: CallerFacts = { identity: 'u1', name: 'Ann', metadata: { plan: 'pro' }, attributes: { team: 'blue' } };
    const options: TokenHandlerOptions = {
      keys: key,
      wsUrl: 'wss://x',
      authorize: async (request) => (request.headers.has('cookie') ? facts : false),
      routes: { agent: false },
      minTtl: '30s',
      verifyRateLimit: (_request, address) => address !== 'blocked',
      clientAddress: (request) => request.headers.get('cf-connecting-ip'),
    };
    void options;
    expectTypeOf<TokenRequestBody['identity']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AuthorizeResult>().toEqualTypeOf<boolean | CallerFacts>();
    // @ts-expect-error attributes are strings
    const badFacts: CallerFacts = { attributes: { n: 1 } };
    void badFacts;
    // Every route takes a path, true or false; the token route may be switched off too.
    const routes: TokenHandlerOptions['routes'] = { token: false, agent: '/agents/token', verify: true, health: '/healthz', ready: false };
    void routes;
    // @ts-expect-error a route is a path or a boolean
    const badRoutes: TokenHandlerOptions['routes'] = { token: 1 };
    void badRoutes;
    // @ts-expect-error there is no such route
    const unknownRoute: TokenHandlerOptions['routes'] = { tokens: '/t' };
    void unknownRoute;
    // The body's room may be absent (newRoomName, or LiveKit's standard clients sending none).
    expectTypeOf<TokenRequestBody['room']>().toEqualTypeOf<string | undefined>();
  });

  it('limits compose: rateLimit gets the address, addressRateLimit is any RateLimiter', () => {
    const options: TokenHandlerOptions = {
      keys: key,
      wsUrl: 'wss://x',
      allowAnonymous: true,
      rateLimit: (_request, identity, address) => identity !== 'x' || address === undefined,
      addressRateLimit: (_request, address) => address !== 'blocked' || { retryAfter: 30 },
      waitUntil: (promise) => void promise,
    };
    expectTypeOf(options.addressRateLimit).toEqualTypeOf<false | RateLimiter | undefined>();
  });
});
