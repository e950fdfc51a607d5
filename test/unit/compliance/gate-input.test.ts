import { describe, expect, it } from 'vitest';
import { evaluateGate, GateProfileError, KR_PROFILE, US_PROFILE, type GateInput, type JurisdictionProfile } from '../../../shared/compliance';
import { KR_NUMBER, US_NUMBER, campaign, grant, krInput, lead, usInput } from './fixtures';

/** Evaluates something that is not a valid GateInput, as untrusted JSON would be. */
const evalRaw = (raw: unknown) => evaluateGate(raw as GateInput);
const paths = (raw: unknown) => evalRaw(raw).reasons.map((r) => `${r.code}/${r.detail}@${r.path ?? ''}`);

describe('CG-INPUT: bad input is a reason naming its path, never "allowed"', () => {
  it('CG-INPUT: an unknown time zone', () => {
    const v = evalRaw(krInput({ lead: lead({ timeZone: 'Asia/Busan' }) }));
    expect(v.allowed).toBe(false);
    expect(paths(krInput({ lead: lead({ timeZone: 'Asia/Busan' }) }))).toEqual(['CG-INPUT/invalid-time-zone@lead.timeZone']);
    expect(v.reasons[0]?.message.ko).toContain('시간대');
    expect(v.localTime).toBeUndefined();
  });

  it.each([
    ['not E.164 at all', '010-1234-5678'],
    ['too short for Korea', '+8210123456'],
    ['a US number with area code 999', '+19995550123'],
    ['empty', ''],
  ])('CG-INPUT: a malformed number (%s)', (_what, phoneE164) => {
    expect(paths(krInput({ lead: lead({ phoneE164 }) }))).toEqual(['CG-INPUT/invalid-number@lead.phoneE164']);
  });

  it('CG-INPUT: the message never repeats the number', () => {
    const v = evalRaw(krInput({ lead: lead({ phoneE164: '+8210999' }) }));
    for (const r of v.reasons) {
      expect(JSON.stringify(r)).not.toContain('8210999');
    }
  });

  it('CG-INPUT: missing fields are named', () => {
    const { name: _n, ...noName } = lead();
    expect(paths(krInput({ lead: noName as never }))).toEqual(['CG-INPUT/invalid-input@lead.name']);
    const { campaign: _c, ...noCampaign } = krInput();
    expect(paths(noCampaign)).toEqual(['CG-INPUT/invalid-input@campaign']);
    const { internalDnc: _i, ...noInternal } = krInput();
    expect(paths(noInternal)).toEqual(['CG-INPUT/invalid-input@internalDnc']);
  });

  it('CG-INPUT: every problem is reported, not just the first', () => {
    const raw = krInput({
      lead: lead({ timeZone: 'Nowhere/Land', phoneE164: 'nope' }),
      grants: [grant('marketing_call', { grantedAt: 'yesterday' })],
      now: new Date('not a date'),
    });
    expect(paths(raw).sort()).toEqual(
      [
        'CG-INPUT/invalid-number@lead.phoneE164',
        'CG-INPUT/invalid-time-zone@lead.timeZone',
        'CG-INPUT/invalid-input@grants[0].grantedAt',
        'CG-INPUT/invalid-input@now',
      ].sort(),
    );
  });

  it('CG-INPUT: wrong types and unknown consent kinds', () => {
    expect(paths(krInput({ grants: [grant('marketing_call', { kind: 'any_call' as never })] }))).toEqual(['CG-INPUT/invalid-input@grants[0].kind']);
    expect(paths(krInput({ attempts: [{ leadId: 'lead-1', campaignId: 'cmp-1', at: 12 as never }] }))).toEqual([
      'CG-INPUT/invalid-input@attempts[0].at',
    ]);
    expect(paths(krInput({ campaign: campaign({ profile: 'FR' as never }) }))).toEqual(['CG-INPUT/invalid-input@campaign.profile']);
    expect(paths({ ...krInput(), now: '2025-06-10T03:00:00Z' })).toEqual(['CG-INPUT/invalid-input@now']);
  });

  it('CG-INPUT: a lookup without has() or with a bad snapshot date', () => {
    expect(paths(krInput({ internalDnc: {} as never }))).toEqual(['CG-INPUT/invalid-input@internalDnc']);
    expect(paths(krInput({ internalDnc: null as never, nationalDnc: 42 as never }))).toEqual([
      'CG-INPUT/invalid-input@nationalDnc',
      'CG-INPUT/invalid-input@internalDnc',
    ]);
    expect(paths(krInput({ nationalDnc: { has: () => false, snapshotTakenAt: 'last month' } }))).toEqual([
      'CG-INPUT/invalid-input@nationalDnc.snapshotTakenAt',
    ]);
  });

  it.each([null, undefined, 42, 'lead', [], {}])('CG-INPUT: %j as the whole input', (raw) => {
    const v = evalRaw(raw);
    expect(v.allowed).toBe(false);
    expect(v.reasons.length).toBeGreaterThan(0);
    expect(v.reasons.every((r) => r.code === 'CG-INPUT')).toBe(true);
  });

  it('CG-INPUT: extra keys in a lead (strict schema) are named', () => {
    const v = evalRaw(krInput({ lead: { ...lead(), phone: KR_NUMBER } as never }));
    expect(v.reasons.map((r) => r.path)).toEqual(['lead']);
    expect(v.reasons[0]?.message.en).toContain('phone');
  });

  it('CG-INPUT: an empty time zone is one reason, not two (the issue-14 duplicate)', () => {
    expect(paths(krInput({ lead: lead({ timeZone: '' }) }))).toEqual(['CG-INPUT/invalid-time-zone@lead.timeZone']);
  });

  it('CG-INPUT: a number of a country the campaign\'s profile does not cover is refused (US number in KR, KR number in US)', () => {
    expect(paths(krInput({ lead: lead({ phoneE164: US_NUMBER, timeZone: 'America/New_York' }) }))).toEqual(['CG-INPUT/country-not-covered@lead.phoneE164']);
    const v = evaluateGate(usInput({ lead: lead({ phoneE164: KR_NUMBER, timeZone: 'Asia/Seoul' }) }));
    expect(v.reasons.map((r) => `${r.code}/${r.detail}`)).toEqual(['CG-INPUT/country-not-covered']);
    expect(v.reasons[0]?.message.en).toBe("The number at 'lead.phoneE164' is a KR number, and the campaign's profile US covers only US numbers; the call cannot be judged under it.");
    // A Canadian number shares +1 with the US but is another country.
    expect(paths(usInput({ lead: lead({ phoneE164: '+14165550123', timeZone: 'America/Toronto' }) }))).toEqual(['CG-INPUT/country-not-covered@lead.phoneE164']);
  });

  it('CG-INPUT: a profile other than the campaign\'s is refused ("profile mismatch")', () => {
    const v = evaluateGate(krInput(), US_PROFILE);
    expect(v.reasons.map((r) => `${r.code}/${r.detail}`)).toEqual(['CG-INPUT/profile-mismatch']);
    expect(v.reasons[0]?.message.en).toContain('(KR)');
    expect(evaluateGate(krInput(), KR_PROFILE).allowed).toBe(true);
  });

  it('CG-INPUT: a lead of another campaign, grants or attempts of another lead', () => {
    expect(paths(krInput({ lead: lead({ campaignId: 'cmp-9' }) }))).toEqual(['CG-INPUT/lead-campaign-mismatch@']);
    expect(paths(krInput({ grants: [grant('marketing_call', { leadId: 'lead-9' })] }))).toEqual(['CG-INPUT/grant-lead-mismatch@grants[0].leadId']);
    expect(paths(krInput({ attempts: [{ leadId: 'lead-9', campaignId: 'cmp-1', at: '2025-06-10T00:00:00Z' }] }))).toEqual([
      'CG-INPUT/attempt-lead-mismatch@attempts[0].leadId',
    ]);
  });

  it('CG-INPUT: a malformed profile object is a thrown GateProfileError naming the field', () => {
    const broken = { ...KR_PROFILE, callingWindow: { ...KR_PROFILE.callingWindow, from: '8am' } } as JurisdictionProfile;
    expect(() => evaluateGate(krInput(), broken)).toThrow(GateProfileError);
    expect(() => evaluateGate(krInput(), broken)).toThrow(/callingWindow\.from/);
  });

  it('CG-INPUT: a custom but valid profile is used (e.g. a stricter KR window)', () => {
    const strict: JurisdictionProfile = { ...KR_PROFILE, callingWindow: { ruleId: 'KR-NIGHT', exemptingConsent: 'night_call', from: '09:00', until: '20:00' } };
    expect(evaluateGate(krInput(), strict).allowed).toBe(true);
    const v = evaluateGate(krInput({ now: new Date('2025-06-10T11:30:00Z') }), strict); // 20:30 KST
    expect(v.reasons.map((r) => r.code)).toEqual(['KR-NIGHT']);
  });
});
