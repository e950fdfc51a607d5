import type { BusinessRelationship, Lead } from '../../shared/domain/lead';
import { newId } from '../../shared/domain/ids';
import { appendEntries, lockHead } from '../ledger/append';
import { addToInternalDnc, internalDncListedAt } from '../store/internal-dnc';
import { withdrawGrants } from '../store/leads';
import { insertOptOut, linkOptOutEvent, optOutOfCall } from '../store/opt-outs';
import type { Sql } from '../store/sql';

/** KR-WITHDRAW: the person is told the result within 14 days. */
const NOTICE_DAYS = 14;
/** Consents an opt-out withdraws: every kind that allows an advertising call. */
const WITHDRAWN_KINDS = ['marketing_call', 'night_call', 'written_call'] as const;

export interface OptOutOutcome {
  readonly optOutId: string;
  readonly newlyListed: boolean;
  readonly listedAt: string;
  readonly withdrawnGrantIds: string[];
  readonly noticeDueBy: string;
}

/**
 * Honours an opt-out at once, inside the caller's transaction (KR-OPTOUT, KR-WITHDRAW, US-IDNC): the
 * number goes on the internal do-not-call list, every advertising consent is withdrawn, any business
 * relationship exception ends, and the request is recorded as evidence in the ledger. Idempotent per call:
 * an opt-out already recorded in `callId` is returned as it is (`newlyListed` false).
 */
export async function recordOptOut(
  sql: Sql,
  opts: { lead: Lead; channel: string; callId: string | null; eventId: string | null; at: string },
): Promise<OptOutOutcome> {
  const { lead, at } = opts;
  // Take the ledger lock before touching the lead's rows, in the same order as the event ingest, so a
  // concurrent opt-out route and opt-out event cannot deadlock on PostgreSQL. Under it, the second path
  // of an in-call opt-out (event and route, in either order) finds the first: one row, one ledger entry.
  await lockHead(sql);
  if (opts.callId !== null) {
    const first = await optOutOfCall(sql, opts.callId);
    if (first) {
      if (opts.eventId !== null) await linkOptOutEvent(sql, first.id, opts.eventId);
      const listedAt = (await internalDncListedAt(sql, lead.phoneE164)) ?? first.at;
      return { optOutId: first.id, newlyListed: false, listedAt, withdrawnGrantIds: first.withdrawnGrantIds, noticeDueBy: first.noticeDueAt };
    }
  }
  const newlyListed = await addToInternalDnc(sql, lead.phoneE164, lead.id, at, opts.channel);
  const listedAt = (await internalDncListedAt(sql, lead.phoneE164)) ?? at;
  const withdrawnGrantIds = await withdrawGrants(sql, lead.id, WITHDRAWN_KINDS, at);
  const br: BusinessRelationship = { ...(lead.businessRelationship ?? {}), endedAt: lead.businessRelationship?.endedAt ?? at };
  await sql.run('UPDATE leads SET business_relationship = ? WHERE id = ?', [JSON.stringify(br), lead.id]);
  const id = newId();
  const noticeDueBy = new Date(new Date(at).getTime() + NOTICE_DAYS * 86_400_000).toISOString();
  const payload = { optOutId: id, leadId: lead.id, at, channel: opts.channel, callId: opts.callId, eventId: opts.eventId, withdrawnGrantIds, noticeDueBy };
  const [entry] = await appendEntries(sql, [{ kind: 'opt_out', refId: id, payload }], at);
  if (!entry) throw new Error('ledger append returned nothing');
  await insertOptOut(sql, {
    id,
    leadId: lead.id,
    at,
    channel: opts.channel,
    callId: opts.callId,
    eventId: opts.eventId,
    withdrawnGrantIds,
    noticeDueAt: noticeDueBy,
    ledgerSeq: entry.seq,
  });
  return { optOutId: id, newlyListed, listedAt, withdrawnGrantIds, noticeDueBy };
}
