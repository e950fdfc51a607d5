import type { EvidenceBundle } from '../../shared/api/evidence';
import type { LedgerEntryKind } from '../../shared/api/ledger';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import type { UserRecord } from '../identity/users';
import { readHead } from '../ledger/append';
import { LEDGER_ALGORITHM, entryHash, sha256Hex } from '../ledger/hash';
import { callDto, callsOfLead } from '../store/calls';
import { eventsOfLead } from '../store/consent-events';
import { attemptsOfLead } from '../store/dial-attempts';
import { grantsOf, leadById } from '../store/leads';
import { optOutsOfLead } from '../store/opt-outs';
import { int, text } from '../store/rows';
import type { Sql } from '../store/sql';

/**
 * The evidence bundle of one person (EU-ART7, DE-7A, US-RETAIN): everything held, with the ledger
 * entries that cover it. Reading it is personal-data access: logged with the caller's reason in the
 * same transaction (KR-ACCESS). A team lead may export only people their team has called.
 */
export async function evidenceBundle(ctx: AppContext, user: UserRecord, leadId: string, reason: string, address: string): Promise<EvidenceBundle> {
  const now = ctx.clock().toISOString();
  return ctx.store.db.tx(async (sql) => {
    const lead = await leadById(sql, leadId);
    if (!lead) throw new ApiError('not-found', `no lead ${leadId}`);
    const calls = await callsOfLead(sql, leadId);
    if (user.role === 'lead' && !calls.some((c) => c.teamId !== null && c.teamId === user.teamId)) {
      throw new ApiError('not-found', `no lead ${leadId} your team has called`);
    }
    const [grants, attempts, events, optOuts] = [
      await grantsOf(sql, leadId),
      await attemptsOfLead(sql, leadId),
      await eventsOfLead(sql, leadId),
      await optOutsOfLead(sql, leadId),
    ];
    const seqs = [...attempts.map((a) => a.ledgerSeq), ...events.map((e) => e.ledgerSeq), ...optOuts.map((o) => o.ledgerSeq)].sort((a, b) => a - b);
    const entries = await ledgerEntries(sql, seqs);
    await logAccess(sql, { at: now, userId: user.id, action: 'evidence_bundle', subjectType: 'lead', subjectId: leadId, reason, address });
    return {
      generatedAt: now,
      generatedBy: user.id,
      reason,
      lead,
      grants,
      dialAttempts: attempts.map((a) => ({ attemptId: a.id, agentId: a.agentId, at: a.at, allowed: a.allowed, reasons: a.reasons })),
      calls: calls.map(callDto),
      events: events.map((e) => ({ event: e.event, receivedAt: e.receivedAt, ledgerSeq: e.ledgerSeq, entryHash: e.entryHash })),
      optOuts: optOuts.map((o) => ({
        id: o.id,
        at: o.at,
        channel: o.channel,
        callId: o.callId,
        eventId: o.eventId,
        withdrawnGrantIds: o.withdrawnGrantIds,
        noticeDueBy: o.noticeDueAt,
      })),
      chainProof: {
        entries: entries.map((e) => e.link),
        head: await readHead(sql),
        entriesVerified: entries.every((e) => e.ok) && entries.length === seqs.length,
        algorithm: LEDGER_ALGORITHM,
      },
    };
  });
}

async function ledgerEntries(sql: Sql, seqs: readonly number[]) {
  const out: { link: EvidenceBundle['chainProof']['entries'][number]; ok: boolean }[] = [];
  for (let i = 0; i < seqs.length; i += 500) {
    const chunk = seqs.slice(i, i + 500);
    const rows = await sql.all(`SELECT * FROM ledger WHERE seq IN (${chunk.map(() => '?').join(', ')}) ORDER BY seq`, chunk);
    for (const r of rows) {
      const link = {
        seq: int(r, 'seq'),
        kind: text(r, 'kind') as LedgerEntryKind,
        refId: text(r, 'ref_id'),
        payloadSha256: text(r, 'payload_sha256'),
        prevHash: text(r, 'prev_hash'),
        hash: text(r, 'hash'),
        recordedAt: text(r, 'recorded_at'),
      };
      const ok = sha256Hex(text(r, 'payload')) === link.payloadSha256 && entryHash(link) === link.hash;
      out.push({ link, ok });
    }
  }
  return out;
}
