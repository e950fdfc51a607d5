import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import type { AttemptRecord } from '../../../shared/compliance';
import { DAY, KR_NOW, campaign, details, krInput, kst, usInput, US_NOW } from './fixtures';

const attempt = (at: Date | string, campaignId = 'cmp-1'): AttemptRecord => ({
  leadId: 'lead-1',
  campaignId,
  at: typeof at === 'string' ? at : at.toISOString(),
});
const times = (n: number, at: (i: number) => Date | string, campaignId?: string) => Array.from({ length: n }, (_, i) => attempt(at(i), campaignId));

describe('CG-ATTEMPTS: at most N attempts per lead per day and M per campaign', () => {
  it('CG-ATTEMPTS: 2 attempts today are allowed, the 3rd attempt was the last (KR: 3 a day)', () => {
    expect(evaluateGate(krInput({ attempts: times(2, (i) => kst(`2025-06-10T${String(8 + i).padStart(2, '0')}:00:00`)) })).allowed).toBe(true);
    const v = evaluateGate(krInput({ attempts: times(3, (i) => kst(`2025-06-10T${String(8 + i).padStart(2, '0')}:00:00`)) }));
    expect(details(v)).toEqual(['CG-ATTEMPTS/daily-limit']);
    expect(v.reasons[0]?.message.ko).toBe('오늘 이 고객에게 이미 3회 전화를 걸었습니다. 하루에 최대 3회까지만 걸 수 있습니다.');
  });

  it("CG-ATTEMPTS: the day is the callee's local day, not the UTC day", () => {
    // 08:30 KST on 06-10 is 23:30Z on 06-09; attempts at 23:00 KST on 06-09 are the same UTC day but yesterday locally.
    const now = kst('2025-06-10T08:30:00');
    expect(evaluateGate(krInput({ now, attempts: times(3, () => kst('2025-06-09T23:00:00')) })).allowed).toBe(true);
    expect(details(evaluateGate(krInput({ now, attempts: times(3, () => kst('2025-06-10T08:00:00')) })))).toEqual(['CG-ATTEMPTS/daily-limit']);
  });

  it("CG-ATTEMPTS: a US callee's day follows New York time", () => {
    // Now is 12:00 EDT on 06-10 (16:00Z); attempts at 03:00Z on 06-10 were 23:00 EDT on 06-09: same UTC day, not today.
    const attempts = times(3, () => '2025-06-10T03:00:00Z');
    expect(evaluateGate(usInput({ attempts, now: US_NOW })).allowed).toBe(true);
  });

  it('CG-ATTEMPTS: 10 attempts over the campaign reach the campaign limit', () => {
    const nine = times(9, (i) => new Date(KR_NOW.getTime() - (i + 1) * DAY));
    expect(evaluateGate(krInput({ attempts: nine })).allowed).toBe(true);
    const ten = times(10, (i) => new Date(KR_NOW.getTime() - (i + 1) * DAY));
    expect(details(evaluateGate(krInput({ attempts: ten })))).toEqual(['CG-ATTEMPTS/campaign-limit']);
  });

  it('CG-ATTEMPTS: both limits reached give both reasons', () => {
    const attempts = [...times(3, () => kst('2025-06-10T09:00:00')), ...times(7, (i) => new Date(KR_NOW.getTime() - (i + 1) * DAY))];
    expect(details(evaluateGate(krInput({ attempts })))).toEqual(['CG-ATTEMPTS/daily-limit', 'CG-ATTEMPTS/campaign-limit']);
  });

  it("CG-ATTEMPTS: the campaign's own limits override the profile's", () => {
    const c = campaign({ maxAttemptsPerLeadPerDay: 1, maxAttemptsPerLeadTotal: 2 });
    expect(details(evaluateGate(krInput({ campaign: c, attempts: [attempt(kst('2025-06-10T09:00:00'))] })))).toEqual(['CG-ATTEMPTS/daily-limit']);
    const twoOld = times(2, (i) => new Date(KR_NOW.getTime() - (i + 2) * DAY));
    expect(details(evaluateGate(krInput({ campaign: c, attempts: twoOld })))).toEqual(['CG-ATTEMPTS/campaign-limit']);
  });

  it('CG-ATTEMPTS: attempts in another campaign count for the day but not for this campaign', () => {
    const other = times(3, () => kst('2025-06-10T09:00:00'), 'cmp-2');
    expect(details(evaluateGate(krInput({ attempts: other })))).toEqual(['CG-ATTEMPTS/daily-limit']);
    const oldOther = times(12, (i) => new Date(KR_NOW.getTime() - (i + 1) * DAY), 'cmp-2');
    expect(evaluateGate(krInput({ attempts: oldOther })).allowed).toBe(true);
  });

  it('CG-ATTEMPTS: attempts stamped after now still count', () => {
    expect(details(evaluateGate(krInput({ attempts: times(3, () => kst('2025-06-10T12:00:01')) })))).toEqual(['CG-ATTEMPTS/daily-limit']);
  });
});
