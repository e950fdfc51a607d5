import type { LedgerEntryKind } from '../../shared/api/ledger';
import type { Sql } from '../store/sql';
import { insertMany, int, PG_PARAMS_PER_STATEMENT, text } from '../store/rows';
import { placeholders } from '../store/sql';
import { canonicalJson, entryHash, sha256Hex } from './hash';

export interface NewEntry {
  readonly kind: LedgerEntryKind;
  readonly refId: string;
  /** The payload object, or its canonical JSON text when the caller has it already (consent events). */
  readonly payload: unknown;
  readonly payloadText?: string;
  /** The SHA-256 of `payloadText` when the caller computed it already (the ingest's body hash). */
  readonly payloadSha256?: string;
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
export async function appendEntries(sql: Sql, entries: readonly NewEntry[], recordedAt: string, lockedHead?: LedgerHead): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  // `lockedHead`: the head this transaction locked with `lockHead` and has not appended to since (saves a round trip).
  const head = lockedHead ?? (await lockHead(sql));
  let seq = head.seq;
  let prevHash = head.hash;
  const out: AppendedEntry[] = [];
  const rows: (string | number)[][] = [];
  for (const e of entries) {
    seq += 1;
    const payloadText = e.payloadText ?? canonicalJson(e.payload);
    const payloadSha256 = (e.payloadText !== undefined ? e.payloadSha256 : undefined) ?? sha256Hex(payloadText);
    const hash = entryHash({ seq, kind: e.kind, refId: e.refId, payloadSha256, prevHash, recordedAt });
    rows.push([seq, e.kind, e.refId, payloadText, payloadSha256, prevHash, hash, recordedAt]);
    out.push({ seq, hash, payloadSha256, payloadText });
    prevHash = hash;
  }
  const columns = ['seq', 'kind', 'ref_id', 'payload', 'payload_sha256', 'prev_hash', 'hash', 'recorded_at'];
  if (sql.dialect === 'postgres' && rows.length * columns.length <= PG_PARAMS_PER_STATEMENT) {
    // One round trip: the entries and the new head in one statement (a data-modifying WITH always runs).
    const values = rows.map(() => `(${placeholders(columns.length)})`).join(', ');
    await sql.run(`WITH appended AS (INSERT INTO ledger (${columns.join(', ')}) VALUES ${values}) UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1`, [
      ...rows.flat(),
      seq,
      prevHash,
    ]);
    return out;
  }
  await insertMany(sql, 'ledger', columns, rows);
  await sql.run('UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1', [seq, prevHash]);
  return out;
}


/** The chain head: the last entry's seq and hash. */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

/** Locks and reads the chain head (call first in any transaction that appends). */
export async function lockHead(sql: Sql): Promise<LedgerHead> {
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
