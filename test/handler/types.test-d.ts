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
    // @ts-expect-error only agent and verify can be switched off
    const badRoutes: TokenHandlerOptions['routes'] = { token: false };
    void badRoutes;
  });
});
