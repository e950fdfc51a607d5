import type { EvidenceBundle } from '../../shared/api/evidence';
import type { LedgerEntryKind, LedgerLink } from '../../shared/api/ledger';
import type { TimelineEntry } from '../../shared/api/calls';
import type { AppContext } from '../context';
import { ApiError } from '../http/api-error';
import { logAccess } from '../identity/access-log';
import type { UserRecord } from '../identity/users';
import { readHead } from '../ledger/append';
import { LEDGER_ALGORITHM, entryHash, sha256Hex } from '../ledger/hash';
import { leadVisible } from '../store/access-filter';
import { callDto, callsOfLead } from '../store/calls';
import { eventsOfLeadPage } from '../store/consent-events';
import { attemptsOfLead } from '../store/dial-attempts';
import { consentRecordsOf } from '../store/consent-refusals';
import { leadById } from '../store/leads';
import { optOutsOfLead } from '../store/opt-outs';
import { int, text } from '../store/rows';
import type { Sql } from '../store/sql';
import { accessScope } from './access-scope';
import { consentProofs } from './consent-proofs';

/** Events (and ledger entries) read per page: the memory an evidence export holds at most. */
export const EVIDENCE_PAGE = 500;

/** A page of ledger links and whether all of them check out. */
export interface LinkPage {
  readonly links: LedgerLink[];
  readonly ok: boolean;
}

/** Everything of a bundle but its events and ledger links (small: one person's grants, dials, calls). */
export type EvidenceHeader = Omit<EvidenceBundle, 'events' | 'chainProof'> & { head: EvidenceBundle['chainProof']['head'] };

/**
 * One person's evidence, open for reading: the header, then the events and the ledger links in pages
 * (ledger order, up to the head at opening, so later appends never change what is read). The one
 * assembler of the evidence bundle: the bundle route collects it, the exports stream it.
 */
export interface EvidenceSource {
  readonly header: EvidenceHeader;
  events(): AsyncGenerator<TimelineEntry[]>;
  /**
   * Ledger links of every attempt, event, opt-out and refusal, in seq order, a page at a time; `ok` says every
   * entry asked for exists and still matches its payload and hash.
   */
  links(): AsyncGenerator<LinkPage>;
}

/**
 * Opens the evidence of one person for `user` (EU-ART7, DE-7A, US-RETAIN). Reading it is personal-data
 * access: logged with the caller's reason in the transaction that checks the person is theirs to see
 * (KR-ACCESS; a team lead sees people their team has called).
 */
export async function openEvidence(ctx: AppContext, user: UserRecord, leadId: string, reason: string, address: string | null): Promise<EvidenceSource> {
  const now = ctx.clock().toISOString();
  const scope = accessScope(user);
  const { header, otherSeqs } = await ctx.store.db.tx(async (sql): Promise<{ header: EvidenceHeader; otherSeqs: number[] }> => {
    const lead = await leadById(sql, leadId);
    if (!lead || !(await leadVisible(sql, leadId, scope))) throw new ApiError('not-found', `no lead ${leadId} you may see`);
    const attempts = await attemptsOfLead(sql, leadId);
    const optOuts = await optOutsOfLead(sql, leadId);
    await logAccess(sql, { at: now, userId: user.id, action: 'evidence_bundle', subjectType: 'lead', subjectId: leadId, reason, address });
    const { grants, refusals, refusalSeqs } = await consentRecordsOf(sql, leadId);
    const head = await readHead(sql);
    const header: EvidenceHeader = {
      generatedAt: now,
      generatedBy: user.id,
      reason,
      lead,
      grants,
      refusals,
      dialAttempts: attempts.map((a) => ({ attemptId: a.id, agentId: a.agentId, at: a.at, allowed: a.allowed, reasons: a.reasons })),
      calls: (await callsOfLead(sql, leadId)).map(callDto),
      optOuts: optOuts.map((o) => ({
        id: o.id,
        at: o.at,
        channel: o.channel,
        callId: o.callId,
        eventId: o.eventId,
        withdrawnGrantIds: o.withdrawnGrantIds,
        noticeDueBy: o.noticeDueAt,
      })),
      consentProofs: await consentProofs(sql, lead, grants, optOuts, head?.seq ?? 0),
      head,
    };
    return { header, otherSeqs: [...attempts.map((a) => a.ledgerSeq), ...optOuts.map((o) => o.ledgerSeq), ...refusalSeqs].sort((a, b) => a - b) };
  });
  const db = ctx.store.db;
  const headSeq = header.head?.seq ?? 0;
  async function* events(): AsyncGenerator<TimelineEntry[]> {
    let after = 0;
    for (;;) {
      const page = await eventsOfLeadPage(db, leadId, { after, upTo: headSeq, limit: EVIDENCE_PAGE });
      if (page.length === 0) return;
      yield page.map((e) => ({ event: e.event, receivedAt: e.receivedAt, ledgerSeq: e.ledgerSeq, entryHash: e.entryHash }));
      after = page[page.length - 1]?.ledgerSeq ?? headSeq;
    }
  }
  async function* links(): AsyncGenerator<LinkPage> {
    let others = 0;
    for await (const page of events()) {
      const last = page[page.length - 1]?.ledgerSeq ?? 0;
      const seqs = page.map((e) => e.ledgerSeq);
      while (others < otherSeqs.length && (otherSeqs[others] ?? 0) <= last) seqs.push(otherSeqs[others++] ?? 0);
      yield await ledgerLinks(db, seqs.sort((a, b) => a - b));
    }
    for (let i = others; i < otherSeqs.length; i += EVIDENCE_PAGE) yield await ledgerLinks(db, otherSeqs.slice(i, i + EVIDENCE_PAGE));
  }
  return { header, events, links };
}

/** The whole bundle in memory (the `GET /v1/leads/{id}/evidence` answer; exports stream instead). */
export async function evidenceBundle(ctx: AppContext, user: UserRecord, leadId: string, reason: string, address: string): Promise<EvidenceBundle> {
  const src = await openEvidence(ctx, user, leadId, reason, address);
  const { head, ...rest } = src.header;
  const events: TimelineEntry[] = [];
  for await (const page of src.events()) events.push(...page);
  const entries: LedgerLink[] = [];
  let verified = true;
  for await (const page of src.links()) {
    entries.push(...page.links);
    verified &&= page.ok;
  }
  return { ...rest, events, chainProof: { entries, head, entriesVerified: verified, algorithm: LEDGER_ALGORITHM } };
}

/** Ledger links of `seqs` (ascending); `ok` when every one exists and matches its payload and hash. */
async function ledgerLinks(sql: Sql, seqs: readonly number[]): Promise<LinkPage> {
  if (seqs.length === 0) return { links: [], ok: true };
  const rows = await sql.all(`SELECT * FROM ledger WHERE seq IN (${seqs.map(() => '?').join(', ')}) ORDER BY seq`, seqs);
  let ok = rows.length === seqs.length;
  const links = rows.map((r) => {
    const link = {
      seq: int(r, 'seq'),
      kind: text(r, 'kind') as LedgerEntryKind,
      refId: text(r, 'ref_id'),
      payloadSha256: text(r, 'payload_sha256'),
      prevHash: text(r, 'prev_hash'),
      hash: text(r, 'hash'),
      recordedAt: text(r, 'recorded_at'),
    };
    ok &&= sha256Hex(text(r, 'payload')) === link.payloadSha256 && entryHash(link) === link.hash;
    return link;
  });
  return { links, ok };
}
