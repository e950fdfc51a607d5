import type { VoiceCallFacts } from '../../shared/practice/voice-facts';
import { int, text, textOrNull } from './rows';
import type { Row, Sql } from './sql';

/** A voice practice call (never evidence: no ledger entry, no call record, no trunk). */
export interface VoiceCallRow {
  readonly callId: string;
  readonly traineeId: string;
  readonly scenarioId: string;
  readonly scenarioRevision: number;
  readonly locale: 'ko' | 'en';
  readonly setupAt: string;
  readonly expiresAt: string;
  readonly state: 'issued' | 'claimed' | 'ended' | 'unanswered';
  readonly sipCallId: string | null;
  readonly endedAt: string | null;
  readonly facts: VoiceCallFacts | null;
  readonly audioFile: string | null;
}

function toRow(r: Row): VoiceCallRow {
  const facts = textOrNull(r, 'facts');
  return {
    callId: text(r, 'call_id'),
    traineeId: text(r, 'trainee_id'),
    scenarioId: text(r, 'scenario_id'),
    scenarioRevision: int(r, 'scenario_revision'),
    locale: text(r, 'locale') as 'ko' | 'en',
    setupAt: text(r, 'setup_at'),
    expiresAt: text(r, 'expires_at'),
    state: text(r, 'state') as VoiceCallRow['state'],
    sipCallId: textOrNull(r, 'sip_call_id'),
    endedAt: textOrNull(r, 'ended_at'),
    facts: facts === null ? null : (JSON.parse(facts) as VoiceCallFacts),
    audioFile: textOrNull(r, 'audio_file'),
  };
}

export async function insertVoiceCall(sql: Sql, c: Pick<VoiceCallRow, 'callId' | 'traineeId' | 'scenarioId' | 'scenarioRevision' | 'locale' | 'setupAt' | 'expiresAt'> & { tokenSha256: string }): Promise<void> {
  await sql.run(
    `INSERT INTO practice_voice_calls (call_id, token_sha256, trainee_id, scenario_id, scenario_revision, locale, setup_at, expires_at, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'issued')`,
    [c.callId, c.tokenSha256, c.traineeId, c.scenarioId, c.scenarioRevision, c.locale, c.setupAt, c.expiresAt],
  );
}

export async function voiceCallById(sql: Sql, callId: string): Promise<VoiceCallRow | undefined> {
  const r = await sql.get('SELECT * FROM practice_voice_calls WHERE call_id = ?', [callId]);
  return r ? toRow(r) : undefined;
}

export async function voiceCallByToken(sql: Sql, tokenSha256: string): Promise<VoiceCallRow | undefined> {
  const r = await sql.get('SELECT * FROM practice_voice_calls WHERE token_sha256 = ?', [tokenSha256]);
  return r ? toRow(r) : undefined;
}

/** Claims an issued, unexpired call for one SIP dialog; false when it was used, expired or unknown (single use). */
export async function claimVoiceCall(sql: Sql, tokenSha256: string, sipCallId: string, at: string): Promise<boolean> {
  const { changes } = await sql.run(
    `UPDATE practice_voice_calls SET state = 'claimed', sip_call_id = ?, claimed_at = ? WHERE token_sha256 = ? AND state = 'issued' AND expires_at > ?`,
    [sipCallId, at, tokenSha256, at],
  );
  return changes > 0;
}

export async function endVoiceCall(sql: Sql, callId: string, e: { endedAt: string; facts: VoiceCallFacts | null; audioFile: string | null }): Promise<void> {
  await sql.run(`UPDATE practice_voice_calls SET state = ?, ended_at = ?, facts = ?, audio_file = ? WHERE call_id = ?`, [
    e.facts ? 'ended' : 'unanswered',
    e.endedAt,
    e.facts ? JSON.stringify(e.facts) : null,
    e.audioFile,
    callId,
  ]);
}

/** Voice practice calls answered and not ended yet, newest first, with the trainee's name and the scenario's title. */
export async function liveVoiceCalls(sql: Sql): Promise<{ callId: string; traineeId: string; traineeName: string; scenarioId: string; scenarioTitle: { ko: string; en: string }; locale: 'ko' | 'en'; startedAt: string }[]> {
  const rows = await sql.all(
    `SELECT v.call_id, v.trainee_id, u.display_name, v.scenario_id, v.locale, v.claimed_at, r.body
       FROM practice_voice_calls v
       JOIN users u ON u.id = v.trainee_id
       LEFT JOIN practice_scenario_revisions r ON r.scenario_id = v.scenario_id AND r.revision = v.scenario_revision
      WHERE v.state = 'claimed'
      ORDER BY v.claimed_at DESC
      LIMIT 200`,
  );
  return rows.map((r) => {
    const body = textOrNull(r, 'body');
    const title = body ? ((JSON.parse(body) as { title?: { ko: string; en: string } }).title ?? null) : null;
    const scenarioId = text(r, 'scenario_id');
    return {
      callId: text(r, 'call_id'),
      traineeId: text(r, 'trainee_id'),
      traineeName: text(r, 'display_name'),
      scenarioId,
      scenarioTitle: title ?? { ko: scenarioId, en: scenarioId },
      locale: text(r, 'locale') as 'ko' | 'en',
      startedAt: textOrNull(r, 'claimed_at') ?? '',
    };
  });
}
