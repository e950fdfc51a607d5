import type { LocalizedText } from '../../shared/domain/locale';
import type { QaAnswerValue, SectionScore } from '../../shared/qa/score';
import type { AutoAnswer } from '../../shared/qa/evidence-facts';
import { accessWhere, type AccessScope } from './access-filter';
import { int, json, text, textOrNull } from './rows';
import { num } from './review-sql';
import type { Row, Sql, SqlValue } from './sql';

/** One stored answer: the lead's value and comment beside the evidence's proposal. */
export interface StoredAnswer {
  readonly questionId: string;
  readonly value: QaAnswerValue;
  readonly comment: string;
  readonly auto: AutoAnswer | null;
  readonly overridden: boolean;
}

export interface EvaluationRow {
  readonly id: string;
  readonly callId: string;
  readonly callStartedAt: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly teamId: string | null;
  readonly scorecardId: string;
  readonly scorecardVersion: number;
  readonly scorecardTitle: LocalizedText;
  readonly evaluatorId: string;
  readonly evaluatorName: string;
  readonly createdAt: string;
  readonly scoreBp: number;
  readonly passed: boolean;
  readonly autoFailed: boolean;
  readonly failedItems: readonly string[];
  readonly sections: readonly SectionScore[];
  readonly answers: readonly StoredAnswer[];
  readonly comment: string;
}

export type NewEvaluation = Omit<EvaluationRow, 'agentName' | 'evaluatorName' | 'scorecardTitle'>;

export async function insertEvaluation(sql: Sql, e: NewEvaluation): Promise<void> {
  await sql.run(
    `INSERT INTO qa_evaluations (id, call_id, call_started_at, agent_id, team_id, scorecard_id, scorecard_version, evaluator_id, created_at,
       score_bp, passed, auto_failed, result, answers, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.id, e.callId, e.callStartedAt, e.agentId, e.teamId, e.scorecardId, e.scorecardVersion, e.evaluatorId, e.createdAt,
      e.scoreBp, e.passed ? 1 : 0, e.autoFailed ? 1 : 0, JSON.stringify({ sections: e.sections, failedItems: e.failedItems }), JSON.stringify(e.answers), e.comment,
    ],
  );
  for (const q of e.failedItems) await sql.run('INSERT INTO qa_evaluation_failures (evaluation_id, question_id) VALUES (?, ?)', [e.id, q]);
}

const SELECT = `SELECT e.*, a.display_name AS agent_name, r.display_name AS evaluator_name, s.title AS scorecard_title
  FROM qa_evaluations e
  JOIN users a ON a.id = e.agent_id
  JOIN users r ON r.id = e.evaluator_id
  JOIN qa_scorecards s ON s.id = e.scorecard_id`;

function toEvaluation(r: Row): EvaluationRow {
  const result = json<{ sections: SectionScore[]; failedItems: string[] }>(r, 'result');
  return {
    id: text(r, 'id'),
    callId: text(r, 'call_id'),
    callStartedAt: text(r, 'call_started_at'),
    agentId: text(r, 'agent_id'),
    agentName: text(r, 'agent_name'),
    teamId: textOrNull(r, 'team_id'),
    scorecardId: text(r, 'scorecard_id'),
    scorecardVersion: int(r, 'scorecard_version'),
    scorecardTitle: json<LocalizedText>(r, 'scorecard_title'),
    evaluatorId: text(r, 'evaluator_id'),
    evaluatorName: text(r, 'evaluator_name'),
    createdAt: text(r, 'created_at'),
    scoreBp: int(r, 'score_bp'),
    passed: int(r, 'passed') === 1,
    autoFailed: int(r, 'auto_failed') === 1,
    failedItems: result.failedItems,
    sections: result.sections,
    answers: json<StoredAnswer[]>(r, 'answers'),
    comment: text(r, 'comment'),
  };
}

/** One evaluation, if `scope` may see it (default: any, for the writer that just stored it). */
export async function evaluationById(sql: Sql, id: string, scope: AccessScope = { kind: 'all' }): Promise<EvaluationRow | undefined> {
  const visible = accessWhere(scope, 'evaluation', 'e');
  const r = await sql.get(`${SELECT} WHERE e.id = ? AND ${visible.clause}`, [id, ...visible.params]);
  return r ? toEvaluation(r) : undefined;
}

/** The WHERE of evaluations (alias `e`) in `scope` matching the filter. */
function evaluationWhere(scope: AccessScope, f: { team?: string | undefined; agent?: string | undefined; call?: string | undefined; from?: string | undefined; to?: string | undefined }): { clause: string; params: SqlValue[] } {
  const visible = accessWhere(scope, 'evaluation', 'e');
  const parts: string[] = [visible.clause];
  const params: SqlValue[] = [...visible.params];
  const add = (clause: string, v: SqlValue | undefined): void => {
    if (v === undefined) return;
    parts.push(clause);
    params.push(v);
  };
  add('e.team_id = ?', f.team);
  add('e.agent_id = ?', f.agent);
  add('e.call_id = ?', f.call);
  add('e.call_started_at >= ?', f.from);
  add('e.call_started_at < ?', f.to);
  return { clause: parts.join(' AND '), params };
}

/** Evaluations newest first, keyset-paged on (created_at, id); one more row than `limit` says more follow. */
export async function evaluationPage(
  sql: Sql,
  scope: AccessScope,
  f: { team?: string | undefined; agent?: string | undefined; call?: string | undefined; from?: string | undefined; to?: string | undefined },
  page: { after?: { at: string; id: string } | undefined; limit: number },
): Promise<EvaluationRow[]> {
  const w = evaluationWhere(scope, f);
  const params = [...w.params];
  let keyset = '';
  if (page.after) {
    keyset = ' AND (e.created_at < ? OR (e.created_at = ? AND e.id < ?))';
    params.push(page.after.at, page.after.at, page.after.id);
  }
  const rows = await sql.all(`${SELECT} WHERE ${w.clause}${keyset} ORDER BY e.created_at DESC, e.id DESC LIMIT ${Math.trunc(page.limit) + 1}`, params);
  return rows.map(toEvaluation);
}

/** QA sums of one (agent, team) group. */
export interface QaSums {
  readonly agentId: string;
  readonly teamId: string;
  readonly evaluations: number;
  readonly scoreBpSum: number;
  readonly passed: number;
  readonly autoFailed: number;
}

/** Sums per (agent, team) of the evaluations in scope whose calls started in [from, to). */
export async function qaSums(sql: Sql, scope: AccessScope, f: { team?: string | undefined; agent?: string | undefined; from: string; to: string }): Promise<QaSums[]> {
  const w = evaluationWhere(scope, f);
  const rows = await sql.all(
    `SELECT e.agent_id AS agent, COALESCE(e.team_id, '') AS team, COUNT(*) AS n, SUM(e.score_bp) AS bp, SUM(e.passed) AS passed, SUM(e.auto_failed) AS failed
       FROM qa_evaluations e WHERE ${w.clause} GROUP BY e.agent_id, COALESCE(e.team_id, '')`,
    w.params,
  );
  return rows.map((r) => ({
    agentId: String(r['agent']),
    teamId: String(r['team']),
    evaluations: num(r['n']),
    scoreBpSum: num(r['bp']),
    passed: num(r['passed']),
    autoFailed: num(r['failed']),
  }));
}

/** How often each auto-fail item failed in scope over the period, most first. */
export async function autoFailCounts(sql: Sql, scope: AccessScope, f: { team?: string | undefined; agent?: string | undefined; from: string; to: string }): Promise<{ questionId: string; count: number }[]> {
  const w = evaluationWhere(scope, f);
  const rows = await sql.all(
    `SELECT x.question_id AS q, COUNT(*) AS n FROM qa_evaluations e JOIN qa_evaluation_failures x ON x.evaluation_id = e.id
      WHERE ${w.clause} GROUP BY x.question_id ORDER BY COUNT(*) DESC, x.question_id LIMIT 20`,
    w.params,
  );
  return rows.map((r) => ({ questionId: String(r['q']), count: num(r['n']) }));
}
