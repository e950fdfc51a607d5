import type { LedgerEntryKind } from '../../shared/api/ledger';
import type { Sql } from '../store/sql';
import { insertMany, int, text } from '../store/rows';
import { canonicalJson, entryHash, sha256Hex } from './hash';

export interface NewEntry {
  readonly kind: LedgerEntryKind;
  readonly refId: string;
  /** The payload object, or its canonical JSON text when the caller has it already (consent events). */
  readonly payload: unknown;
  readonly payloadText?: string;
}

export interface AppendedEntry {
  readonly seq: number;
  readonly hash: string;
  readonly payloadSha256: string;
  /** The canonical payload text that was stored. */
  readonly payloadText: string;
}

/**
 * Appends entries to the ledger inside the caller's transaction. The head row is locked first
 * (`FOR UPDATE` on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock), so concurrent
 * appenders are serialised and the chain never forks. Only INSERTs: nothing here updates or deletes an
 * entry (and triggers refuse it).
 */
export async function appendEntries(sql: Sql, entries: readonly NewEntry[], recordedAt: string): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  const head = await lockHead(sql);
  let seq = head.seq;
  let prevHash = head.hash;
  const out: AppendedEntry[] = [];
  const rows: (string | number)[][] = [];
  for (const e of entries) {
    seq += 1;
    const payloadText = e.payloadText ?? canonicalJson(e.payload);
    const payloadSha256 = sha256Hex(payloadText);
    const hash = entryHash({ seq, kind: e.kind, refId: e.refId, payloadSha256, prevHash, recordedAt });
    rows.push([seq, e.kind, e.refId, payloadText, payloadSha256, prevHash, hash, recordedAt]);
    out.push({ seq, hash, payloadSha256, payloadText });
    prevHash = hash;
  }
  await insertMany(sql, 'ledger', ['seq', 'kind', 'ref_id', 'payload', 'payload_sha256', 'prev_hash', 'hash', 'recorded_at'], rows);
  await sql.run('UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1', [seq, prevHash]);
  return out;
}

/** Locks and reads the chain head (call first in any transaction that appends). */
export async function lockHead(sql: Sql): Promise<{ seq: number; hash: string }> {
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await sql.get(`SELECT seq, hash FROM ledger_head WHERE id = 1${lock}`);
  if (!row) throw new Error('ledger head missing (migrations not applied?)');
  return { seq: int(row, 'seq'), hash: text(row, 'hash') };
}

/** The current head without locking. */
export async function readHead(sql: Sql): Promise<{ seq: number; hash: string } | null> {
  const row = await sql.get('SELECT seq, hash FROM ledger_head WHERE id = 1');
  if (!row || int(row, 'seq') === 0) return null;
  return { seq: int(row, 'seq'), hash: text(row, 'hash') };
}
