import type { QaKpi, QaKpisQuery, QaKpisResponse } from '../../../shared/api/qa';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import { autoFailCounts, qaSums, type QaSums } from '../../store/qa-evaluations';
import { teamsByIds, usersByIds } from '../../store/review-directory';
import { resolvePeriod } from '../review/period';
import { reviewAccess } from '../access-scope';

type Sums = Omit<QaSums, 'agentId' | 'teamId'>;
const ZERO: Sums = { evaluations: 0, scoreBpSum: 0, passed: 0, autoFailed: 0 };
const add = (a: Sums, b: Sums): Sums => ({ evaluations: a.evaluations + b.evaluations, scoreBpSum: a.scoreBpSum + b.scoreBpSum, passed: a.passed + b.passed, autoFailed: a.autoFailed + b.autoFailed });

function toKpi(s: Sums): QaKpi {
  const n = s.evaluations;
  return {
    evaluations: n,
    avgPercent: n > 0 ? Math.round(s.scoreBpSum / n) / 100 : null,
    passed: s.passed,
    passRate: n > 0 ? s.passed / n : null,
    autoFailed: s.autoFailed,
  };
}

function rollUp(rows: readonly QaSums[], keyOf: (r: QaSums) => string): Map<string, Sums> {
  const out = new Map<string, Sums>();
  for (const r of rows) out.set(keyOf(r), add(out.get(keyOf(r)) ?? ZERO, r));
  return out;
}

/** QA KPIs of the evaluations of calls started in the period, per agent and team (a lead: their team). */
export async function qaKpis(ctx: AppContext, user: UserRecord, q: QaKpisQuery): Promise<QaKpisResponse> {
  const scope = reviewAccess(user, q);
  const period = resolvePeriod(q, ctx.clock());
  const db = ctx.store.db;
  const filter = { team: q.team, agent: q.agent, from: period.from, to: period.to };
  const rows = await qaSums(db, scope, filter);
  const agents = rollUp(rows, (r) => r.agentId);
  const teams = rollUp(rows, (r) => r.teamId);
  const people = await usersByIds(db, [...agents.keys()]);
  const teamNames = await teamsByIds(db, [...teams.keys()].filter((k) => k !== ''));
  return {
    period,
    totals: toKpi(rows.reduce<Sums>((s, r) => add(s, r), ZERO)),
    byTeam: [...teams.entries()]
      .map(([id, s]) => ({ teamId: id === '' ? null : id, teamName: id === '' ? null : (teamNames.get(id) ?? null), ...toKpi(s) }))
      .sort((a, b) => b.evaluations - a.evaluations || String(a.teamId).localeCompare(String(b.teamId))),
    byAgent: [...agents.entries()]
      .map(([id, s]) => ({ agentId: id, agentName: people.get(id)?.name ?? id, teamId: people.get(id)?.teamId ?? null, ...toKpi(s) }))
      .sort((a, b) => b.evaluations - a.evaluations || a.agentId.localeCompare(b.agentId)),
    autoFailItems: await autoFailCounts(db, scope, filter),
  };
}
