import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE_ID,
  GATE_RULE_IDS,
  JurisdictionProfileSchema,
  KR_PROFILE,
  PROFILES,
  US_PROFILE,
  addDuration,
  describeDuration,
  profileFor,
} from '../../../shared/compliance';

describe('jurisdiction profiles are data', () => {
  it('KR is the default profile and both built-ins validate and are frozen', () => {
    expect(DEFAULT_PROFILE_ID).toBe('KR');
    for (const p of Object.values(PROFILES)) {
      expect(JurisdictionProfileSchema.parse(p)).toEqual(p);
      expect(Object.isFrozen(p)).toBe(true);
      expect(Object.isFrozen(p.callingWindow)).toBe(true);
    }
    expect(profileFor('KR')).toBe(KR_PROFILE);
    expect(profileFor('US')).toBe(US_PROFILE);
  });

  it('KR-NIGHT: night 21:00-08:00 lifted only by a night_call consent; US-HOURS: 08:00-21:00, no exemption', () => {
    expect(KR_PROFILE.callingWindow).toEqual({ ruleId: 'KR-NIGHT', from: '08:00', until: '21:00', exemptingConsent: 'night_call' });
    expect(US_PROFILE.callingWindow).toEqual({ ruleId: 'US-HOURS', from: '08:00', until: '21:00' });
  });

  it('KR-CONSENT / KR-RECONF / KR-3P: 6-month own-customer exception, 2-year re-confirmation, provision consent', () => {
    expect(KR_PROFILE.consent).toEqual({ ruleId: 'KR-CONSENT', kind: 'marketing_call', ownCustomerException: { within: { months: 6 } } });
    expect(KR_PROFILE.reconfirmation?.maxAge).toEqual({ months: 24 });
    expect(KR_PROFILE.thirdPartyProvision?.kind).toBe('third_party_provision');
    expect(US_PROFILE.consent).toBeUndefined();
    expect(US_PROFILE.thirdPartyProvision).toBeUndefined();
  });

  it('KR-DNC / US-NDNC / US-IDNC / CG-ATTEMPTS: 31-day snapshots, EBR 18 and 3 months, attempt limits', () => {
    expect(KR_PROFILE.nationalDnc).toEqual({ ruleId: 'KR-DNC', maxSnapshotAge: { days: 31 } });
    expect(US_PROFILE.nationalDnc).toMatchObject({
      ruleId: 'US-NDNC',
      maxSnapshotAge: { days: 31 },
      businessRelationship: { afterPurchase: { months: 18 }, afterInquiry: { months: 3 } },
      writtenConsent: 'written_call',
    });
    expect(US_PROFILE.internalDnc.ruleId).toBe('US-IDNC');
    expect(KR_PROFILE.attempts).toEqual({ ruleId: 'CG-ATTEMPTS', perLeadPerDay: 3, perLeadPerCampaign: 10 });
  });

  it('every rule id a profile names is a gate rule id', () => {
    for (const p of Object.values(PROFILES)) {
      const ids = JSON.stringify(p).match(/"ruleId":"([A-Z-0-9]+)"/g) ?? [];
      for (const m of ids) expect(GATE_RULE_IDS).toContain(m.slice(10, -1));
    }
  });

  it('the schema rejects a window that wraps midnight and a zero duration, naming the field', () => {
    const bad = JurisdictionProfileSchema.safeParse({ ...KR_PROFILE, callingWindow: { ...KR_PROFILE.callingWindow, from: '21:00', until: '08:00' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['callingWindow']);
    const zero = JurisdictionProfileSchema.safeParse({ ...KR_PROFILE, nationalDnc: { ruleId: 'KR-DNC', maxSnapshotAge: {} } });
    expect(zero.error?.issues[0]?.path).toEqual(['nationalDnc', 'maxSnapshotAge']);
  });
});

describe('durations count like the statute', () => {
  it('KR-CONSENT: 6 months after Aug 31 is the last day of February', () => {
    expect(new Date(addDuration(Date.parse('2024-08-31T10:00:00Z'), { months: 6 })).toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(new Date(addDuration(Date.parse('2023-08-31T10:00:00Z'), { months: 6 })).toISOString()).toBe('2024-02-29T10:00:00.000Z');
  });

  it('KR-RECONF: 24 months after 2024-02-29 is 2026-02-28; days are 24-hour days', () => {
    expect(new Date(addDuration(Date.parse('2024-02-29T00:00:00Z'), { months: 24 })).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addDuration(0, { days: 31 })).toBe(31 * 86_400_000);
  });

  it('describes periods in Korean and English', () => {
    expect(describeDuration({ months: 24 })).toEqual({ ko: '2년', en: '2 years' });
    expect(describeDuration({ months: 6 })).toEqual({ ko: '6개월', en: '6 months' });
    expect(describeDuration({ days: 1 })).toEqual({ ko: '1일', en: '1 day' });
  });
});
