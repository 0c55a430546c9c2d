// sipCallerToken's phone numbers: E.164 or refused, and a documented way for a caller who
// withheld their number. LiveKit's SIP service, for a hidden number, names the caller without it
// and leaves out the sip.phoneNumber attribute (livekit/sip, dispatch rules with
// hide_phone_number): the withheld form does the same.
import { describe, expect, it } from 'vitest';
import { createToken, decodeToken, isLiveKitTokenError, sipCallerToken, type SipCallerOptions } from '../../src/index.js';

const key = { apiKey: 'devkey', apiSecret: 'secret' };

/** The ERR_INVALID_OPTIONS message of a call that must fail. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (isLiveKitTokenError(e) && e.code === 'ERR_INVALID_OPTIONS') return e.message;
    throw e;
  }
  throw new Error('expected ERR_INVALID_OPTIONS');
}

describe('sipCallerToken: phoneNumber is E.164', () => {
  it.each(['', '1234567890', '5551234', '+1 555 123 4567', '+1-555-123-4567', '(555) 123-4567', '+0123456789', '+123456', '+1234567890123456', '+15551234567\n', 'anonymous'])(
    'refuses %j, naming phoneNumber and never echoing it',
    (phoneNumber) => {
      const message = refusal(() => sipCallerToken({ room: 'call-1', phoneNumber }));
      expect(message).toBe("phoneNumber must be an E.164 number: + then the country code and number, 7 to 15 digits, no spaces (e.g. '+15551234567')");
    },
  );

  it.each(['+15551234567', '+442071838750', '+6834002', '+123456789012345'])('accepts %s', async (phoneNumber) => {
    const claims = decodeToken(await createToken(key, sipCallerToken({ room: 'call-1', phoneNumber }))).claims;
    expect(claims.sub).toBe(`sip_${phoneNumber}`);
    expect(claims.attributes?.['sip.phoneNumber']).toBe(phoneNumber);
  });

  it('checks calledNumber by the same rule, naming it', () => {
    expect(refusal(() => sipCallerToken({ room: 'call-1', phoneNumber: '+15551234567', calledNumber: '' }))).toMatch(/^calledNumber must be an E\.164 number/);
    expect(refusal(() => sipCallerToken({ room: 'call-1', phoneNumber: '+15551234567', calledNumber: '5557654321' }))).toMatch(/^calledNumber must be an E\.164 number/);
  });

  it('refuses a number that is not a string, and a long one in linear time', () => {
    expect(refusal(() => sipCallerToken({ room: 'call-1', phoneNumber: 15551234567 as never }))).toBe('phoneNumber must be a string');
    expect(refusal(() => sipCallerToken({ room: 'call-1', phoneNumber: `+1${'5'.repeat(1_000_000)}` }))).toMatch(/^phoneNumber must be an E\.164 number/);
  });
});

describe('sipCallerToken: a withheld caller ID', () => {
  it('callerIdWithheld: true mints without a number: identity sip_<callId>, no name, no sip.phoneNumber', async () => {
    const options: SipCallerOptions = { room: 'call-CA9', callerIdWithheld: true, callId: 'CA9', calledNumber: '+15557654321' };
    const claims = decodeToken(await createToken(key, sipCallerToken(options))).claims;
    expect(claims.sub).toBe('sip_CA9');
    expect(claims.name).toBeUndefined();
    expect(claims.kind).toBe('sip');
    expect(claims.attributes).toEqual({ 'sip.trunkPhoneNumber': '+15557654321', 'sip.callID': 'CA9' });
    expect(claims.metadata).toBe('{"callId":"CA9"}');
    expect(claims.video).toMatchObject({ roomJoin: true, room: 'call-CA9', canPublishSources: ['microphone'] });
  });

  it('takes an identity instead of the call id', () => {
    expect(sipCallerToken({ room: 'call-1', callerIdWithheld: true, identity: 'caller-7' }).identity).toBe('caller-7');
  });

  it('needs identity or callId, refuses a number alongside, and a flag that is not a boolean', () => {
    expect(refusal(() => sipCallerToken({ room: 'call-1', callerIdWithheld: true }))).toBe('a caller who withheld their number needs identity or callId to be named');
    expect(refusal(() => sipCallerToken({ room: 'call-1', callerIdWithheld: true, callId: '' }))).toBe('a caller who withheld their number needs identity or callId to be named');
    // The types refuse it too: a withheld number is not known.
    // @ts-expect-error phoneNumber with callerIdWithheld: true
    expect(refusal(() => sipCallerToken({ room: 'call-1', callerIdWithheld: true, phoneNumber: '+15551234567' }))).toMatch(/^phoneNumber and callerIdWithheld: true exclude each other/);
    expect(refusal(() => sipCallerToken({ room: 'call-1', callerIdWithheld: 'yes' as never, callId: 'CA1' }))).toBe('callerIdWithheld must be true or false');
  });

  it('callerIdWithheld: false still needs an E.164 number', () => {
    expect(refusal(() => sipCallerToken({ room: 'call-1', phoneNumber: '', callerIdWithheld: false }))).toMatch(/^phoneNumber must be an E\.164 number/);
  });
});
