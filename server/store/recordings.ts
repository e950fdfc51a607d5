import type { RecordingState } from '../../shared/recording/recording-run';
import { int, intOrNull, json, text, textOrNull } from './rows';
import type { Row, Sql, SqlValue } from './sql';
import { ALL_ACCESS, accessWhere, type AccessScope } from './access-filter';

/** Which rtpengine port carried which party, from rtpengine's `query` when the recording started. */
export interface RecordedDirection {
  readonly port: number;
  readonly role: 'agent' | 'customer';
  readonly codec?: string | undefined;
}

export interface RecordingRow {
  readonly id: string;
  readonly callId: string;
  readonly leadId: string;
  readonly teamId: string | null;
  readonly profile: string;
  readonly state: RecordingState;
  readonly mediaCallId: string;
  readonly permissionEventId: string | null;
  readonly stopReason: string | null;
  /** When the API decided to stop (opt-out, "no", end): nothing captured after it is kept. */
  readonly stopRequestedAt: string | null;
  readonly requestedAt: string;
  readonly directions: readonly RecordedDirection[] | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly sampleRate: number | null;
  readonly channels: readonly string[] | null;
  readonly filePath: string | null;
  readonly plainSize: number | null;
  readonly sha256: string | null;
  readonly storedSha256: string | null;
  readonly keyId: string | null;
  readonly peaks: readonly number[][] | null;
  readonly retainUntil: string | null;
  readonly ledgerSeq: number | null;
  readonly failure: string | null;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
  readonly deletionLedgerSeq: number | null;
}

function jsonOrNull<T>(r: Row, column: string): T | null {
  return r[column] === null || r[column] === undefined ? null : json<T>(r, column);
}

function toRow(r: Row): RecordingRow {
  return {
    id: text(r, 'id'),
    callId: text(r, 'call_id'),
    leadId: text(r, 'lead_id'),
    teamId: textOrNull(r, 'team_id'),
    profile: text(r, 'profile'),
    state: text(r, 'state') as RecordingState,
    mediaCallId: text(r, 'media_call_id'),
    permissionEventId: textOrNull(r, 'permission_event_id'),
    stopReason: textOrNull(r, 'stop_reason'),
    stopRequestedAt: textOrNull(r, 'stop_requested_at'),
    requestedAt: text(r, 'requested_at'),
    directions: jsonOrNull<RecordedDirection[]>(r, 'directions'),
    startedAt: textOrNull(r, 'started_at'),
    endedAt: textOrNull(r, 'ended_at'),
    durationMs: intOrNull(r, 'duration_ms'),
    sampleRate: intOrNull(r, 'sample_rate'),
    channels: jsonOrNull<string[]>(r, 'channels'),
    filePath: textOrNull(r, 'file_path'),
    plainSize: intOrNull(r, 'plain_size'),
    sha256: textOrNull(r, 'sha256'),
    storedSha256: textOrNull(r, 'stored_sha256'),
    keyId: textOrNull(r, 'key_id'),
    peaks: jsonOrNull<number[][]>(r, 'peaks'),
    retainUntil: textOrNull(r, 'retain_until'),
    ledgerSeq: intOrNull(r, 'ledger_seq'),
    failure: textOrNull(r, 'failure'),
    updatedAt: text(r, 'updated_at'),
    deletedAt: textOrNull(r, 'deleted_at'),
    deletionLedgerSeq: intOrNull(r, 'deletion_ledger_seq'),
  };
}

/** The recording of a call, if `scope` may see it (default: any, for the recording pipeline). */
export async function recordingOfCall(sql: Sql, callId: string, scope: AccessScope = ALL_ACCESS): Promise<RecordingRow | undefined> {
  const w = accessWhere(scope, 'recording', 'r');
  const r = await sql.get(`SELECT r.* FROM recordings r WHERE r.call_id = ? AND ${w.clause}`, [callId, ...w.params]);
  return r ? toRow(r) : undefined;
}

export async function recordingById(sql: Sql, id: string, scope: AccessScope = ALL_ACCESS): Promise<RecordingRow | undefined> {
  const w = accessWhere(scope, 'recording', 'r');
  const r = await sql.get(`SELECT r.* FROM recordings r WHERE r.id = ? AND ${w.clause}`, [id, ...w.params]);
  return r ? toRow(r) : undefined;
}

/** The recordings of one person's calls that `scope` may see, oldest first (KR-REC inspection). */
export async function recordingsOfLead(sql: Sql, leadId: string, scope: AccessScope = ALL_ACCESS): Promise<RecordingRow[]> {
  const w = accessWhere(scope, 'recording', 'r');
  return (await sql.all(`SELECT r.* FROM recordings r WHERE r.lead_id = ? AND ${w.clause} ORDER BY r.requested_at, r.id`, [leadId, ...w.params])).map(toRow);
}

export async function recordingsInState(sql: Sql, state: RecordingState, limit = 100): Promise<RecordingRow[]> {
  return (await sql.all(`SELECT * FROM recordings WHERE state = ? ORDER BY updated_at, id LIMIT ${Math.trunc(limit)}`, [state])).map(toRow);
}

/** Stored recordings whose retention ended before `now`. */
export async function expiredRecordings(sql: Sql, now: string, limit = 100): Promise<RecordingRow[]> {
  return (await sql.all(`SELECT * FROM recordings WHERE state = 'stored' AND retain_until <= ? ORDER BY retain_until, id LIMIT ${Math.trunc(limit)}`, [now])).map(toRow);
}

export async function insertRecording(
  sql: Sql,
  r: Pick<RecordingRow, 'id' | 'callId' | 'leadId' | 'teamId' | 'profile' | 'state' | 'mediaCallId' | 'permissionEventId' | 'stopReason' | 'requestedAt' | 'updatedAt'>,
): Promise<boolean> {
  const res = await sql.run(
    `INSERT INTO recordings (id, call_id, lead_id, team_id, profile, state, media_call_id, permission_event_id, stop_reason, requested_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING`,
    [r.id, r.callId, r.leadId, r.teamId, r.profile, r.state, r.mediaCallId, r.permissionEventId, r.stopReason, r.requestedAt, r.updatedAt],
  );
  return res.changes === 1;
}

const COLUMNS: Readonly<Record<string, string>> = {
  state: 'state',
  stopReason: 'stop_reason',
  stopRequestedAt: 'stop_requested_at',
  directions: 'directions',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  durationMs: 'duration_ms',
  sampleRate: 'sample_rate',
  channels: 'channels',
  filePath: 'file_path',
  plainSize: 'plain_size',
  sha256: 'sha256',
  storedSha256: 'stored_sha256',
  keyId: 'key_id',
  peaks: 'peaks',
  retainUntil: 'retain_until',
  ledgerSeq: 'ledger_seq',
  failure: 'failure',
  deletedAt: 'deleted_at',
  deletionLedgerSeq: 'deletion_ledger_seq',
};

export type RecordingChange = Partial<Omit<RecordingRow, 'id' | 'callId' | 'leadId' | 'teamId' | 'profile' | 'mediaCallId' | 'permissionEventId' | 'requestedAt' | 'updatedAt'>>;

/**
 * Moves a recording from state `from` and sets the given fields; false when it was no longer in
 * `from` (another writer moved it first: the caller lost the race and does nothing).
 */
export async function updateRecording(sql: Sql, id: string, from: RecordingState, change: RecordingChange, at: string): Promise<boolean> {
  const sets: string[] = ['updated_at = ?'];
  const params: SqlValue[] = [at];
  for (const [k, v] of Object.entries(change)) {
    const col = COLUMNS[k];
    if (!col || v === undefined) continue;
    sets.push(`${col} = ?`);
    params.push(v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as SqlValue));
  }
  params.push(id, from);
  const res = await sql.run(`UPDATE recordings SET ${sets.join(', ')} WHERE id = ? AND state = ?`, params);
  return res.changes === 1;
}

/** The `recording` ledger entries of recordings not deleted: what their stored files must hash to. */
export async function ledgeredRecordingFiles(sql: Sql, afterSeq: number, limit: number): Promise<{ seq: number; recordingId: string; filePath: string | null; payload: string }[]> {
  const rows = await sql.all(
    `SELECT l.seq, l.payload, r.id, r.file_path FROM ledger l JOIN recordings r ON r.ledger_seq = l.seq
      WHERE l.kind = 'recording' AND r.state = 'stored' AND l.seq > ? ORDER BY l.seq LIMIT ${Math.trunc(limit)}`,
    [afterSeq],
  );
  return rows.map((r) => ({ seq: int(r, 'seq'), recordingId: text(r, 'id'), filePath: textOrNull(r, 'file_path'), payload: text(r, 'payload') }));
}
