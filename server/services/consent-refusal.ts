import type { Campaign } from '../../shared/domain/campaign';
import type { ConsentKind } from '../../shared/domain/consent-grant';
import type { ConsentRefusal } from '../../shared/domain/consent-refusal';
import { newId } from '../../shared/domain/ids';
import { appendEntries, lockHead } from '../ledger/append';
import { canonicalJson } from '../ledger/hash';
import { insertRefusal } from '../store/consent-refusals';
import { grantsOf } from '../store/leads';
import type { Sql } from '../store/sql';

/** Consent kinds a "no" in a call withdraws (every consent question a script may ask). */
const REFUSABLE: readonly ConsentKind[] = ['marketing_call', 'night_call', 'third_party_provision', 'recording', 'written_call'];

/**
 * The companies a "no" to a consent question of `kind` is said to: for the provision question of a sale
 * (KR-3P, `third_party_provision`) every recipient the campaign reads aloud (`saleProvision`, the seller
 * among them); for any other question the calling company.
 */
export function refusedCompanies(kind: ConsentKind, campaign: Pick<Campaign, 'callingCompanyId' | 'saleProvision'>): string[] {
  if (kind === 'third_party_provision') return (campaign.saleProvision?.recipients ?? []).map((r) => r.companyId);
  return [campaign.callingCompanyId];
}

export interface ConsentRefusalInput {
  readonly leadId: string;
  readonly kind: ConsentKind;
  /** The companies the person said no to ({@link refusedCompanies}). */
  readonly companyIds: readonly string[];
  readonly at: string;
  readonly callId: string;
  readonly eventId: string;
}

/**
 * Honours a "no" to a consent question at once (issue 11 item 2, KR-MKT, KR-3P, KR-WITHDRAW), inside the
 * caller's transaction: every active grant of that kind naming one of the companies said no to is
 * withdrawn (a grant is one consent: a "no" to any company it names withdraws it whole), and the refusal
 * is recorded as a refusal (decision 0054: never as a grant), with a `consent_refused` ledger entry naming
 * the call, its "no" event and the grants withdrawn. A refusal voids every earlier grant to those companies
 * and beats the own-customer exception (shared/compliance consentStatus, rules/consent.ts), so the next
 * dial authorization is refused `withdrawn` even for a person who never had a grant on file. Returns the
 * ids of the grants withdrawn now.
 */
export async function recordConsentRefusal(sql: Sql, r: ConsentRefusalInput): Promise<string[]> {
  if (!REFUSABLE.includes(r.kind) || r.companyIds.length === 0) return [];
  await lockHead(sql);
  const active = (await grantsOf(sql, r.leadId)).filter((g) => g.kind === r.kind && g.withdrawnAt === undefined && g.recipients.some((c) => r.companyIds.includes(c)));
  for (const g of active) await sql.run('UPDATE consent_grants SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL', [r.at, g.id]);
  const refusal: ConsentRefusal = {
    id: newId(),
    leadId: r.leadId,
    kind: r.kind,
    recipients: [...r.companyIds],
    refusedAt: r.at,
    callId: r.callId,
    eventId: r.eventId,
    withdrawnGrantIds: active.map((g) => g.id),
    form: 'refusal',
  };
  const body = canonicalJson(refusal);
  const [entry] = await appendEntries(sql, [{ kind: 'consent_refused', refId: refusal.id, payload: refusal, payloadText: body }], r.at);
  if (!entry) throw new Error('ledger append returned nothing');
  await insertRefusal(sql, { refusal, body, ledgerSeq: entry.seq });
  return refusal.withdrawnGrantIds;
}
