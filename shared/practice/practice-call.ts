import type { Campaign, SaleProvision } from '../domain/campaign';
import type { Company } from '../domain/company';
import type { ConsentGrant } from '../domain/consent-grant';
import type { Lead, LeadSource } from '../domain/lead';
import type { Locale, LocalizedText } from '../domain/locale';
import { localTimeIn } from '../domain/time-zone';
import type { DncLookup, GateInput } from '../compliance/verdict';
import { renderContextFor, type RenderContext } from '../script/render';
import type { ScriptRunCall } from '../script/script-run';
import type { Scenario } from './scenario';

/**
 * The simulated lead, campaign and companies of a practice call, built from a scenario. Practice calls
 * never touch a real lead: ids start with `practice-`, the number is a fixed fictional one, and every
 * ConsentEvent carries `practice: true`. Dates in the scenario are relative ("granted 120 days ago") and
 * resolved against the attempt's start, so the server can rebuild the same texts when it scores.
 */

/** Ids of the practice companies (grant recipients `caller` / `seller` / `other` map to them). */
export const PRACTICE_COMPANY_IDS = {
  caller: 'practice-caller',
  seller: 'practice-seller',
  other: 'practice-other',
  provider: 'practice-provider',
} as const;

/** Fictional numbers (KR 010-0000-xxxx and US 555-01xx ranges); never dialled. */
const PRACTICE_NUMBERS = { KR: '+821000009999', US: '+12025550199', UK: '+447700900999', DE: '+4930901820999' } as const;

const DAY = 86_400_000;

/** Everything a practice call is made of. */
export interface PracticeSetup {
  readonly lead: Lead;
  readonly grants: readonly ConsentGrant[];
  readonly campaign: Campaign;
  readonly companies: readonly Company[];
  /** What the script texts are rendered from (without the time zone, as ScriptRun takes it). */
  readonly context: Omit<RenderContext, 'calleeTimeZone'>;
  /** The ScriptRun binding: `practice: true`, no SIP Call-ID. */
  readonly call: ScriptRunCall;
  /** The pre-dial gate's input, judged at the scenario's local time of the call. */
  readonly gateInput: GateInput;
}

export interface PracticeSetupOptions {
  readonly locale: Locale;
  readonly callId: string;
  readonly agentId: string;
  readonly agentName: string;
  /** The attempt's start: relative dates resolve against it. */
  readonly startedAt: Date;
}

/** The practice lead id of a scenario. */
export function practiceLeadId(scenarioId: string): string {
  return `practice-lead-${scenarioId}`;
}

/** The practice campaign id of a scenario. */
export function practiceCampaignId(scenarioId: string): string {
  return `practice-${scenarioId}`;
}

/** An instant `days` days before `at`. */
function ago(at: Date, days: number): string {
  return new Date(at.getTime() - days * DAY).toISOString();
}

/** The lead's source in one language (a Lead holds plain strings; the scenario holds both languages). */
export function practiceSource(s: Scenario, locale: Locale, at: Date): LeadSource {
  const src = s.lead.source;
  if (src.kind === 'own_customer') {
    return {
      kind: 'own_customer',
      description: src.description[locale],
      sameKindOfGoods: src.sameKindOfGoods,
      ...(src.lastTransactionDaysAgo !== undefined ? { lastTransactionAt: ago(at, src.lastTransactionDaysAgo) } : {}),
    };
  }
  return {
    kind: 'third_party',
    providerCompanyId: PRACTICE_COMPANY_IDS.provider,
    providerName: src.providerName[locale],
    consentDate: ago(at, src.consentDaysAgo),
    reference: src.reference,
    description: src.description[locale],
  };
}

/**
 * The instant at which the customer's clock shows the scenario's `localTime` on the day of `at`: the
 * gate judges the practice call at that moment, so a scenario behaves the same whenever it is practised.
 */
export function practiceGateNow(s: Scenario, at: Date): Date {
  const local = localTimeIn(at, s.lead.timeZone);
  const [h, m] = s.lead.localTime.split(':').map(Number);
  const wantMinutes = (h ?? 10) * 60 + (m ?? 30);
  const haveMinutes = local.hour * 60 + local.minute;
  return new Date(at.getTime() + (wantMinutes - haveMinutes) * 60_000 - local.second * 1000);
}

const EMPTY_DNC = (takenAt?: string): DncLookup => ({ has: () => false, ...(takenAt !== undefined ? { snapshotTakenAt: takenAt } : {}) });

/** KR-3P in practice: when an agency calls, a sale hands the name and number to the seller. */
function practiceSaleProvision(sellerId: string, sellerName: LocalizedText, purpose: LocalizedText): SaleProvision {
  return {
    version: 'practice-sale',
    recipients: [
      {
        companyId: sellerId,
        name: sellerName,
        purpose,
        items: [
          { ko: '이름', en: 'name' },
          { ko: '휴대전화번호', en: 'mobile number' },
        ],
        retention: { ko: '계약 종료 후 5년', en: 'five years after the contract ends' },
      },
    ],
  };
}

/** Whether a practice call of `s` reads the steps of a condition (an agency's campaign has recipients). */
export function practiceConditions(s: Scenario): { recipients: readonly unknown[] } {
  return { recipients: s.campaign.callingName ? [s.campaign.sellerName] : [] };
}

/** Builds the practice call of `scenario` for one attempt. */
export function practiceSetup(s: Scenario, o: PracticeSetupOptions): PracticeSetup {
  const at = o.startedAt;
  const c = s.campaign;
  const seller: Company = { id: PRACTICE_COMPANY_IDS.seller, name: c.sellerName, contactNumber: c.callbackNumber };
  const caller: Company = c.callingName ? { id: PRACTICE_COMPANY_IDS.caller, name: c.callingName, contactNumber: c.callbackNumber } : { ...seller, id: PRACTICE_COMPANY_IDS.caller };
  const companies: Company[] = [caller, seller];
  if (s.lead.source.kind === 'third_party') {
    companies.push({ id: PRACTICE_COMPANY_IDS.provider, name: s.lead.source.providerName, contactNumber: c.callbackNumber });
  }
  const campaign: Campaign = {
    id: practiceCampaignId(s.id),
    name: s.title,
    sellerCompanyId: seller.id,
    // Without an agency name the seller calls itself: one company, no provision on a sale.
    callingCompanyId: c.callingName ? caller.id : seller.id,
    ...(c.callingName ? { saleProvision: practiceSaleProvision(seller.id, c.sellerName, c.purpose) } : {}),
    product: c.product,
    purpose: c.purpose,
    scriptId: c.script.id,
    scriptVersion: c.script.version,
    profile: c.profile,
    ...(s.lead.source.kind === 'third_party'
      ? { provisionTerms: { version: 'practice-terms', purpose: c.purpose.ko, items: ['name', 'phone'], retention: '1 year' } }
      : {}),
  };
  const source = practiceSource(s, o.locale, at);
  const lead: Lead = {
    id: practiceLeadId(s.id),
    campaignId: campaign.id,
    name: s.persona.name[o.locale],
    phoneE164: PRACTICE_NUMBERS[c.profile],
    timeZone: s.lead.timeZone,
    source,
  };
  const grants: ConsentGrant[] = s.lead.consents.map((g, i) => ({
    id: `practice-grant-${i + 1}`,
    leadId: lead.id,
    kind: g.kind,
    recipients: g.recipients.map((r) => (r === 'caller' ? campaign.callingCompanyId : PRACTICE_COMPANY_IDS[r])),
    purpose: c.purpose.ko,
    items: ['name', 'phone'],
    retention: '1 year',
    ...(g.kind === 'third_party_provision' ? { termsVersion: 'practice-terms' } : {}),
    grantedAt: ago(at, g.grantedDaysAgo),
    ...(g.reconfirmedDaysAgo !== undefined ? { reconfirmedAt: ago(at, g.reconfirmedDaysAgo) } : {}),
    ...(g.withdrawnDaysAgo !== undefined ? { withdrawnAt: ago(at, g.withdrawnDaysAgo) } : {}),
    evidenceRef: `practice-scenario-${s.id}`,
  }));
  // ScriptRun takes the time zone from the call binding, so the context goes without it.
  const { calleeTimeZone, ...context } = renderContextFor({ campaign, callingCompany: caller, sellerCompany: seller, lead, agentName: o.agentName });
  void calleeTimeZone;
  const gateNow = practiceGateNow(s, at);
  return {
    lead,
    grants,
    campaign,
    companies,
    context,
    call: {
      callId: o.callId,
      leadId: lead.id,
      campaignId: campaign.id,
      agentId: o.agentId,
      locale: o.locale,
      practice: true,
      calleeTimeZone: s.lead.timeZone,
    },
    gateInput: {
      lead,
      grants,
      campaign,
      nationalDnc: EMPTY_DNC(ago(gateNow, 1)),
      internalDnc: EMPTY_DNC(),
      attempts: [],
      now: gateNow,
    },
  };
}
