import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../shared/compliance';
import { AGENCY, PROVIDER, SELLER, campaign, details, grant, krThirdPartyInput } from './fixtures';

const base = krThirdPartyInput();
const marketing = grant('marketing_call', { recipients: [AGENCY] });
const provision = (over: Parameters<typeof grant>[1] = {}) =>
  grant('third_party_provision', { recipients: [AGENCY], termsVersion: 'v2', purpose: 'telemarketing of internet plans', retention: '1 year', ...over });

describe('KR-3P: a lead from another company needs a provision consent naming this company', () => {
  it('KR-3P: a provision consent naming the calling company under the current terms is allowed', () => {
    expect(evaluateGate(base).allowed).toBe(true);
  });

  it('KR-3P: no provision consent is refused', () => {
    expect(details(evaluateGate(krThirdPartyInput({ grants: [marketing] })))).toEqual(['KR-3P/consent-missing']);
  });

  it('KR-3P: a provision consent naming the provider or the seller but not the calling agency is refused', () => {
    const v = evaluateGate(krThirdPartyInput({ grants: [marketing, provision({ recipients: [PROVIDER, SELLER] })] }));
    expect(details(v)).toEqual(['KR-3P/recipient-missing']);
    expect(v.reasons[0]?.message.ko).toBe('제3자 제공 동의에 발신 회사가 제공받는 자로 명시되어 있지 않습니다. 전화를 걸 수 없습니다.');
  });

  it('KR-3P: "and partners" names no one: only the exact company id counts', () => {
    for (const recipients of [['partners'], [`${PROVIDER} and partners`], ['제휴사'], [`${AGENCY} `], ['CO-AGENCY']]) {
      expect(details(evaluateGate(krThirdPartyInput({ grants: [marketing, provision({ recipients })] })))).toEqual(['KR-3P/recipient-missing']);
    }
  });

  it('KR-3P: terms changed since the consent (another version) invalidate it', () => {
    const v = evaluateGate(krThirdPartyInput({ grants: [marketing, provision({ termsVersion: 'v1' })] }));
    expect(details(v)).toEqual(['KR-3P/terms-changed']);
    expect(v.reasons[0]?.message.ko).toContain('새로 동의를 받기 전에는');
  });

  it('KR-3P: the same version but another purpose, items or retention is not the consent to the terms in force', () => {
    // The defect of issue 14: only the version was compared, so these three were allowed.
    const cases: [Parameters<typeof grant>[1], string][] = [
      [{ purpose: 'telemarketing of everything' }, 'purpose'],
      [{ items: ['name', 'phone', 'address'] }, 'items'],
      [{ retention: '5 years' }, 'retention'],
    ];
    for (const [over, changed] of cases) {
      const v = evaluateGate(krThirdPartyInput({ grants: [marketing, provision(over)] }));
      expect(details(v)).toEqual(['KR-3P/terms-changed']);
      expect(v.reasons[0]?.message.en).toContain(`(${changed})`);
    }
    // Items are a set: the same items in another order are the same terms.
    expect(evaluateGate(krThirdPartyInput({ grants: [marketing, provision({ items: ['phone', 'name'] })] })).allowed).toBe(true);
  });

  it('KR-3P: an agency campaign that names no recipient of the sale data (the seller) is refused', () => {
    const noSale = campaign({ callingCompanyId: AGENCY, saleProvision: undefined, provisionTerms: base.campaign.provisionTerms! });
    const { saleProvision: _drop, ...withoutSale } = noSale;
    expect(details(evaluateGate(krThirdPartyInput({ campaign: withoutSale })))).toEqual(['KR-3P/sale-recipients-missing']);
    const otherRecipient = { ...base.campaign, saleProvision: { version: 's1', recipients: [{ ...base.campaign.saleProvision!.recipients[0]!, companyId: PROVIDER }] } };
    expect(details(evaluateGate(krThirdPartyInput({ campaign: otherRecipient })))).toEqual(['KR-3P/sale-recipients-missing']);
    // A seller calling itself hands its own data to no one: no sale recipients needed.
    expect(evaluateGate(krThirdPartyInput({ campaign: campaign({ provisionTerms: base.campaign.provisionTerms! }), grants: [grant('marketing_call'), provision({ recipients: [SELLER] })] })).allowed).toBe(true);
  });

  it('KR-3P: a consent without a terms version cannot prove the current terms', () => {
    const { termsVersion: _drop, ...noVersion } = provision();
    expect(details(evaluateGate(krThirdPartyInput({ grants: [marketing, noVersion] })))).toEqual(['KR-3P/terms-changed']);
  });

  it('KR-3P: a new consent under the current terms after an old one suffices', () => {
    const grants = [marketing, provision({ id: 'p1', termsVersion: 'v1' }), provision({ id: 'p2', grantedAt: '2025-04-01T00:00:00Z' })];
    expect(evaluateGate(krThirdPartyInput({ grants })).allowed).toBe(true);
  });

  it('KR-3P: a campaign without provision terms cannot call third-party leads', () => {
    const { provisionTerms: _drop, ...noTerms } = base.campaign;
    expect(details(evaluateGate(krThirdPartyInput({ campaign: noTerms })))).toEqual(['KR-3P/campaign-terms-missing']);
  });

  it('KR-3P: a withdrawn provision consent is refused', () => {
    expect(details(evaluateGate(krThirdPartyInput({ grants: [marketing, provision({ withdrawnAt: '2025-05-01T00:00:00Z' })] })))).toEqual([
      'KR-3P/withdrawn',
    ]);
  });

  it('KR-3P: provision consent is not marketing consent: both are needed and both are reported', () => {
    expect(details(evaluateGate(krThirdPartyInput({ grants: [] })))).toEqual(['KR-CONSENT/missing', 'KR-3P/consent-missing']);
    expect(details(evaluateGate(krThirdPartyInput({ grants: [provision()] })))).toEqual(['KR-CONSENT/missing']);
  });

  it('KR-3P: own customers need no provision consent', () => {
    const ownLead = { ...base.lead, source: { kind: 'own_customer' as const, description: 'x', sameKindOfGoods: false } };
    expect(evaluateGate(krThirdPartyInput({ lead: ownLead, grants: [marketing] })).allowed).toBe(true);
  });

  it('KR-3P: seller calling itself must be named too (recipient = calling company)', () => {
    const selfCampaign = campaign({ provisionTerms: base.campaign.provisionTerms! });
    const grants = [grant('marketing_call'), provision({ recipients: [AGENCY] })];
    expect(details(evaluateGate(krThirdPartyInput({ campaign: selfCampaign, grants })))).toEqual(['KR-3P/recipient-missing']);
  });
});
