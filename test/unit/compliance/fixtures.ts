// Builders of gate inputs for the compliance tests. Each base input is ALLOWED as built, so a test
// changes one fact and asserts the reason that fact causes.
import type { Campaign, SaleProvision } from '../../../shared/domain/campaign';
import type { ConsentGrant, ConsentKind } from '../../../shared/domain/consent-grant';
import type { Lead } from '../../../shared/domain/lead';
import type { DncLookup, GateInput, Verdict } from '../../../shared/compliance';
import { dncSetOf } from '../../../shared/dnc';

export const SELLER = 'co-seller';
export const AGENCY = 'co-agency';
export const PROVIDER = 'co-provider';

export const KR_NUMBER = '+821012345678';
export const US_NUMBER = '+12125550123';

/** A Seoul wall-clock time as an instant: `kst('2025-06-10T20:59:59')`. */
export function kst(local: string): Date {
  return new Date(`${local}+09:00`);
}

/** An instant `ms` milliseconds after `d`. */
export function plus(d: Date, ms: number): Date {
  return new Date(d.getTime() + ms);
}

export const SECOND = 1000;
export const DAY = 86_400_000;

/** Now for the KR base input: Tuesday 2025-06-10 12:00 KST. */
export const KR_NOW = kst('2025-06-10T12:00:00');
/** Now for the US base input: 2025-06-10 12:00 in New York (EDT). */
export const US_NOW = new Date('2025-06-10T12:00:00-04:00');

/** KR-3P: what an agency's sale hands to the seller. */
export const SALE_PROVISION: SaleProvision = {
  version: 's1',
  recipients: [
    {
      companyId: SELLER,
      name: { ko: '판매사', en: 'Seller' },
      purpose: { ko: '요금제 가입 및 이행', en: 'plan sign-up' },
      items: [{ ko: '이름', en: 'name' }],
      retention: { ko: '계약 종료 후 5년', en: 'five years after the contract ends' },
    },
  ],
};

/** A campaign; one whose calling company is not the seller names the seller as sale recipient unless told otherwise. */
export function campaign(over: Partial<Campaign> = {}): Campaign {
  const agency = over.callingCompanyId !== undefined && over.callingCompanyId !== (over.sellerCompanyId ?? SELLER);
  return {
    ...(agency && !('saleProvision' in over) ? { saleProvision: SALE_PROVISION } : {}),
    id: 'cmp-1',
    name: { ko: '여름 인터넷 요금제', en: 'Summer internet plan' },
    sellerCompanyId: SELLER,
    callingCompanyId: SELLER,
    product: { ko: '인터넷 요금제', en: 'internet plan' },
    purpose: { ko: '요금제 안내', en: 'plan offer' },
    scriptId: 'kr-default',
    scriptVersion: 1,
    profile: 'KR',
    ...over,
  };
}

export function lead(over: Partial<Lead> = {}): Lead {
  return {
    id: 'lead-1',
    campaignId: 'cmp-1',
    name: '홍길동',
    phoneE164: KR_NUMBER,
    timeZone: 'Asia/Seoul',
    source: { kind: 'own_customer', description: '온라인 매장, 2024년 3월', sameKindOfGoods: false },
    ...over,
  };
}

export function grant(kind: ConsentKind, over: Partial<ConsentGrant> = {}): ConsentGrant {
  return {
    id: `grant-${kind}`,
    leadId: 'lead-1',
    kind,
    recipients: [SELLER],
    purpose: 'phone advertising',
    items: ['name', 'phone'],
    retention: '2 years',
    grantedAt: '2025-01-15T01:00:00Z',
    evidenceRef: 'ev-1',
    ...over,
  };
}

/** A DNC lookup over `numbers` (a real DncSet), with a snapshot date when given. */
export function dnc(numbers: readonly string[], snapshotTakenAt?: string): DncLookup {
  return dncSetOf(numbers, snapshotTakenAt === undefined ? {} : { snapshotTakenAt });
}

/** A KR input that is allowed: own customer with marketing consent to the seller, fresh snapshot, midday. */
export function krInput(over: Partial<GateInput> = {}): GateInput {
  return {
    lead: lead(),
    grants: [grant('marketing_call')],
    campaign: campaign(),
    nationalDnc: dnc([], '2025-06-05T00:00:00Z'),
    internalDnc: dnc([]),
    attempts: [],
    now: KR_NOW,
    ...over,
  };
}

/** A KR input for a third-party lead that is allowed: provision consent naming the agency under terms v2. */
export function krThirdPartyInput(over: Partial<GateInput> = {}): GateInput {
  return krInput({
    lead: lead({
      source: {
        kind: 'third_party',
        providerCompanyId: PROVIDER,
        providerName: '가나다 통신',
        consentDate: '2025-01-10T00:00:00Z',
        reference: 'P-2025-001',
        description: '가나다 통신 이벤트 응모',
      },
    }),
    campaign: campaign({
      callingCompanyId: AGENCY,
      provisionTerms: { version: 'v2', purpose: 'telemarketing of internet plans', items: ['name', 'phone'], retention: '1 year' },
    }),
    grants: [
      grant('marketing_call', { recipients: [AGENCY] }),
      grant('third_party_provision', { recipients: [AGENCY], termsVersion: 'v2', purpose: 'telemarketing of internet plans', retention: '1 year' }),
    ],
    ...over,
  });
}

/** A US input that is allowed: New York, midday, not listed, fresh registry snapshot. */
export function usInput(over: Partial<GateInput> = {}): GateInput {
  return {
    lead: lead({ phoneE164: US_NUMBER, timeZone: 'America/New_York', name: 'Jane Roe' }),
    grants: [],
    campaign: campaign({ profile: 'US', scriptId: 'us-default' }),
    nationalDnc: dnc([], '2025-06-01T00:00:00Z'),
    internalDnc: dnc([]),
    attempts: [],
    now: US_NOW,
    ...over,
  };
}

/** The reason codes of a verdict. */
export function codes(v: Verdict): string[] {
  return v.reasons.map((r) => r.code);
}

/** `code/detail` of each reason: what most tests assert. */
export function details(v: Verdict): string[] {
  return v.reasons.map((r) => `${r.code}/${r.detail}`);
}
