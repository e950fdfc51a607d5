import { describe, expect, it } from 'vitest';
import { dialUri, remoteLabel } from '../../../shared/phone/dial-target';
import { dtmfFromInfoBody, dtmfRelayBody, isDtmfDigits } from '../../../shared/phone/dtmf';
import { PhoneError } from '../../../shared/phone/phone-error';

describe('DTMF', () => {
  it('PHONE-DTMF: only 0-9, *, # and A-D are keys', () => {
    expect(['0123456789', '*#', 'ABCD'].every(isDtmfDigits)).toBe(true);
    expect(['', 'a', '1 2', 'E', '12-3'].some(isDtmfDigits)).toBe(false);
  });

  it('PHONE-DTMF-INFO: reads application/dtmf-relay and application/dtmf bodies, and writes the former', () => {
    expect(dtmfFromInfoBody('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(dtmfFromInfoBody('Application/DTMF-Relay; charset=x', 'signal= #\nDuration=100')).toBe('#');
    expect(dtmfFromInfoBody('application/dtmf', ' 7 ')).toBe('7');
    expect(dtmfFromInfoBody('text/plain', 'Signal=5')).toBeNull();
    expect(dtmfFromInfoBody('application/dtmf-relay', 'Signal=55')).toBeNull();
    expect(dtmfFromInfoBody('application/dtmf-relay', dtmfRelayBody('*'))).toBe('*');
  });
});

describe('dial targets', () => {
  it('PHONE-DIAL: numbers and user names are dialled in the AOR domain; SIP URIs as they are', () => {
    expect(dialUri('+821012345678', 'calls.example.com')).toBe('sip:+821012345678@calls.example.com');
    expect(dialUri('agent2', 'calls.example.com')).toBe('sip:agent2@calls.example.com');
    expect(dialUri('sip:queue@other.example.com', 'calls.example.com')).toBe('sip:queue@other.example.com');
  });

  it('PHONE-PRIVACY: a bad target is refused without echoing it; numbers are shown masked', () => {
    let error: unknown;
    try {
      dialUri('010-1234-5678; drop', 'x');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PhoneError);
    expect((error as PhoneError).code).toBe('invalid_target');
    expect((error as Error).message).not.toContain('1234');
    expect(remoteLabel('+821012345678')).toBe('***-5678');
    expect(remoteLabel('customer1')).toBe('customer1');
    // A dial token is a one-call credential: never shown.
    expect(remoteLabel('d-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe('***');
    expect(remoteLabel('p-abcdefghijk')).toBe('***');
  });
});
