import type { PracticeAttempt, PracticeAttemptRequest, PracticeAttemptSummary, TraineeProgress } from '../../../shared/api/practice';
import { practiceSetup } from '../../../shared/practice/practice-call';
import { PracticeReplayError } from '../../../shared/practice/replay';
import type { CheckId } from '../../../shared/practice/score';
import { scoreAttempt } from '../../../shared/practice/scoring';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import { canonicalJson, sha256Hex } from '../../ledger/hash';
import { attemptByCall, attemptById, attemptsForProgress, insertAttempt, listAttempts, practiceEventCount, traineeDirectory, type AttemptRow, type StoredAttempt } from '../../store/practice-attempts';
import { scenarioById, scenarioRevision } from '../../store/practice-scenarios';
import type { Sql } from '../../store/sql';
import { practiceScript } from './assets';
import { ensureBuiltinScenarios } from './scenarios';
import { voiceFactsForAttempt } from './voice-calls';

/**
 * Practice attempts: the desk sends a finished practice call with its events; the server replays them
 * through the script engine, plays the simulated customer along and scores the attempt itself (the
 * desk's own score is only a preview), then keeps it in `practice_attempts`. Nothing here touches the
 * ledger, calls, consent grants or the DNC list.
 */

/** `events[3].answer` -> `/events/3/answer`. */
function eventPointer(path: string): string {
  return `/${path.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/').replace(/^\/+/, '')}`;
}

async function summaryOf(sql: Sql, a: StoredAttempt): Promise<PracticeAttemptSummary> {
  const scenario = (await scenarioRevision(sql, a.scenarioId, a.scenarioRevision)) ?? (await scenarioById(sql, a.scenarioId))?.scenario;
  return {
    id: a.id,
    traineeId: a.traineeId,
    traineeName: a.traineeName,
    scenarioId: a.scenarioId,
    scenarioRevision: a.scenarioRevision,
    scenarioTitle: scenario?.title ?? { ko: a.scenarioId, en: a.scenarioId },
    kind: scenario?.kind ?? 'custom',
    locale: a.locale,
    startedAt: a.startedAt,
    score: a.score,
    passed: a.passed,
    outcome: a.outcome,
    customerHungUp: a.result.customerHungUp,
    durationMs: a.result.durationMs,
    mode: a.mode,
  };
}

async function attemptDto(sql: Sql, a: StoredAttempt): Promise<PracticeAttempt> {
  return {
    ...(await summaryOf(sql, a)),
    callId: a.callId,
    endedAt: a.endedAt,
    recordedAt: a.recordedAt,
    result: a.result,
    eventsDelivered: await practiceEventCount(sql, a.callId),
    eventsTotal: a.eventsTotal,
    voice: a.voice,
    hasAudio: a.hasAudio,
  };
}

/** Scores and keeps one attempt; a repeat of the same request returns the stored attempt (`created` false). */
export async function submitAttempt(ctx: AppContext, user: UserRecord, body: PracticeAttemptRequest): Promise<{ created: boolean; attempt: PracticeAttempt }> {
  await ensureBuiltinScenarios(ctx);
  const requestSha256 = sha256Hex(canonicalJson(body));
  if (Date.parse(body.endedAt) < Date.parse(body.startedAt)) {
    throw new ApiError('validation', 'endedAt is before startedAt', { errors: [fieldError('body', '/endedAt', 'before startedAt')] });
  }
  body.events.forEach((e, i) => {
    if (e.callId !== body.callId) throw new ApiError('evidence-mismatch', `event ${i} belongs to another call`, { errors: [fieldError('body', `/events/${i}/callId`, `must be ${body.callId}`)] });
    if (e.agentId !== user.id) throw new ApiError('forbidden', 'an attempt holds your own events only', { errors: [fieldError('body', `/events/${i}/agentId`, 'is not you')] });
  });
  // A voice practice call: the line's observations (once its end is written) replace the desk's clock.
  const voice = await voiceFactsForAttempt(ctx, user.id, body.callId);
  return ctx.store.db.tx(async (sql) => {
    const before = (await attemptById(sql, body.attemptId)) ?? (await attemptByCall(sql, body.callId));
    if (before) {
      if (before.requestSha256 !== requestSha256 || before.id !== body.attemptId) {
        throw new ApiError('idempotency-conflict', `attempt ${before.id} (call ${before.callId}) was recorded before with a different body`, {
          errors: [fieldError('body', before.id === body.attemptId ? '/attemptId' : '/callId', 'already used')],
        });
      }
      return { created: false, attempt: await attemptDto(sql, before) };
    }
    const scenario = await scenarioRevision(sql, body.scenarioId, body.scenarioRevision);
    if (!scenario) {
      throw new ApiError('unknown-reference', `no practice scenario ${body.scenarioId} at revision ${body.scenarioRevision}`, {
        errors: [fieldError('body', '/scenarioRevision', 'unknown scenario revision')],
      });
    }
    const script = practiceScript(scenario.campaign.script.id, scenario.campaign.script.version);
    if (!script) throw new ApiError('unknown-reference', `script ${scenario.campaign.script.id}@${scenario.campaign.script.version} is not installed on the server`);
    if (voice.voice && !voice.facts) throw new ApiError('invalid-state', `the voice practice call ${body.callId} was not answered, or is still on the practice line`);
    const setupAt = voice.setupAt ?? body.startedAt;
    const setup = practiceSetup(scenario, { locale: body.locale, callId: body.callId, agentId: user.id, agentName: user.displayName, startedAt: new Date(setupAt) });
    let result;
    try {
      result = scoreAttempt({ scenario, script, setup, events: body.events, startedAt: body.startedAt, endedAt: body.endedAt, voice: voice.facts ?? undefined });
    } catch (err) {
      if (err instanceof PracticeReplayError) {
        throw new ApiError('evidence-mismatch', `the events are not what the script engine records: ${err.message}`, {
          errors: [fieldError('body', eventPointer(err.path), err.message)],
        });
      }
      throw err;
    }
    const row: Omit<AttemptRow, 'traineeName'> = {
      id: body.attemptId,
      traineeId: user.id,
      scenarioId: body.scenarioId,
      scenarioRevision: body.scenarioRevision,
      callId: body.callId,
      locale: body.locale,
      startedAt: new Date(voice.facts?.answeredAt ?? body.startedAt).toISOString(),
      endedAt: new Date(voice.facts?.endedAt ?? body.endedAt).toISOString(),
      recordedAt: ctx.clock().toISOString(),
      score: result.score,
      passed: result.passed,
      outcome: result.outcome,
      result,
      eventsTotal: body.events.length,
      requestSha256,
    };
    await insertAttempt(sql, row);
    const stored = await attemptById(sql, row.id);
    if (!stored) throw new Error('attempt vanished after insert');
    return { created: true, attempt: await attemptDto(sql, stored) };
  });
}

/** Agents see their own attempts only; trainers and admins anyone's. */
export function traineeScope(user: UserRecord, trainee: string | undefined): string | undefined {
  if (user.role === 'agent') {
    if (trainee !== undefined && trainee !== user.id) throw new ApiError('forbidden', 'agents see their own practice only');
    return user.id;
  }
  return trainee;
}

export async function getAttempt(ctx: AppContext, user: UserRecord, id: string): Promise<PracticeAttempt> {
  const a = await attemptById(ctx.store.db, id);
  if (!a || (user.role === 'agent' && a.traineeId !== user.id)) throw new ApiError('not-found', `no practice attempt ${id}`);
  return attemptDto(ctx.store.db, a);
}

export async function listAttemptSummaries(
  ctx: AppContext,
  user: UserRecord,
  q: { trainee?: string | undefined; scenario?: string | undefined; limit: number; before?: { startedAt: string; id: string } | undefined },
): Promise<StoredAttempt[]> {
  return listAttempts(ctx.store.db, { traineeId: traineeScope(user, q.trainee), scenarioId: q.scenario, before: q.before, limit: q.limit });
}

export async function summaries(ctx: AppContext, rows: readonly StoredAttempt[]): Promise<PracticeAttemptSummary[]> {
  const out: PracticeAttemptSummary[] = [];
  for (const r of rows) out.push(await summaryOf(ctx.store.db, r));
  return out;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));

/** Progress over time per trainee: every agent, plus anyone else who practised. */
export async function progress(ctx: AppContext, user: UserRecord, trainee: string | undefined): Promise<TraineeProgress[]> {
  const scope = traineeScope(user, trainee);
  const db = ctx.store.db;
  const attempts = await attemptsForProgress(db, scope);
  const people = new Map<string, string>();
  for (const u of await traineeDirectory(db, scope)) people.set(u.id, u.displayName);
  for (const a of attempts) if (!people.has(a.traineeId)) people.set(a.traineeId, a.traineeName);
  if (scope !== undefined && people.size === 0) throw new ApiError('not-found', `no user ${scope}`);
  return [...people].map(([traineeId, displayName]) => {
    const mine = attempts.filter((a) => a.traineeId === traineeId);
    const scores = mine.map((a) => a.score);
    const failures = new Map<CheckId, number>();
    for (const a of mine) {
      for (const c of [...a.result.steps.flatMap((s) => s.checks), ...a.result.callChecks]) if (!c.passed) failures.set(c.id, (failures.get(c.id) ?? 0) + 1);
    }
    // The first and the last attempts compared, up to three each, never overlapping.
    const k = Math.min(3, Math.floor(scores.length / 2));
    const first = mean(scores.slice(0, k));
    const last = mean(scores.slice(scores.length - k));
    return {
      traineeId,
      displayName,
      attempts: mine.length,
      passedAttempts: mine.filter((a) => a.passed).length,
      averageScore: mean(scores),
      trend: mine.length >= 2 && first !== null && last !== null ? last - first : null,
      lastAt: mine.at(-1)?.startedAt ?? null,
      scenariosPassed: [...new Set(mine.filter((a) => a.passed).map((a) => a.scenarioId))].sort(),
      series: mine.slice(-100).map((a) => ({ at: a.startedAt, attemptId: a.id, scenarioId: a.scenarioId, score: a.score, passed: a.passed })),
      weakest: [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([check, n]) => ({ check, failures: n })),
    };
  });
}
