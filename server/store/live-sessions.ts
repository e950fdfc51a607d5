import type { LiveMode, LiveState } from '../../shared/live/live-session';
import { accessWhere, and, type AccessScope } from './access-filter';
import { placeholders, type Row, type Sql } from './sql';
import { text, textOrNull } from './rows';

export interface LiveSessionRow {
  readonly id: string;
  readonly callId: string;
  readonly teamId: string | null;
  readonly userId: string;
  readonly userName: string;
  readonly mode: LiveMode;
  readonly state: LiveState;
  readonly mediaCallId: string;
  /** The lead's tag at the media edge (listener to-tag, or whisper publisher from-tag). */
  readonly leadTag: string;
  /** The lead's legs at the media edge: one listener tag per party heard, or the whisper publisher's tag. */
  readonly legTags: readonly string[];
  /** The agent desk's whisper-leg tag, once offered. */
  readonly agentTag: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

const SELECT = 'SELECT s.*, u.display_name FROM live_sessions s JOIN users u ON u.id = s.user_id';

function toRow(r: Row): LiveSessionRow {
  return {
    id: text(r, 'id'),
    callId: text(r, 'call_id'),
    teamId: textOrNull(r, 'team_id'),
    userId: text(r, 'user_id'),
    userName: text(r, 'display_name'),
    mode: text(r, 'mode') as LiveMode,
    state: text(r, 'state') as LiveState,
    mediaCallId: text(r, 'media_call_id'),
    leadTag: text(r, 'lead_tag'),
    legTags: JSON.parse(text(r, 'leg_tags')) as string[],
    agentTag: textOrNull(r, 'agent_tag'),
    startedAt: text(r, 'started_at'),
    endedAt: textOrNull(r, 'ended_at'),
  };
}

export async function insertLiveSession(
  sql: Sql,
  s: Omit<LiveSessionRow, 'userName' | 'agentTag' | 'endedAt'> & { accessLogId: string },
): Promise<void> {
  await sql.run(
    `INSERT INTO live_sessions (id, call_id, team_id, user_id, mode, state, media_call_id, lead_tag, leg_tags, access_log_id, started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.id, s.callId, s.teamId, s.userId, s.mode, s.state, s.mediaCallId, s.leadTag, JSON.stringify(s.legTags), s.accessLogId, s.startedAt],
  );
}

export async function liveSessionById(sql: Sql, id: string): Promise<LiveSessionRow | undefined> {
  const r = await sql.get(`${SELECT} WHERE s.id = ?`, [id]);
  return r ? toRow(r) : undefined;
}

/** The sessions of calls, not ended ones unless `all`. */
export async function liveSessionsOfCalls(sql: Sql, callIds: readonly string[], all = false): Promise<LiveSessionRow[]> {
  if (callIds.length === 0) return [];
  const rows = await sql.all(`${SELECT} WHERE s.call_id IN (${placeholders(callIds.length)})${all ? '' : " AND s.state <> 'ended'"} ORDER BY s.started_at, s.id`, [...callIds]);
  return rows.map(toRow);
}

/** Moves a session from `from` to `to` (and sets the agent tag or end time); false when it was no longer in `from`. */
export async function moveLiveSession(sql: Sql, id: string, from: LiveState, to: LiveState, extra: { agentTag?: string; endedAt?: string } = {}): Promise<boolean> {
  const r = await sql.run(
    `UPDATE live_sessions SET state = ?, agent_tag = COALESCE(?, agent_tag), ended_at = COALESCE(?, ended_at) WHERE id = ? AND state = ?`,
    [to, extra.agentTag ?? null, extra.endedAt ?? null, id, from],
  );
  return r.changes === 1;
}

/** A call in progress for the live board: its agent and the state of its recording. */
export interface ConnectedCallRow {
  readonly callId: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly teamId: string | null;
  readonly campaignId: string;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly recording: string | null;
}

/** Connected calls started since `since` that `scope` may see (the one access filter), newest first. */
/** The edge's `end` event of call `c` (its attempt's redeemed Call-ID: call-events.ts checks that when it stores one). */
const EDGE_ENDED = "SELECT 1 FROM edge_call_events e WHERE e.attempt_id = c.attempt_id AND e.kind = 'end'";

/** True when the SIP edge reported that the call of `attemptId` ended. */
export async function edgeReportedEnd(sql: Sql, attemptId: string): Promise<boolean> {
  return (await sql.get(`SELECT 1 AS ended FROM calls c WHERE c.attempt_id = ? AND EXISTS (${EDGE_ENDED})`, [attemptId])) !== undefined;
}

export async function connectedCalls(sql: Sql, scope: AccessScope, since: string): Promise<ConnectedCallRow[]> {
  // A call the SIP edge reported ended is over, even while the desk is still in wrap-up (it records the end with the outcome).
  const w = and(
    { clause: `c.state = 'connected' AND c.started_at >= ? AND NOT EXISTS (${EDGE_ENDED})`, params: [since] },
    accessWhere(scope, 'call', 'c'),
  );
  const rows = await sql.all(
    `SELECT c.id, c.agent_id, u.display_name, c.team_id, c.campaign_id, c.started_at, c.answered_at, r.state AS recording
       FROM calls c JOIN users u ON u.id = c.agent_id LEFT JOIN recordings r ON r.call_id = c.id
      WHERE ${w.clause}
      ORDER BY c.started_at DESC, c.id LIMIT 500`,
    w.params,
  );
  return rows.map((r) => ({
    callId: text(r, 'id'),
    agentId: text(r, 'agent_id'),
    agentName: text(r, 'display_name'),
    teamId: textOrNull(r, 'team_id'),
    campaignId: text(r, 'campaign_id'),
    startedAt: text(r, 'started_at'),
    answeredAt: textOrNull(r, 'answered_at'),
    recording: textOrNull(r, 'recording'),
  }));
}
