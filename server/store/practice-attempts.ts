import type { PracticeScore } from '../../shared/practice/score';
import type { VoiceCallFacts } from '../../shared/practice/voice-facts';
import { int, json, text, textOrNull } from './rows';
import type { Row, Sql, SqlValue } from './sql';

/** A stored practice attempt (never evidence: no ledger entry, no call record). */
export interface AttemptRow {
  readonly id: string;
  readonly traineeId: string;
  readonly traineeName: string;
  readonly scenarioId: string;
  readonly scenarioRevision: number;
  readonly callId: string;
  readonly locale: 'ko' | 'en';
  readonly startedAt: string;
  readonly endedAt: string;
  readonly recordedAt: string;
  readonly score: number;
  readonly passed: boolean;
  readonly outcome: string | null;
  readonly result: PracticeScore;
  readonly eventsTotal: number;
  readonly requestSha256: string;
}

/** An attempt as read back, with its voice practice call if it was one (issue 17). */
export interface StoredAttempt extends AttemptRow {
  readonly mode: 'text' | 'voice';
  readonly voice: VoiceCallFacts | null;
  readonly hasAudio: boolean;
}

const SELECT = `SELECT a.*, u.display_name AS trainee_name, v.call_id AS voice_call_id, v.facts AS voice_facts, v.audio_file AS voice_audio
  FROM practice_attempts a JOIN users u ON u.id = a.trainee_id LEFT JOIN practice_voice_calls v ON v.call_id = a.call_id`;

function toRow(r: Row): StoredAttempt {
  const facts = textOrNull(r, 'voice_facts');
  return {
    mode: textOrNull(r, 'voice_call_id') === null ? 'text' : 'voice',
    voice: facts === null ? null : (JSON.parse(facts) as VoiceCallFacts),
    hasAudio: textOrNull(r, 'voice_audio') !== null,
    id: text(r, 'id'),
    traineeId: text(r, 'trainee_id'),
    traineeName: text(r, 'trainee_name'),
    scenarioId: text(r, 'scenario_id'),
    scenarioRevision: int(r, 'scenario_revision'),
    callId: text(r, 'call_id'),
    locale: text(r, 'locale') as 'ko' | 'en',
    startedAt: text(r, 'started_at'),
    endedAt: text(r, 'ended_at'),
    recordedAt: text(r, 'recorded_at'),
    score: int(r, 'score'),
    passed: int(r, 'passed') === 1,
    outcome: textOrNull(r, 'outcome'),
    result: json<PracticeScore>(r, 'result'),
    eventsTotal: int(r, 'events_total'),
    requestSha256: text(r, 'request_sha256'),
  };
}

export async function insertAttempt(sql: Sql, a: Omit<AttemptRow, 'traineeName'>): Promise<void> {
  await sql.run(
    `INSERT INTO practice_attempts (id, trainee_id, scenario_id, scenario_revision, call_id, locale, started_at, ended_at, recorded_at, score, passed, outcome, result, events_total, request_sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.id, a.traineeId, a.scenarioId, a.scenarioRevision, a.callId, a.locale, a.startedAt, a.endedAt, a.recordedAt, a.score, a.passed ? 1 : 0, a.outcome, JSON.stringify(a.result), a.eventsTotal, a.requestSha256],
  );
}

export async function attemptById(sql: Sql, id: string): Promise<StoredAttempt | undefined> {
  const r = await sql.get(`${SELECT} WHERE a.id = ?`, [id]);
  return r ? toRow(r) : undefined;
}

export async function attemptByCall(sql: Sql, callId: string): Promise<StoredAttempt | undefined> {
  const r = await sql.get(`${SELECT} WHERE a.call_id = ?`, [callId]);
  return r ? toRow(r) : undefined;
}

export interface AttemptFilter {
  readonly traineeId?: string | undefined;
  readonly scenarioId?: string | undefined;
  /** Keyset: attempts strictly before this (started_at, id), newest first. */
  readonly before?: { startedAt: string; id: string } | undefined;
  readonly limit: number;
}

/** Attempts, newest first. */
export async function listAttempts(sql: Sql, f: AttemptFilter): Promise<StoredAttempt[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (f.traineeId !== undefined) {
    where.push('a.trainee_id = ?');
    params.push(f.traineeId);
  }
  if (f.scenarioId !== undefined) {
    where.push('a.scenario_id = ?');
    params.push(f.scenarioId);
  }
  if (f.before) {
    where.push('(a.started_at < ? OR (a.started_at = ? AND a.id < ?))');
    params.push(f.before.startedAt, f.before.startedAt, f.before.id);
  }
  const sqlText = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY a.started_at DESC, a.id DESC LIMIT ?`;
  return (await sql.all(sqlText, [...params, f.limit])).map(toRow);
}

/** Every attempt of the trainees given (all when undefined), oldest first, for progress. */
export async function attemptsForProgress(sql: Sql, traineeId: string | undefined): Promise<StoredAttempt[]> {
  const rows = traineeId === undefined ? await sql.all(`${SELECT} ORDER BY a.started_at, a.id`) : await sql.all(`${SELECT} WHERE a.trainee_id = ? ORDER BY a.started_at, a.id`, [traineeId]);
  return rows.map(toRow);
}

/** How many practice events of `callId` reached the server (through the outbox). */
export async function practiceEventCount(sql: Sql, callId: string): Promise<number> {
  const r = await sql.get('SELECT COUNT(*) AS n FROM practice_events WHERE call_id = ?', [callId]);
  return r ? Number(r['n']) : 0;
}

/** Who can be a trainee: every agent (or just `userId`), with display names. */
export async function traineeDirectory(sql: Sql, userId: string | undefined): Promise<{ id: string; displayName: string }[]> {
  const rows =
    userId === undefined
      ? await sql.all("SELECT id, display_name FROM users WHERE role = 'agent' ORDER BY display_name, id")
      : await sql.all('SELECT id, display_name FROM users WHERE id = ?', [userId]);
  return rows.map((r) => ({ id: text(r, 'id'), displayName: text(r, 'display_name') }));
}
