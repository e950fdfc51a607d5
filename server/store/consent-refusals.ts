import type { ConsentGrant } from '../../shared/domain/consent-grant';
import { splitConsentRecords, type ConsentRefusal } from '../../shared/domain/consent-refusal';
import { grantsOf } from './leads';
import { int, json } from './rows';
import type { Sql } from './sql';

export interface RefusalRow {
  readonly refusal: ConsentRefusal;
  /** The canonical JSON of the refusal: the `consent_refused` ledger entry's payload. */
  readonly body: string;
  readonly ledgerSeq: number;
}

export async function insertRefusal(sql: Sql, r: RefusalRow): Promise<void> {
  await sql.run(
    'INSERT INTO consent_refusals (id, lead_id, kind, body, refused_at, call_id, event_id, ledger_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [r.refusal.id, r.refusal.leadId, r.refusal.kind, r.body, new Date(r.refusal.refusedAt).toISOString(), r.refusal.callId, r.refusal.eventId, r.ledgerSeq],
  );
}

/** The refusals recorded as refusals (decision 0054), oldest first, with their ledger entry. */
export async function refusalsOfLead(sql: Sql, leadId: string): Promise<{ refusal: ConsentRefusal; ledgerSeq: number }[]> {
  const rows = await sql.all('SELECT body, ledger_seq FROM consent_refusals WHERE lead_id = ? ORDER BY refused_at, id', [leadId]);
  return rows.map((r) => ({ refusal: json<ConsentRefusal>(r, 'body'), ledgerSeq: int(r, 'ledger_seq') }));
}

/**
 * A person's consent records: the grants, and every refusal - the old-form rows of `consent_grants` read
 * as refusals (decision 0054) and the refusals recorded since. What the gate, the lead card and the
 * evidence bundle read.
 */
export async function consentRecordsOf(sql: Sql, leadId: string): Promise<{ grants: ConsentGrant[]; refusals: ConsentRefusal[]; refusalSeqs: number[] }> {
  // One query at a time: inside a PostgreSQL transaction they share one connection.
  const rows = await grantsOf(sql, leadId);
  const recorded = await refusalsOfLead(sql, leadId);
  return { ...splitConsentRecords(rows, recorded.map((r) => r.refusal)), refusalSeqs: recorded.map((r) => r.ledgerSeq) };
}
