import type { CallDto, CallFlag, CallListQuery, CallState } from '../../shared/api/calls';
import type { CallOutcome } from '../../shared/domain/consent-event';
import { FLAG_COLUMNS } from './call-flags';
import { accessWhere, and, type AccessScope } from './access-filter';
import { callWhere } from './review-sql';
import { inList, type Row, type Sql, type SqlValue } from './sql';
import { int, intOrNull, text, textOrNull } from './rows';

export { FLAG_COLUMNS };

export interface CallRow extends CallDto {
  /** The seq the next consent event of this call must carry. */
  readonly nextSeq: number;
  readonly consentYes: boolean;
}

/** A `calls` row as the API shows it; the review list adds its own columns to this. */
export function callDtoFromRow(r: Row): CallDto {
  const flags = (Object.keys(FLAG_COLUMNS) as CallFlag[]).filter((f) => int(r, FLAG_COLUMNS[f]) === 1);
  return {
    id: text(r, 'id'),
    attemptId: text(r, 'attempt_id'),
    leadId: text(r, 'lead_id'),
    campaignId: text(r, 'campaign_id'),
    agentId: text(r, 'agent_id'),
    teamId: textOrNull(r, 'team_id'),
    sipCallId: textOrNull(r, 'sip_call_id'),
    callerId: textOrNull(r, 'caller_id'),
    state: text(r, 'state') as CallState,
    startedAt: text(r, 'started_at'),
    answeredAt: textOrNull(r, 'answered_at'),
    endedAt: textOrNull(r, 'ended_at'),
    durationSec: intOrNull(r, 'duration_sec'),
    outcome: textOrNull(r, 'outcome') as CallOutcome | null,
    callbackAt: textOrNull(r, 'callback_at'),
    eventCount: int(r, 'event_count'),
    flags,
    deadAirMs: intOrNull(r, 'dead_air_ms'),
  };
}

function toCall(r: Row): CallRow {
  return {
    ...callDtoFromRow(r),
    nextSeq: int(r, 'next_seq'),
    consentYes: int(r, 'consent_yes') === 1,
  };
}

/** The API view of a call (without the ingest bookkeeping). */
export function callDto(c: CallRow): CallDto {
  const { nextSeq: _n, consentYes: _c, ...dto } = c;
  return dto;
}

export async function insertCall(
  sql: Sql,
  c: Pick<CallDto, 'id' | 'attemptId' | 'leadId' | 'campaignId' | 'agentId' | 'teamId' | 'sipCallId' | 'callerId' | 'startedAt'>,
): Promise<void> {
  await sql.run(
    `INSERT INTO calls (id, attempt_id, lead_id, campaign_id, agent_id, team_id, sip_call_id, caller_id, state, started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dialing', ?)`,
    [c.id, c.attemptId, c.leadId, c.campaignId, c.agentId, c.teamId, c.sipCallId, c.callerId, c.startedAt],
  );
}

export async function callById(sql: Sql, id: string, forUpdate = false): Promise<CallRow | undefined> {
  const lock = forUpdate && sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await sql.get(`SELECT * FROM calls WHERE id = ?${lock}`, [id]);
  return r ? toCall(r) : undefined;
}

/** Several calls by id in one query (locked for update on PostgreSQL when `forUpdate`). */
export async function callsByIds(sql: Sql, ids: readonly string[], forUpdate = false): Promise<Map<string, CallRow>> {
  const out = new Map<string, CallRow>();
  if (ids.length === 0) return out;
  const lock = forUpdate && sql.dialect === 'postgres' ? ' ORDER BY id FOR UPDATE' : '';
  const { list, params } = inList(sql.dialect, ids);
  for (const r of await sql.all(`SELECT * FROM calls WHERE id IN ${list}${lock}`, params)) out.set(text(r, 'id'), toCall(r));
  return out;
}

export async function callByAttempt(sql: Sql, attemptId: string): Promise<CallRow | undefined> {
  const r = await sql.get('SELECT * FROM calls WHERE attempt_id = ?', [attemptId]);
  return r ? toCall(r) : undefined;
}

export async function callsOfLead(sql: Sql, leadId: string): Promise<CallRow[]> {
  return (await sql.all('SELECT * FROM calls WHERE lead_id = ? ORDER BY started_at, id', [leadId])).map(toCall);
}

export async function updateCallFields(sql: Sql, id: string, fields: Record<string, SqlValue>): Promise<void> {
  const cols = Object.keys(fields);
  if (cols.length === 0) return;
  await sql.run(`UPDATE calls SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...cols.map((c) => fields[c] ?? null), id]);
}

/** What the ingest learned about a call from one batch of its events. */
export interface CallEventSummary {
  readonly added: number;
  readonly nextSeq: number;
  readonly consentYes: boolean;
  readonly optOut: boolean;
  readonly late: boolean;
  readonly pitchWithoutConsent: boolean;
  readonly consentRefused: boolean;
  /** The replay refused an event of this batch. */
  readonly refused: boolean;
}

export async function applyEventSummary(sql: Sql, id: string, s: CallEventSummary): Promise<void> {
  await sql.run(
    `UPDATE calls SET event_count = event_count + ?, next_seq = ?, consent_yes = ?,
       flag_opt_out = CASE WHEN ? = 1 THEN 1 ELSE flag_opt_out END,
       flag_late_events = CASE WHEN ? = 1 THEN 1 ELSE flag_late_events END,
       flag_pitch_without_consent = CASE WHEN ? = 1 THEN 1 ELSE flag_pitch_without_consent END,
       flag_consent_refused = CASE WHEN ? = 1 THEN 1 ELSE flag_consent_refused END,
       flag_refused_events = CASE WHEN ? = 1 THEN 1 ELSE flag_refused_events END
     WHERE id = ?`,
    [s.added, s.nextSeq, s.consentYes ? 1 : 0, s.optOut ? 1 : 0, s.late ? 1 : 0, s.pitchWithoutConsent ? 1 : 0, s.consentRefused ? 1 : 0, s.refused ? 1 : 0, id],
  );
}

/**
 * The summaries of many calls in one statement (group commit: one round trip per group, not per call).
 * Same effect as applyEventSummary on each.
 */
export async function applyEventSummaries(sql: Sql, list: readonly { id: string; summary: CallEventSummary }[]): Promise<void> {
  // SQLite: the prepared one-call statement per call (in process, no round trip to save).
  if (sql.dialect === 'sqlite') {
    for (const { id, summary } of list) await applyEventSummary(sql, id, summary);
    return;
  }
  for (let i = 0; i < list.length; i += 300) {
    const chunk = list.slice(i, i + 300);
    const int = 'CAST(? AS INTEGER)';
    const values = chunk.map(() => `(?, ${Array.from({ length: 8 }, () => int).join(', ')})`).join(', ');
    const params = chunk.flatMap(({ id, summary: s }) => [
      id,
      s.added,
      s.nextSeq,
      s.consentYes ? 1 : 0,
      s.optOut ? 1 : 0,
      s.late ? 1 : 0,
      s.pitchWithoutConsent ? 1 : 0,
      s.consentRefused ? 1 : 0,
      s.refused ? 1 : 0,
    ]);
    // VALUES columns are column1..column9 in both databases.
    await sql.run(
      `UPDATE calls SET event_count = calls.event_count + v.column2, next_seq = v.column3, consent_yes = v.column4,
         flag_opt_out = CASE WHEN v.column5 = 1 THEN 1 ELSE calls.flag_opt_out END,
         flag_late_events = CASE WHEN v.column6 = 1 THEN 1 ELSE calls.flag_late_events END,
         flag_pitch_without_consent = CASE WHEN v.column7 = 1 THEN 1 ELSE calls.flag_pitch_without_consent END,
         flag_consent_refused = CASE WHEN v.column8 = 1 THEN 1 ELSE calls.flag_consent_refused END,
         flag_refused_events = CASE WHEN v.column9 = 1 THEN 1 ELSE calls.flag_refused_events END
       FROM (VALUES ${values}) AS v
       WHERE calls.id = v.column1`,
      params,
    );
  }
}

/** Cursor of the call list: the (startedAt, id) of the last row of the page, newest first. */
export interface CallCursor {
  readonly startedAt: string;
  readonly id: string;
}

/** Filtered page of the calls `scope` may see, newest first, keyset-paginated on (started_at, id). */
export async function listCalls(
  sql: Sql,
  q: Omit<CallListQuery, 'cursor'> & { after?: CallCursor | undefined },
  scope: AccessScope,
): Promise<CallRow[]> {
  const filter = callWhere(
    {
      team: q.team,
      agent: q.agent,
      campaign: q.campaign,
      leadId: q.lead,
      outcome: q.outcome,
      flag: q.flag,
      from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
      to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
    },
    scope,
  );
  const w = q.after ? and(filter, { clause: '(c.started_at < ? OR (c.started_at = ? AND c.id < ?))', params: [q.after.startedAt, q.after.startedAt, q.after.id] }) : filter;
  const rows = await sql.all(`SELECT c.* FROM calls c WHERE ${w.clause} ORDER BY c.started_at DESC, c.id DESC LIMIT ${Math.trunc(q.limit) + 1}`, w.params);
  return rows.map(toCall);
}

/** One call, if `scope` may see it (out of scope looks like no call at all). */
export async function callInScope(sql: Sql, id: string, scope: AccessScope): Promise<CallRow | undefined> {
  const w = and({ clause: 'c.id = ?', params: [id] }, accessWhere(scope, 'call', 'c'));
  const r = await sql.get(`SELECT c.* FROM calls c WHERE ${w.clause}`, w.params);
  return r ? toCall(r) : undefined;
}
