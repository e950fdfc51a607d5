import type { EvidenceConsentProof } from '../../shared/api/evidence';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import type { Lead } from '../../shared/domain/lead';
import { explainsWithdrawal } from '../../shared/script/profile-rules';
import { consentResultOf } from '../recording/services';
import { eventsOfCall } from '../store/consent-events';
import type { OptOutRow } from '../store/opt-outs';
import { text } from '../store/rows';
import type { Sql } from '../store/sql';

/**
 * EU-ART7: one proof per consent the person answered in a call and per consent imported with them:
 * who, what text (exact, hashed, script + version), when, how, and whether the withdrawal was explained.
 * Reads the events of the person's calls that hold a consent answer, up to the ledger head `upTo`.
 */
export async function consentProofs(
  sql: Sql,
  lead: Lead,
  grants: readonly ConsentGrant[],
  optOuts: readonly OptOutRow[],
  upTo: number,
): Promise<EvidenceConsentProof[]> {
  const withdrawnAfter = (at: string): string | null => optOuts.find((o) => o.at >= at)?.at ?? null;
  const callIds = (
    await sql.all("SELECT DISTINCT call_id FROM consent_events WHERE lead_id = ? AND kind = 'answer' AND ledger_seq <= ? ORDER BY call_id", [lead.id, upTo])
  ).map((r) => text(r, 'call_id'));
  const proofs: EvidenceConsentProof[] = [];
  for (const callId of callIds) {
    const events = (await eventsOfCall(sql, callId)).filter((e) => e.ledgerSeq <= upTo);
    for (const { event: e, ledgerSeq } of events) {
      const result = consentResultOf(e);
      if (result === null || e.consentKind === undefined) continue;
      proofs.push({
        consentKind: e.consentKind,
        result,
        who: { leadId: lead.id, name: lead.name, agentId: e.agentId },
        what: { text: e.promptText, sha256: e.promptSha256, scriptId: e.scriptId, scriptVersion: e.scriptVersion, stepId: e.stepId, locale: e.locale },
        when: { at: e.occurredAt, calleeTimeZone: e.calleeTimeZone },
        how: { channel: 'oral_in_call', callId: e.callId, sipCallId: e.sipCallId ?? null, eventId: e.eventId, ledgerSeq, evidenceRef: null },
        withdrawal: { ...withdrawalExplained(e, events.map((x) => x.event)), withdrawnAt: withdrawnAfter(e.occurredAt) },
      });
    }
  }
  // A refusal in a call withdraws earlier consents of its kind (issue 11): they show when.
  for (const p of proofs) {
    const refusedLater = proofs.find((q) => q.result === 'refused' && q.consentKind === p.consentKind && q.when.at > p.when.at)?.when.at ?? null;
    const withdrawnAt = [p.withdrawal.withdrawnAt, refusedLater].filter((x): x is string => x !== null).sort()[0] ?? null;
    if (p.result === 'granted') p.withdrawal.withdrawnAt = withdrawnAt;
  }
  // `grants` holds consents only: a refusal (also one recorded in the old form, decision 0054) is proven by its answer above.
  for (const g of grants) {
    proofs.push({
      consentKind: g.kind,
      result: 'granted',
      who: { leadId: lead.id, name: lead.name, agentId: null },
      what: null,
      when: { at: g.grantedAt, calleeTimeZone: lead.timeZone },
      how: { channel: 'imported', callId: null, sipCallId: null, eventId: null, ledgerSeq: null, evidenceRef: g.evidenceRef },
      withdrawal: { explained: null, where: null, explainedInEventId: null, withdrawnAt: g.withdrawnAt ?? null },
    });
  }
  return proofs.sort((a, b) => a.when.at.localeCompare(b.when.at));
}

/** Whether the consent text, or a text read before it in the same call, explained the withdrawal. */
function withdrawalExplained(consent: ConsentEvent, call: readonly ConsentEvent[]): Pick<EvidenceConsentProof['withdrawal'], 'explained' | 'where' | 'explainedInEventId'> {
  if (explainsWithdrawal(consent.promptText, consent.locale)) return { explained: true, where: 'consent_text', explainedInEventId: consent.eventId };
  const earlier = call.find((e) => e.seq < consent.seq && explainsWithdrawal(e.promptText, e.locale));
  return earlier ? { explained: true, where: 'earlier_in_call', explainedInEventId: earlier.eventId } : { explained: false, where: null, explainedInEventId: null };
}
