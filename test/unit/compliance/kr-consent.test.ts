import { describe, expect, it } from 'vitest';
import { evaluateGate, US_PROFILE } from '../../../shared/compliance';
import { AGENCY, DAY, KR_NOW, SECOND, SELLER, campaign, details, grant, krInput, lead, plus, usInput } from './fixtures';

const ownCustomer = (lastTransactionAt: string, sameKindOfGoods = true) =>
  lead({ source: { kind: 'own_customer', description: '온라인 매장', lastTransactionAt, sameKindOfGoods } });

describe('KR-CONSENT: prior consent to advertising calls from this company', () => {
  it('KR-CONSENT: a marketing consent naming the calling company is allowed', () => {
    expect(evaluateGate(krInput()).allowed).toBe(true);
  });

  it('KR-CONSENT: no consent at all is refused', () => {
    const v = evaluateGate(krInput({ grants: [] }));
    expect(details(v)).toEqual(['KR-CONSENT/missing']);
    expect(v.reasons[0]?.message.ko).toBe('고객의 전화 광고 수신 동의 기록이 없습니다. 사전 동의 없이는 광고 전화를 걸 수 없습니다.');
  });

  it('KR-CONSENT: other consent kinds (recording, night, provision) are not a marketing consent', () => {
    const grants = [grant('recording'), grant('night_call'), grant('third_party_provision')];
    expect(details(evaluateGate(krInput({ grants })))).toEqual(['KR-CONSENT/missing']);
  });

  it('KR-CONSENT: a consent naming only another company is refused', () => {
    expect(details(evaluateGate(krInput({ grants: [grant('marketing_call', { recipients: ['co-other'] })] })))).toEqual([
      'KR-CONSENT/other-company',
    ]);
  });

  it('KR-CONSENT: an agency calls only on a consent naming the agency, not the seller', () => {
    const agencyCampaign = campaign({ callingCompanyId: AGENCY });
    expect(details(evaluateGate(krInput({ campaign: agencyCampaign, grants: [grant('marketing_call', { recipients: [SELLER] })] })))).toEqual([
      'KR-CONSENT/other-company',
    ]);
    expect(evaluateGate(krInput({ campaign: agencyCampaign, grants: [grant('marketing_call', { recipients: [SELLER, AGENCY] })] })).allowed).toBe(true);
  });

  it('KR-CONSENT: recipients match exactly ("co-seller and partners" is not co-seller)', () => {
    const grants = [grant('marketing_call', { recipients: [`${SELLER} and partners`, 'partners', SELLER.toUpperCase()] })];
    expect(details(evaluateGate(krInput({ grants })))).toEqual(['KR-CONSENT/other-company']);
  });

  it('KR-CONSENT: a withdrawn consent does not count', () => {
    const v = evaluateGate(krInput({ grants: [grant('marketing_call', { withdrawnAt: '2025-05-01T00:00:00Z' })] }));
    expect(details(v)).toEqual(['KR-CONSENT/withdrawn']);
  });

  it('KR-CONSENT: a withdrawal also voids an older grant that was never marked withdrawn', () => {
    const grants = [
      grant('marketing_call', { id: 'g-old', grantedAt: '2024-10-01T00:00:00Z' }),
      grant('marketing_call', { id: 'g-new', grantedAt: '2025-02-01T00:00:00Z', withdrawnAt: '2025-05-01T00:00:00Z' }),
    ];
    expect(details(evaluateGate(krInput({ grants })))).toEqual(['KR-CONSENT/withdrawn']);
  });

  it('KR-CONSENT: consent given again after a withdrawal counts', () => {
    const grants = [
      grant('marketing_call', { id: 'g-1', grantedAt: '2025-01-01T00:00:00Z', withdrawnAt: '2025-02-01T00:00:00Z' }),
      grant('marketing_call', { id: 'g-2', grantedAt: '2025-03-01T00:00:00Z' }),
    ];
    expect(evaluateGate(krInput({ grants })).allowed).toBe(true);
  });

  it('KR-CONSENT: a consent granted after now does not count yet', () => {
    expect(details(evaluateGate(krInput({ grants: [grant('marketing_call', { grantedAt: plus(KR_NOW, SECOND).toISOString() })] })))).toEqual([
      'KR-CONSENT/missing',
    ]);
  });

  it('KR-CONSENT: own customer, same kind of goods, 5 months after the transaction: allowed without consent', () => {
    expect(evaluateGate(krInput({ grants: [], lead: ownCustomer('2025-01-10T03:00:00Z') })).allowed).toBe(true);
  });

  it('KR-CONSENT: the 6-month exception holds at exactly 6 months and ends one second later', () => {
    const tx = '2024-12-10T03:00:00Z'; // + 6 months = 2025-06-10T03:00:00Z = KR_NOW
    expect(evaluateGate(krInput({ grants: [], lead: ownCustomer(tx) })).allowed).toBe(true);
    const v = evaluateGate(krInput({ grants: [], lead: ownCustomer(tx), now: plus(KR_NOW, SECOND) }));
    expect(details(v)).toEqual(['KR-CONSENT/exception-expired']);
    expect(v.reasons[0]?.message.ko).toContain('6개월');
  });

  it('KR-CONSENT: the own-customer exception needs the same kind of goods and a transaction date', () => {
    expect(details(evaluateGate(krInput({ grants: [], lead: ownCustomer('2025-05-01T00:00:00Z', false) })))).toEqual(['KR-CONSENT/missing']);
    expect(details(evaluateGate(krInput({ grants: [], lead: lead({ source: { kind: 'own_customer', description: 'x', sameKindOfGoods: true } }) })))).toEqual([
      'KR-CONSENT/missing',
    ]);
  });

  it('KR-CONSENT: a transaction dated after now is bad data, not an exception', () => {
    expect(details(evaluateGate(krInput({ grants: [], lead: ownCustomer(plus(KR_NOW, DAY).toISOString()) })))).toEqual(['KR-CONSENT/missing']);
  });

  it('KR-CONSENT: a withdrawal beats the own-customer exception', () => {
    const v = evaluateGate(
      krInput({ grants: [grant('marketing_call', { withdrawnAt: '2025-05-01T00:00:00Z' })], lead: ownCustomer('2025-05-01T00:00:00Z') }),
    );
    expect(details(v)).toEqual(['KR-CONSENT/withdrawn']);
  });

  it('KR-CONSENT: the US profile has no prior-consent rule', () => {
    expect(evaluateGate(usInput({ grants: [] }), US_PROFILE).allowed).toBe(true);
  });
});
