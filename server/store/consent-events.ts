import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { Row, Sql } from './sql';
import { insertMany, int, json, text, textOrNull } from './rows';
import { inList } from './sql';

export interface StoredEvent {
  readonly eventId: string;
  readonly body: string;
  readonly bodySha256: string;
  readonly ledgerSeq: number | null;
  readonly practice: boolean;
  /** Set for an event the server's replay refused (kept in `refused_events`). */
  readonly refusal?: { readonly ruleId: string; readonly detail: string };
}

/** Events already stored (evidence or practice) among `ids`, to tell repeats from conflicts. */
export async function existingEvents(sql: Sql, ids: readonly string[]): Promise<Map<string, StoredEvent>> {
  const found = new Map<string, StoredEvent>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const { list, params } = inList(sql.dialect, chunk);
    const rows = await sql.all(
      `SELECT event_id, body, body_sha256, ledger_seq, 0 AS practice, NULL AS rule_id, NULL AS detail FROM consent_events WHERE event_id IN ${list}
       UNION ALL
       SELECT event_id, body, body_sha256, NULL AS ledger_seq, 1 AS practice, NULL AS rule_id, NULL AS detail FROM practice_events WHERE event_id IN ${list}
       UNION ALL
       SELECT event_id, body, body_sha256, ledger_seq, 0 AS practice, rule_id, detail FROM refused_events WHERE event_id IN ${list}`,
      [...params, ...params, ...params],
    );
    for (const r of rows) {
      const ruleId = textOrNull(r, 'rule_id');
      found.set(text(r, 'event_id'), {
        eventId: text(r, 'event_id'),
        body: text(r, 'body'),
        bodySha256: text(r, 'body_sha256'),
        ledgerSeq: r['ledger_seq'] === null ? null : Number(r['ledger_seq']),
        practice: int(r, 'practice') === 1,
        ...(ruleId !== null ? { refusal: { ruleId, detail: textOrNull(r, 'detail') ?? '' } } : {}),
      });
    }
  }
  return found;
}

export interface EvidenceEventRow {
  readonly event: ConsentEvent;
  readonly body: string;
  readonly bodySha256: string;
  readonly receivedAt: string;
  readonly ledgerSeq: number;
}

export async function insertEvidenceEvents(sql: Sql, rows: readonly EvidenceEventRow[]): Promise<void> {
  await insertMany(
    sql,
    'consent_events',
    ['event_id', 'call_id', 'lead_id', 'agent_id', 'seq', 'kind', 'occurred_at', 'received_at', 'body', 'body_sha256', 'ledger_seq'],
    rows.map((r) => [
      r.event.eventId,
      r.event.callId,
      r.event.leadId,
      r.event.agentId,
      r.event.seq,
      r.event.kind,
      new Date(r.event.occurredAt).toISOString(),
      r.receivedAt,
      r.body,
      r.bodySha256,
      r.ledgerSeq,
    ]),
  );
}

export interface RefusedEventRow extends EvidenceEventRow {
  readonly ruleId: string;
  readonly detail: string;
  readonly teamId: string | null;
}

/** Events the replay refused: kept with the rule and the reason, and their `refused_event` ledger entry. */
export async function insertRefusedEvents(sql: Sql, rows: readonly RefusedEventRow[]): Promise<void> {
  await insertMany(
    sql,
    'refused_events',
    ['event_id', 'call_id', 'lead_id', 'agent_id', 'team_id', 'seq', 'kind', 'occurred_at', 'received_at', 'body', 'body_sha256', 'rule_id', 'detail', 'ledger_seq'],
    rows.map((r) => [
      r.event.eventId,
      r.event.callId,
      r.event.leadId,
      r.event.agentId,
      r.teamId,
      r.event.seq,
      r.event.kind,
      new Date(r.event.occurredAt).toISOString(),
      r.receivedAt,
      r.body,
      r.bodySha256,
      r.ruleId,
      r.detail,
      r.ledgerSeq,
    ]),
  );
}

export async function insertPracticeEvents(sql: Sql, rows: readonly Omit<EvidenceEventRow, 'ledgerSeq'>[]): Promise<void> {
  await insertMany(
    sql,
    'practice_events',
    ['event_id', 'call_id', 'agent_id', 'seq', 'kind', 'occurred_at', 'received_at', 'body', 'body_sha256'],
    rows.map((r) => [
      r.event.eventId,
      r.event.callId,
      r.event.agentId,
      r.event.seq,
      r.event.kind,
      new Date(r.event.occurredAt).toISOString(),
      r.receivedAt,
      r.body,
      r.bodySha256,
    ]),
    // Practice batches take no lock (they never touch the ledger): a race between two deliveries of the
    // same event stores it once.
    'ON CONFLICT DO NOTHING',
  );
}

export interface TimelineRow {
  readonly event: ConsentEvent;
  readonly receivedAt: string;
  readonly ledgerSeq: number;
  readonly entryHash: string;
}

function toTimeline(r: Row): TimelineRow {
  return { event: json<ConsentEvent>(r, 'body'), receivedAt: text(r, 'received_at'), ledgerSeq: int(r, 'ledger_seq'), entryHash: text(r, 'hash') };
}

/** Events of one call in seq order, with their ledger entry hash. */
export async function eventsOfCall(sql: Sql, callId: string): Promise<TimelineRow[]> {
  const rows = await sql.all(
    `SELECT e.body, e.received_at, e.ledger_seq, l.hash FROM consent_events e JOIN ledger l ON l.seq = e.ledger_seq
      WHERE e.call_id = ? ORDER BY e.seq`,
    [callId],
  );
  return rows.map(toTimeline);
}

/** A page of the events about one person, in ledger order: seq in (`after`, `upTo`], at most `limit`. */
export async function eventsOfLeadPage(sql: Sql, leadId: string, page: { after: number; upTo: number; limit: number }): Promise<TimelineRow[]> {
  const rows = await sql.all(
    `SELECT e.body, e.received_at, e.ledger_seq, l.hash FROM consent_events e JOIN ledger l ON l.seq = e.ledger_seq
      WHERE e.lead_id = ? AND e.ledger_seq > ? AND e.ledger_seq <= ? ORDER BY e.ledger_seq LIMIT ${Math.trunc(page.limit)}`,
    [leadId, page.after, page.upTo],
  );
  return rows.map(toTimeline);
}

export async function countPracticeEvents(sql: Sql): Promise<number> {
  const r = await sql.get('SELECT COUNT(*) AS n FROM practice_events');
  return r ? Number(r['n']) : 0;
}
