import { describe, expectTypeOf, it } from 'vitest';
import {
  describeToken,
  participantGrant,
  refreshToken,
  sipCallerToken,
  tokenStatus,
  verifyWebhook,
  viewerGrant,
  type TokenOptions,
  type TokenStatus,
  type VideoGrant,
  type WebhookEvent,
} from '../../src/index.js';

describe('domain layer types', () => {
  it('presets return plain grant objects and createToken options', () => {
    expectTypeOf(participantGrant('r')).toEqualTypeOf<VideoGrant>();
    expectTypeOf(sipCallerToken({ room: 'r', phoneNumber: '+1' })).toEqualTypeOf<TokenOptions>();
    // @ts-expect-error unknown grant key in an override
    viewerGrant('r', { roomName: 'x' });
    // @ts-expect-error phoneNumber is required
    sipCallerToken({ room: 'r' });
  });

  it('webhook events: known names narrow, unknown names are still strings', async () => {
    const event = await verifyWebhook('{}', 'Bearer x', { k: 's' });
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    expectTypeOf(event.event).toMatchTypeOf<string>();
    if (event.event === 'participant_joined') expectTypeOf(event.participant?.identity).toEqualTypeOf<string | undefined>();
    // @ts-expect-error a parsed body is not a raw body
    void verifyWebhook({ event: 'room_started' }, null, { k: 's' });
  });

  it('status and refresh shapes', () => {
    expectTypeOf(tokenStatus({})).toEqualTypeOf<TokenStatus>();
    expectTypeOf(tokenStatus({}).state).toEqualTypeOf<'valid' | 'expired' | 'not-yet-valid' | 'no-expiry'>();
    expectTypeOf(describeToken({})).toEqualTypeOf<string>();
    expectTypeOf(refreshToken).returns.toEqualTypeOf<Promise<string>>();
    // ttl is optional: by default the lifetime follows the LiveKit server's refresh rule.
    void refreshToken('t', { apiKey: 'k', apiSecret: 's' }, {});
    void refreshToken('t', { apiKey: 'k', apiSecret: 's' });
    // @ts-expect-error unknown option
    void refreshToken('t', { apiKey: 'k', apiSecret: 's' }, { tll: '1h' });
  });
});
