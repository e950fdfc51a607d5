import { describe, expect, it } from 'vitest';
import { PhoneSettingsError, aorParts, parsePhoneSettings } from '../../../shared/phone/phone-settings';

const minimal = { serverUrl: 'wss://sip.example.com:7443', aor: 'sip:agent17@calls.example.com', authUser: 'agent17', authPassword: 's3cret-pass' };

describe('phone settings', () => {
  it('PHONE-ICE: iceServers default to none: never a public STUN server', () => {
    const s = parsePhoneSettings(minimal);
    expect(s.iceServers).toEqual([]);
    expect(s).toMatchObject({ iceGatheringTimeoutMs: 500, reconnect: { baseMs: 500, maxMs: 30_000 }, dtmfMethod: 'rfc4733', noAnswerTimeoutMs: 30_000 });
  });

  it('PHONE-SETTINGS: a bad field is named by its JSON path, and the password is never echoed', () => {
    const bad = { ...minimal, serverUrl: 'http://sip.example.com', iceServers: [{ urls: 'http://stun.example.com' }], reconnect: { baseMs: 1_000, maxMs: 500 } };
    let error: unknown;
    try {
      parsePhoneSettings(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PhoneSettingsError);
    const paths = (error as PhoneSettingsError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['serverUrl', 'iceServers[0].urls', 'reconnect.maxMs']));
    expect((error as Error).message).not.toContain('s3cret-pass');
    expect(() => parsePhoneSettings({ ...minimal, authPassword: '' })).toThrow(/authPassword: must not be empty/);
    expect(() => parsePhoneSettings({ ...minimal, extra: 1 })).toThrow(PhoneSettingsError);
  });

  it('PHONE-SETTINGS: the AOR splits into user and domain', () => {
    expect(aorParts('sip:agent17@calls.example.com')).toEqual({ user: 'agent17', domain: 'calls.example.com' });
    expect(() => parsePhoneSettings({ ...minimal, aor: 'agent17' })).toThrow(/aor: expected sip:user@domain/);
  });
});
