import { profileFor } from '../../shared/compliance/profiles';
import type { Campaign, ProfileId } from '../../shared/domain/campaign';
import type { ConsentGrant, ConsentKind } from '../../shared/domain/consent-grant';
import { newId } from '../../shared/domain/ids';
import { grantsOf, insertGrants } from '../store/leads';
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

export interface ConsentRefusal {
  readonly leadId: string;
  readonly kind: ConsentKind;
  /** The companies the person said no to ({@link refusedCompanies}). */
  readonly companyIds: readonly string[];
  readonly profile: ProfileId;
  readonly at: string;
  readonly callId: string;
  readonly eventId: string;
}

/**
 * Honours a "no" to a consent question at once (issue 11 item 2, KR-MKT, KR-3P, KR-WITHDRAW): every active
 * grant of that kind naming one of the companies said no to is withdrawn (a grant is one consent: a "no"
 * to any company it names withdraws it whole), and the refusal itself is recorded as a grant
 * withdrawn the moment it was given (`evidenceRef` names the call and event). A withdrawal voids every
 * earlier grant to that company and beats the own-customer exception (shared/compliance consentStatus,
 * rules/consent.ts), so the next dial authorization is refused KR-CONSENT `withdrawn` even for a person
 * who never had a grant on file. Returns the ids of the grants withdrawn now (not the refusal record).
 */
export async function recordConsentRefusal(sql: Sql, r: ConsentRefusal, now: Date): Promise<string[]> {
  if (!REFUSABLE.includes(r.kind) || r.companyIds.length === 0) return [];
  const active = (await grantsOf(sql, r.leadId)).filter((g) => g.kind === r.kind && g.withdrawnAt === undefined && g.recipients.some((c) => r.companyIds.includes(c)));
  for (const g of active) await sql.run('UPDATE consent_grants SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL', [r.at, g.id]);
  const refusal: ConsentGrant = {
    id: newId(),
    leadId: r.leadId,
    kind: r.kind,
    recipients: [...r.companyIds],
    purpose: `refused in call ${r.callId}`,
    items: [],
    retention: 'kept as the record of the refusal',
    grantedAt: r.at,
    withdrawnAt: r.at,
    evidenceRef: `consent-event:${r.eventId}`,
  };
  await insertGrants(sql, [refusal], profileFor(r.profile), now);
  return active.map((g) => g.id);
}
