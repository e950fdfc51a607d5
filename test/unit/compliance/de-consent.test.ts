import { describe, expect, it } from 'vitest';
import { DE_PROFILE, evaluateGate, type GateInput } from '../../../shared/compliance';
import { AGENCY, campaign, details, dnc, grant, lead } from './fixtures';

const DE_NUMBER = '+4930901820';
const DE_NOW = new Date('2025-06-10T10:00:00Z'); // 12:00 in Berlin

function deInput(over: Partial<GateInput> = {}): GateInput {
  return {
    lead: lead({ phoneE164: DE_NUMBER, timeZone: 'Europe/Berlin', name: 'Erika Mustermann', source: { kind: 'own_customer', description: 'Kundin seit 2023', sameKindOfGoods: true, lastTransactionAt: '2025-05-01T00:00:00Z' } }),
    grants: [grant('marketing_call')],
    campaign: campaign({ profile: 'DE', scriptId: 'de-default' }),
    nationalDnc: undefined,
    internalDnc: dnc([]),
    attempts: [],
    now: DE_NOW,
    ...over,
  };
}

describe('DE-CONSENT: consumers need prior express consent for any advertising call (UWG 7(2))', () => {
  it('DE-CONSENT: a consent naming the calling company allows the call; no registry snapshot is needed', () => {
    expect(evaluateGate(deInput()).allowed).toBe(true);
    expect(DE_PROFILE.nationalDnc).toBeUndefined();
  });

  it('DE-CONSENT: no consent is refused, even for an own customer buying the same kind of goods last month (no exception)', () => {
    const v = evaluateGate(deInput({ grants: [] }));
    expect(details(v)).toEqual(['DE-CONSENT/missing']);
    expect(v.reasons[0]?.message.en).toContain('prior express consent');
  });

  it('DE-CONSENT: a consent naming another company, or withdrawn, is refused', () => {
    expect(details(evaluateGate(deInput({ campaign: campaign({ profile: 'DE', callingCompanyId: AGENCY, saleProvision: undefined }) })))).toEqual(['DE-CONSENT/other-company']);
    expect(details(evaluateGate(deInput({ grants: [grant('marketing_call', { withdrawnAt: '2025-06-01T00:00:00Z' })] })))).toEqual(['DE-CONSENT/withdrawn']);
  });

  it('DE-CONSENT: a consent is not aged like KR-RECONF (a 5-year-old consent still counts until withdrawn)', () => {
    expect(evaluateGate(deInput({ grants: [grant('marketing_call', { grantedAt: '2020-06-01T00:00:00Z' })] })).allowed).toBe(true);
  });

  it('DE-CONSENT: a number on the company\'s own list is refused', () => {
    expect(details(evaluateGate(deInput({ internalDnc: dnc([DE_NUMBER]) })))).toEqual(['DE-CONSENT/internal-listed']);
  });
});
