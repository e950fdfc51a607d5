import { profileFor } from '../../shared/compliance/profiles';
import type { ProfileId } from '../../shared/domain/campaign';
import type { ConsentGrant, ConsentKind } from '../../shared/domain/consent-grant';
import { newId } from '../../shared/domain/ids';
import { grantsOf, insertGrants } from '../store/leads';
import type { Sql } from '../store/sql';

/**
 * Consent kinds a "no" in a call withdraws for the calling company. The provision question of a sale
 * (KR-3P, `third_party_provision`) is about the campaign's recipients, not the calling company: a "no"
 * there ends the sale (the run), and leaves the provider's provision to this company as it was.
 */
const REFUSABLE: readonly ConsentKind[] = ['marketing_call', 'night_call', 'recording', 'written_call'];

export interface ConsentRefusal {
  readonly leadId: string;
  readonly kind: ConsentKind;
  /** The calling company the person said no to. */
  readonly companyId: string;
  readonly profile: ProfileId;
  readonly at: string;
  readonly callId: string;
  readonly eventId: string;
}

/**
 * Honours a "no" to a consent question at once (issue 11 item 2, KR-MKT, KR-WITHDRAW): every active grant
 * of that kind naming the calling company is withdrawn, and the refusal itself is recorded as a grant
 * withdrawn the moment it was given (`evidenceRef` names the call and event). A withdrawal voids every
 * earlier grant to that company and beats the own-customer exception (shared/compliance consentStatus,
 * rules/consent.ts), so the next dial authorization is refused KR-CONSENT `withdrawn` even for a person
 * who never had a grant on file. Returns the ids of the grants withdrawn now (not the refusal record).
 */
export async function recordConsentRefusal(sql: Sql, r: ConsentRefusal, now: Date): Promise<string[]> {
  if (!REFUSABLE.includes(r.kind)) return [];
  const active = (await grantsOf(sql, r.leadId)).filter((g) => g.kind === r.kind && g.withdrawnAt === undefined && g.recipients.includes(r.companyId));
  for (const g of active) await sql.run('UPDATE consent_grants SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL', [r.at, g.id]);
  const refusal: ConsentGrant = {
    id: newId(),
    leadId: r.leadId,
    kind: r.kind,
    recipients: [r.companyId],
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
