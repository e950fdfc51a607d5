import { profileFor } from '../../shared/compliance/profiles';
import { PROOF_RETENTION, proofKeepUntil } from '../../shared/compliance/proof-retention';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import { legacyRefusalOf } from '../../shared/domain/consent-refusal';
import type { ProfileId } from '../../shared/domain/campaign';
import type { AppContext } from '../context';
import { json, text } from '../store/rows';

/** One consent whose proof must be kept, and until when (DE-7A, US-RETAIN). */
export interface ProofToKeep {
  readonly grantId: string;
  readonly leadId: string;
  readonly ruleId: 'DE-7A' | 'US-RETAIN';
  readonly grantedAt: string;
  readonly lastUsedAt: string | null;
  readonly keepUntil: string;
}

/**
 * The retention job's list (DE-7A: "a job lists what must be kept"): every consent of a lead whose
 * campaign's profile keeps proofs, with the date its proof may be deleted at the earliest - 5 years from
 * the grant and from each use (an allowed dial attempt of the lead). Nothing past `keepUntil` is deleted
 * here; the list is what an operator must keep, soonest-expiring first.
 */
export async function proofsToKeep(ctx: AppContext): Promise<ProofToKeep[]> {
  const db = ctx.store.db;
  const rows = await db.all(
    `SELECT g.id, g.lead_id, g.body, c.body AS campaign,
            (SELECT MAX(a.at) FROM dial_attempts a WHERE a.lead_id = g.lead_id AND a.allowed = 1) AS last_use
       FROM consent_grants g JOIN leads l ON l.id = g.lead_id JOIN campaigns c ON c.id = l.campaign_id ORDER BY g.id`,
  );
  const out: ProofToKeep[] = [];
  for (const r of rows) {
    const profile = profileFor(json<{ profile: ProfileId }>(r, 'campaign').profile);
    const rule = PROOF_RETENTION[profile.id];
    if (!rule) continue;
    const grant = json<ConsentGrant>(r, 'body');
    // A refusal recorded in the old form (decision 0054) is no consent: nothing to keep as its proof here.
    if (legacyRefusalOf(grant)) continue;
    const lastUse = r['last_use'] === null || r['last_use'] === undefined ? null : String(r['last_use']);
    out.push({
      grantId: text(r, 'id'),
      leadId: text(r, 'lead_id'),
      ruleId: rule.ruleId,
      grantedAt: grant.grantedAt,
      lastUsedAt: lastUse,
      keepUntil: proofKeepUntil(grant.grantedAt, lastUse === null ? [] : [lastUse], rule.keep),
    });
  }
  return out.sort((a, b) => a.keepUntil.localeCompare(b.keepUntil) || a.grantId.localeCompare(b.grantId));
}
