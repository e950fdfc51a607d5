import { newId } from '../../shared/domain/ids';
import type { Sql } from '../store/sql';
import { text, textOrNull } from '../store/rows';

/**
 * KR-ACCESS: every read of personal data (an unmasked number, an evidence bundle, an export) is written
 * here with who, when, what and why, in the same transaction as the read it records.
 */
export type AccessAction = 'dial_target' | 'evidence_bundle' | 'export' | 'recording_play' | 'recording_export' | 'live_listen' | 'live_whisper';

export interface AccessRecord {
  readonly id: string;
  readonly at: string;
  readonly userId: string;
  readonly action: AccessAction;
  /** `lead` (one person), `calls` (a filtered call list; subjectId describes the filter), `recording` or `call` (live sessions). */
  readonly subjectType: 'lead' | 'calls' | 'recording' | 'call';
  readonly subjectId: string;
  readonly reason: string;
  readonly address: string | null;
}

export async function logAccess(sql: Sql, rec: Omit<AccessRecord, 'id'>): Promise<string> {
  const id = newId();
  await sql.run(
    'INSERT INTO access_log (id, at, user_id, action, subject_type, subject_id, reason, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [id, rec.at, rec.userId, rec.action, rec.subjectType, rec.subjectId.slice(0, 1000), rec.reason, rec.address],
  );
  return id;
}

/** The access log, oldest first (review and tests). */
export async function listAccess(sql: Sql, limit = 1000): Promise<AccessRecord[]> {
  const rows = await sql.all(`SELECT * FROM access_log ORDER BY at, id LIMIT ${Math.trunc(limit)}`);
  return rows.map((r) => ({
    id: text(r, 'id'),
    at: text(r, 'at'),
    userId: text(r, 'user_id'),
    action: text(r, 'action') as AccessAction,
    subjectType: text(r, 'subject_type') as AccessRecord['subjectType'],
    subjectId: text(r, 'subject_id'),
    reason: text(r, 'reason'),
    address: textOrNull(r, 'address'),
  }));
}
