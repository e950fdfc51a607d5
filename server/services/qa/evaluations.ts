import type { CreateEvaluationRequest, Evaluation, EvaluationSummary, QaAutofillResponse } from '../../../shared/api/qa';
import { newId } from '../../../shared/domain/ids';
import { autoFill } from '../../../shared/qa/autofill';
import { checkAnswers, scoreEvaluation, type QaAnswerValue } from '../../../shared/qa/score';
import { questionsOf, ScorecardDefinitionSchema } from '../../../shared/qa/scorecard';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import { callInScope, type CallRow } from '../../store/calls';
import { evaluationById, insertEvaluation, type EvaluationRow, type StoredAnswer } from '../../store/qa-evaluations';
import { lockScorecardVersion, scorecardVersion } from '../../store/qa-scorecards';
import type { Sql } from '../../store/sql';
import { reviewAccess } from '../access-scope';
import { qaEvidenceOf } from './evidence';
import { evaluationScope } from './scope';
import { usableScorecard } from './scorecards';

/** The call if it is in the reviewer's scope; otherwise 404 (another team's call looks like none). */
async function scopedCall(sql: Sql, user: UserRecord, callId: string, pointer?: string): Promise<CallRow> {
  const call = await callInScope(sql, callId, reviewAccess(user));
  if (!call) {
    throw new ApiError(pointer ? 'unknown-reference' : 'not-found', `no call ${callId}`, pointer ? { errors: [fieldError('body', pointer, 'unknown call')] } : {});
  }
  return call;
}

export function summaryDto(e: EvaluationRow): EvaluationSummary {
  return {
    id: e.id,
    callId: e.callId,
    callStartedAt: e.callStartedAt,
    agentId: e.agentId,
    agentName: e.agentName,
    teamId: e.teamId,
    scorecardId: e.scorecardId,
    scorecardVersion: e.scorecardVersion,
    scorecardTitle: e.scorecardTitle,
    evaluatorId: e.evaluatorId,
    evaluatorName: e.evaluatorName,
    createdAt: e.createdAt,
    percent: e.scoreBp / 100,
    passed: e.passed,
    autoFailed: e.autoFailed,
    comment: e.comment,
  };
}

async function detailDto(sql: Sql, e: EvaluationRow): Promise<Evaluation> {
  const v = await scorecardVersion(sql, e.scorecardId, e.scorecardVersion);
  if (!v) throw new Error(`evaluation ${e.id} names a missing scorecard version`);
  return { ...summaryDto(e), failedItems: [...e.failedItems], sections: [...e.sections], answers: e.answers.map((a) => ({ ...a, auto: a.auto ? { ...a.auto, eventSeqs: [...a.auto.eventSeqs] } : null })), scorecard: v.definition };
}

/** What the call's evidence proposes for the auto-fill questions of a scorecard version (default: current). */
export async function qaAutofill(ctx: AppContext, user: UserRecord, callId: string, scorecardId: string, version?: number): Promise<QaAutofillResponse> {
  const db = ctx.store.db;
  const call = await scopedCall(db, user, callId);
  const s = await usableScorecard(db, user, scorecardId);
  const v = await scorecardVersion(db, s.id, version ?? s.currentVersion);
  if (!v) throw new ApiError('not-found', `scorecard ${s.id} has no version ${version ?? s.currentVersion}`);
  const evidence = await qaEvidenceOf(db, call);
  return { callId, scorecardId: s.id, version: v.version, proposals: autoFill(v.definition, evidence).map((p) => ({ ...p, eventSeqs: [...p.eventSeqs] })) };
}

/**
 * Scores a call: the answers are checked against the scorecard version (every question once, values
 * its kind allows), the score is computed here (never taken from the client), the evidence's
 * proposals are kept beside the lead's answers, and the version is locked for good.
 */
export async function createEvaluation(ctx: AppContext, user: UserRecord, req: CreateEvaluationRequest): Promise<Evaluation> {
  const at = ctx.clock().toISOString();
  return ctx.store.db.tx(async (sql) => {
    const call = await scopedCall(sql, user, req.callId, '/callId');
    const s = await usableScorecard(sql, user, req.scorecardId).catch(() => {
      throw new ApiError('unknown-reference', `no scorecard ${req.scorecardId}`, { errors: [fieldError('body', '/scorecardId', 'unknown scorecard')] });
    });
    const v = await scorecardVersion(sql, s.id, req.scorecardVersion, true);
    if (!v) throw new ApiError('unknown-reference', `scorecard ${s.id} has no version ${req.scorecardVersion}`, { errors: [fieldError('body', '/scorecardVersion', 'unknown version')] });
    const def = ScorecardDefinitionSchema.parse(v.definition);
    const values = new Map<string, QaAnswerValue>();
    const indexOf = new Map<string, number>();
    req.answers.forEach((a, i) => {
      if (values.has(a.questionId)) throw new ApiError('validation', `question ${a.questionId} is answered twice`, { errors: [fieldError('body', `/answers/${i}/questionId`, 'answered twice')] });
      values.set(a.questionId, a.value);
      indexOf.set(a.questionId, i);
    });
    const issues = checkAnswers(def, values);
    if (issues.length > 0) {
      throw new ApiError('validation', `the answers do not fit scorecard ${s.id} version ${v.version}: ${issues.map((i) => `${i.questionId || '(all)'}: ${i.message}`).join('; ')}`, {
        errors: issues.map((i) => {
          const at = indexOf.get(i.questionId);
          return fieldError('body', at === undefined ? '/answers' : `/answers/${at}/value`, `${i.questionId ? `${i.questionId}: ` : ''}${i.message}`);
        }),
      });
    }
    const result = scoreEvaluation(def, values);
    const proposals = new Map(autoFill(def, await qaEvidenceOf(sql, call)).map((p) => [p.questionId, p]));
    const answers: StoredAnswer[] = questionsOf(def).map(({ question }) => {
      const value = values.get(question.id) ?? 'na';
      const p = proposals.get(question.id);
      const auto = p ? { value: p.value, reason: p.reason, eventSeqs: p.eventSeqs, ...(p.params ? { params: p.params } : {}) } : null;
      return { questionId: question.id, value, comment: req.answers[indexOf.get(question.id) ?? -1]?.comment ?? '', auto, overridden: auto !== null && auto.value !== value };
    });
    await lockScorecardVersion(sql, s.id, v.version, at);
    const id = newId();
    await insertEvaluation(sql, {
      id,
      callId: call.id,
      callStartedAt: call.startedAt,
      agentId: call.agentId,
      teamId: call.teamId,
      scorecardId: s.id,
      scorecardVersion: v.version,
      evaluatorId: user.id,
      createdAt: at,
      scoreBp: result.scoreBp,
      passed: result.passed,
      autoFailed: result.autoFailed,
      failedItems: result.failedItems,
      sections: result.sections,
      answers,
      comment: req.comment ?? '',
    });
    const row = await evaluationById(sql, id);
    if (!row) throw new Error('evaluation vanished after insert');
    return detailDto(sql, row);
  });
}

/** One evaluation, for its agent, their team's lead, or an admin (anyone else: 404). */
export async function getEvaluation(ctx: AppContext, user: UserRecord, id: string): Promise<Evaluation> {
  const db = ctx.store.db;
  const e = await evaluationById(db, id, evaluationScope(user));
  if (!e) {
    throw new ApiError('not-found', `no evaluation ${id}`);
  }
  return detailDto(db, e);
}
