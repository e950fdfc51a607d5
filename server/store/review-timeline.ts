import { ledgerEntryFields, type LedgerEntryFields } from './ledger-rows';
import { int, text, textOrNull } from './rows';
import type { Sql } from './sql';

/** One stored event of a call with the ledger entry that holds it and the hash of the entry before. */
export interface TimelineLedgerRow {
  readonly body: string;
  readonly receivedAt: string;
  readonly ledgerSeq: number;
  readonly entry: LedgerEntryFields | null;
  /** Hash of entry `ledgerSeq - 1` (null when there is none). */
  readonly previousHash: string | null;
}

/** The events of one call in seq order, each with its ledger entry and its predecessor's hash. */
export async function timelineRows(sql: Sql, callId: string): Promise<TimelineLedgerRow[]> {
  const rows = await sql.all(
    `SELECT e.body, e.received_at, e.ledger_seq, l.kind, l.ref_id, l.payload, l.payload_sha256, l.prev_hash, l.hash, l.recorded_at, p.hash AS previous_hash
       FROM consent_events e LEFT JOIN ledger l ON l.seq = e.ledger_seq LEFT JOIN ledger p ON p.seq = e.ledger_seq - 1
      WHERE e.call_id = ? ORDER BY e.seq`,
    [callId],
  );
  return rows.map((r) => ({
    body: text(r, 'body'),
    receivedAt: text(r, 'received_at'),
    ledgerSeq: int(r, 'ledger_seq'),
    entry:
      r['hash'] === null || r['hash'] === undefined
        ? null
        : ledgerEntryFields(r),
    previousHash: textOrNull(r, 'previous_hash'),
  }));
}
