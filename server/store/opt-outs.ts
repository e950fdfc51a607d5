import type { Row, Sql } from './sql';
import { int, json, text, textOrNull } from './rows';

export interface OptOutRow {
  readonly id: string;
  readonly leadId: string;
  readonly at: string;
  readonly channel: string;
  readonly callId: string | null;
  readonly eventId: string | null;
  readonly withdrawnGrantIds: string[];
  readonly noticeDueAt: string;
  readonly ledgerSeq: number;
}

function toOptOut(r: Row): OptOutRow {
  return {
    id: text(r, 'id'),
    leadId: text(r, 'lead_id'),
    at: text(r, 'at'),
    channel: text(r, 'channel'),
    callId: textOrNull(r, 'call_id'),
    eventId: textOrNull(r, 'event_id'),
    withdrawnGrantIds: json<string[]>(r, 'withdrawn_grant_ids'),
    noticeDueAt: text(r, 'notice_due_at'),
    ledgerSeq: int(r, 'ledger_seq'),
  };
}

/**
 * Records an opt-out. It belongs to the team of the call it was recorded in, or else of the person's
 * last call before it (review scope: the team that was talking to the person).
 */
export async function insertOptOut(sql: Sql, o: OptOutRow): Promise<void> {
  await sql.run(
    `INSERT INTO opt_outs (id, lead_id, at, channel, call_id, call_key, event_id, withdrawn_grant_ids, notice_due_at, ledger_seq, team_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT c.team_id FROM calls c WHERE c.id = ?),
       (SELECT c.team_id FROM calls c WHERE c.lead_id = ? AND c.started_at <= ? ORDER BY c.started_at DESC, c.id DESC LIMIT 1)))`,
    [o.id, o.leadId, o.at, o.channel, o.callId, o.callId, o.eventId, JSON.stringify(o.withdrawnGrantIds), o.noticeDueAt, o.ledgerSeq, o.callId, o.leadId, o.at],
  );
}

/** The opt-out already recorded in call `callId` (one per call: `call_key` is unique). */
export async function optOutOfCall(sql: Sql, callId: string): Promise<OptOutRow | undefined> {
  const r = await sql.get('SELECT * FROM opt_outs WHERE call_key = ?', [callId]);
  return r ? toOptOut(r) : undefined;
}

/** Links the in-call opt-out event to the opt-out the route recorded first. */
export async function linkOptOutEvent(sql: Sql, id: string, eventId: string): Promise<void> {
  await sql.run('UPDATE opt_outs SET event_id = ? WHERE id = ? AND event_id IS NULL', [eventId, id]);
}

export async function optOutsOfLead(sql: Sql, leadId: string): Promise<OptOutRow[]> {
  return (await sql.all('SELECT * FROM opt_outs WHERE lead_id = ? ORDER BY at, id', [leadId])).map(toOptOut);
}
