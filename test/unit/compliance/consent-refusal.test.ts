// A refusal is never a consent (decision 0054): the pure status computation and the gate over it, with
// the old form (a grant withdrawn the moment it was given) read as the refusal it records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentStatus, type ConsentRequirement } from '../../../shared/compliance/consent-status';
import type { GateContext } from '../../../shared/compliance/gate-context';
import { checkGateInput } from '../../../shared/compliance/gate-input';
import { evaluateGate, type GateInput } from '../../../shared/compliance';
import type { ConsentGrant } from '../../../shared/domain/consent-grant';
import { legacyRefusalOf, splitConsentRecords, type ConsentRefusal } from '../../../shared/domain/consent-refusal';
import { localTimeIn } from '../../../shared/domain/time-zone';
import { AGENCY, DAY, KR_NOW, SELLER, details, grant, krInput, krThirdPartyInput, lead } from './fixtures';

function refusal(kind: ConsentRefusal['kind'], over: Partial<ConsentRefusal> = {}): ConsentRefusal {
  return {
    id: `refusal-${kind}`,
    leadId: 'lead-1',
    kind,
    recipients: [SELLER],
    refusedAt: '2025-03-01T01:00:00Z',
    callId: 'call-1',
    eventId: 'event-1',
    withdrawnGrantIds: [],
    form: 'refusal',
    ...over,
  };
}

function context(input: GateInput): GateContext {
  const checked = checkGateInput(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.reasons));
  return { input: checked.input, profile: checked.profile, nowMs: input.now.getTime(), local: localTimeIn(input.now, input.lead.timeZone) };
}

const status = (input: GateInput, req: ConsentRequirement = { kind: 'marketing_call', companyId: SELLER }) => consentStatus(context(input), req);
const at = (msBeforeNow: number): string => new Date(KR_NOW.getTime() - msBeforeNow).toISOString();

describe('KR-OPTOUT, KR-CONSENT: a refusal in a call is never a consent', () => {
  it('KR-CONSENT: a refusal alone is "withdrawn", not "missing" (the own-customer exception does not apply after a no)', () => {
    expect(status(krInput({ grants: [], refusals: [refusal('marketing_call')] }))).toBe('withdrawn');
    const own = lead({ source: { kind: 'own_customer', description: 'shop', sameKindOfGoods: true, lastTransactionAt: at(30 * DAY) } });
    expect(evaluateGate(krInput({ lead: own, grants: [] })).allowed).toBe(true);
    expect(details(evaluateGate(krInput({ lead: own, grants: [], refusals: [refusal('marketing_call')] })))).toEqual(['KR-CONSENT/withdrawn']);
  });

  it('KR-CONSENT: a refusal after a grant withdraws it; a grant after the refusal counts again', () => {
    const g = grant('marketing_call', { grantedAt: at(100 * DAY) });
    expect(status(krInput({ grants: [g], refusals: [refusal('marketing_call', { refusedAt: at(10 * DAY) })] }))).toBe('withdrawn');
    expect(status(krInput({ grants: [g], refusals: [refusal('marketing_call', { refusedAt: at(200 * DAY) })] }))).toBe('valid');
  });

  it('KR-CONSENT: a refusal counts only against the companies and the kind it names', () => {
    const g = grant('marketing_call', { recipients: [SELLER, AGENCY] });
    expect(status(krInput({ grants: [g], refusals: [refusal('marketing_call', { recipients: [AGENCY] })] }))).toBe('valid');
    expect(status(krInput({ grants: [g], refusals: [refusal('recording')] }))).toBe('valid');
  });

  it('KR-3P: a refusal of the provision to the calling company refuses the third-party lead', () => {
    const v = evaluateGate(krThirdPartyInput({ refusals: [refusal('third_party_provision', { recipients: [AGENCY], refusedAt: at(DAY) })] }));
    expect(details(v)).toEqual(['KR-3P/withdrawn']);
  });

  it('KR-CONSENT: a refusal of another lead is bad input (CG-INPUT), never allowed', () => {
    const v = evaluateGate(krInput({ refusals: [refusal('marketing_call', { leadId: 'lead-2', recipients: ['co-other'] })] }));
    expect(details(v)).toEqual(['CG-INPUT/refusal-lead-mismatch']);
    expect(v.reasons[0]?.path).toBe('refusals[0].leadId');
    const bad = evaluateGate(krInput({ refusals: [{ ...refusal('marketing_call'), form: 'grant' } as unknown as ConsentRefusal] }));
    expect(bad.allowed).toBe(false);
    expect(bad.reasons[0]?.path).toBe('refusals[0].form');
  });

  it('KR-CONSENT: the old form (a grant withdrawn at once, decision 0054) is read as a refusal, and nothing else is', () => {
    const old: ConsentGrant = grant('marketing_call', {
      id: 'g-old',
      purpose: 'refused in call call-9',
      items: [],
      retention: 'kept as the record of the refusal',
      grantedAt: at(5 * DAY),
      withdrawnAt: at(5 * DAY),
      evidenceRef: 'consent-event:ev-9',
    });
    expect(legacyRefusalOf(old)).toMatchObject({ kind: 'marketing_call', callId: 'call-9', eventId: 'ev-9', form: 'legacy_grant', legacyGrantId: 'g-old', refusedAt: old.grantedAt });
    // A real grant later withdrawn, or imported with another reference, is a grant.
    expect(legacyRefusalOf({ ...old, withdrawnAt: at(DAY) })).toBeUndefined();
    expect(legacyRefusalOf({ ...old, evidenceRef: 'form-1' })).toBeUndefined();
    expect(legacyRefusalOf(grant('marketing_call'))).toBeUndefined();
    const split = splitConsentRecords([grant('marketing_call'), old], [refusal('recording')]);
    expect(split.grants.map((g) => g.id)).toEqual(['grant-marketing_call']);
    // Oldest first: the recording refusal (2025-03-01) before the old-form one (5 days before now).
    expect(split.refusals.map((r) => r.form)).toEqual(['refusal', 'legacy_grant']);
  });
});

const KINDS = ['marketing_call', 'night_call', 'third_party_provision', 'recording', 'written_call'] as const;
const COMPANIES = [SELLER, AGENCY, 'co-other'] as const;
const recordArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  recipients: fc.subarray([...COMPANIES], { minLength: 1 }),
  daysAgo: fc.integer({ min: -5, max: 900 }),
  withdrawnDaysAgo: fc.option(fc.integer({ min: -5, max: 900 }), { nil: undefined }),
});
type RecordSpec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;
const toGrant = (g: RecordSpec, i: number): ConsentGrant =>
  grant(g.kind, { id: `g${i}`, recipients: g.recipients, grantedAt: at(g.daysAgo * DAY), ...(g.withdrawnDaysAgo !== undefined ? { withdrawnAt: at(g.withdrawnDaysAgo * DAY) } : {}) });
const toRefusal = (r: RecordSpec, i: number): ConsentRefusal => refusal(r.kind, { id: `r${i}`, recipients: r.recipients, refusedAt: at(r.daysAgo * DAY) });
const reqArb = fc.record({ kind: fc.constantFrom(...KINDS), companyId: fc.constantFrom(...COMPANIES) });

describe('KR-CONSENT: properties of refusals (fast-check)', () => {
  it('KR-CONSENT: no refusal ever yields consent: with a refusal after every grant naming the company, the status is never valid', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 6 }), reqArb, fc.integer({ min: -5, max: 900 }), (grants, req, refusedDaysAgo) => {
        const gs = grants.map(toGrant);
        // The refusal comes at or after every grant of that kind naming the company.
        const latest = Math.min(refusedDaysAgo, ...grants.filter((g) => g.kind === req.kind && g.recipients.includes(req.companyId)).map((g) => g.daysAgo));
        const r = refusal(req.kind, { recipients: [req.companyId], refusedAt: at(latest * DAY) });
        expect(status(krInput({ grants: gs, refusals: [r] }), req)).not.toBe('valid');
      }),
      { numRuns: 500 },
    );
  });

  it('KR-CONSENT: adding a refusal never turns a status into valid, and refusals alone are never valid', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 5 }), fc.array(recordArb, { minLength: 1, maxLength: 3 }), reqArb, (grants, refusals, req) => {
        const gs = grants.map(toGrant);
        const rs = refusals.map(toRefusal);
        const before = status(krInput({ grants: gs }), req);
        const after = status(krInput({ grants: gs, refusals: rs }), req);
        if (before !== 'valid') expect(after).not.toBe('valid');
        expect(status(krInput({ grants: [], refusals: rs }), req)).not.toBe('valid');
        // Every refusal of the kind naming the company makes the status at best "withdrawn" unless a later grant exists.
        if (rs.some((r) => r.kind === req.kind && r.recipients.includes(req.companyId))) expect(['missing', 'other-company']).not.toContain(after);
      }),
      { numRuns: 500 },
    );
  });
});
