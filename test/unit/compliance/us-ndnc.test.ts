import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { DAY, SECOND, US_NOW, US_NUMBER, details, dnc, grant, lead, plus, usInput, AGENCY, campaign } from './fixtures';

const listed = dnc([US_NUMBER], '2025-06-01T00:00:00Z');
const usLead = (businessRelationship?: NonNullable<ReturnType<typeof lead>['businessRelationship']>) =>
  lead({ phoneE164: US_NUMBER, timeZone: 'America/New_York', name: 'Jane Roe', ...(businessRelationship && { businessRelationship }) });
// US_NOW is 2025-06-10T16:00:00Z.
const monthsAgo = (months: number) => {
  const d = new Date(US_NOW);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};

describe('US-NDNC: National DNC registry unless an EBR or written consent covers the number', () => {
  it('US-NDNC: a listed number without EBR or written consent is refused', () => {
    const v = evaluateGate(usInput({ nationalDnc: listed }));
    expect(details(v)).toEqual(['US-NDNC/listed']);
    expect(v.reasons[0]?.message.en).toContain('National Do Not Call Registry');
  });

  it('US-NDNC: EBR from a purchase holds for 18 months (boundary included), not one second more', () => {
    expect(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastPurchaseAt: monthsAgo(17) }) })).allowed).toBe(true);
    expect(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastPurchaseAt: monthsAgo(18) }) })).allowed).toBe(true);
    const v = evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastPurchaseAt: monthsAgo(18) }), now: plus(US_NOW, SECOND) }));
    expect(details(v)).toEqual(['US-NDNC/listed']);
  });

  it('US-NDNC: EBR from an inquiry holds for 3 months only', () => {
    expect(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastInquiryAt: monthsAgo(2) }) })).allowed).toBe(true);
    expect(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastInquiryAt: monthsAgo(3) }) })).allowed).toBe(true);
    expect(details(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastInquiryAt: monthsAgo(4) }) })))).toEqual(['US-NDNC/listed']);
  });

  it('US-NDNC: a purchase dated after now is not an EBR', () => {
    expect(details(evaluateGate(usInput({ nationalDnc: listed, lead: usLead({ lastPurchaseAt: plus(US_NOW, DAY).toISOString() }) })))).toEqual([
      'US-NDNC/listed',
    ]);
  });

  it('US-NDNC: a written consent naming the calling company lets a listed number be called', () => {
    expect(evaluateGate(usInput({ nationalDnc: listed, grants: [grant('written_call')] })).allowed).toBe(true);
  });

  it('US-NDNC: a written consent naming another company, withdrawn, or of another kind does not', () => {
    const agency = campaign({ profile: 'US', callingCompanyId: AGENCY });
    expect(details(evaluateGate(usInput({ campaign: agency, nationalDnc: listed, grants: [grant('written_call')] })))).toEqual(['US-NDNC/listed']);
    expect(
      details(evaluateGate(usInput({ nationalDnc: listed, grants: [grant('written_call', { withdrawnAt: '2025-06-01T00:00:00Z' })] }))),
    ).toEqual(['US-NDNC/listed']);
    expect(details(evaluateGate(usInput({ nationalDnc: listed, grants: [grant('marketing_call')] })))).toEqual(['US-NDNC/listed']);
  });

  it('US-NDNC: a snapshot older than 31 days, missing, or in the future stops dialing', () => {
    const ago = (ms: number) => new Date(US_NOW.getTime() - ms).toISOString();
    expect(evaluateGate(usInput({ nationalDnc: dnc([], ago(31 * DAY)) })).allowed).toBe(true);
    expect(details(evaluateGate(usInput({ nationalDnc: dnc([], ago(31 * DAY + SECOND)) })))).toEqual(['US-NDNC/snapshot-stale']);
    expect(details(evaluateGate(usInput({ nationalDnc: undefined })))).toEqual(['US-NDNC/snapshot-missing']);
    expect(details(evaluateGate(usInput({ nationalDnc: dnc([], plus(US_NOW, SECOND).toISOString()) })))).toEqual(['US-NDNC/snapshot-in-future']);
  });

  it('US-NDNC: an EBR does not excuse a stale snapshot', () => {
    const stale = dnc([US_NUMBER], '2025-01-01T00:00:00Z');
    expect(details(evaluateGate(usInput({ nationalDnc: stale, lead: usLead({ lastPurchaseAt: monthsAgo(1) }) })))).toEqual([
      'US-NDNC/snapshot-stale',
    ]);
  });

  it('US-NDNC: the KR registry rule id is not used under the US profile', () => {
    expect(evaluateGate(usInput({ nationalDnc: listed })).reasons.some((r) => r.code === 'KR-DNC')).toBe(false);
  });
});
