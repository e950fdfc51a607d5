import type { Kpi, ReviewKpisQuery, ReviewKpisResponse } from '../../../shared/api/review-kpis';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import { teamsByIds, usersByIds } from '../../store/review-directory';
import { addSums, kpiCells, ZERO_SUMS, type KpiCell, type KpiSums } from '../../store/review-kpis';
import { reviewAccess } from '../access-scope';
import { dayBuckets, periodParts, resolvePeriod } from './period';

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The API figures from the database sums: rates over what was asked, average over consents timed. */
export function toKpi(s: KpiSums): Kpi {
  return {
    calls: s.calls,
    contacts: s.contacts,
    timeAsked: s.timeAsked,
    timeYes: s.timeYes,
    timeYesRate: rate(s.timeYes, s.timeAsked),
    consentAsked: s.consentAsked,
    consentYes: s.consentYes,
    consentRate: rate(s.consentYes, s.consentAsked),
    pitchReached: s.pitchReached,
    sales: s.sales,
    optOuts: s.optOuts,
    refusals: s.refusals,
    // A desk clock behind the server's can put the consent "before" the answer: never report a negative wait.
    avgSecondsToConsent: s.consentTimed > 0 ? Math.max(0, Math.round((s.consentSeconds / s.consentTimed) * 10) / 10) : null,
    lateEvents: s.lateEvents,
    lateCalls: s.lateCalls,
  };
}

function rollUp<K>(cells: readonly KpiCell[], keyOf: (c: KpiCell) => K): Map<K, KpiSums> {
  const out = new Map<K, KpiSums>();
  for (const c of cells) out.set(keyOf(c), addSums(out.get(keyOf(c)) ?? ZERO_SUMS, c.sums));
  return out;
}

/**
 * KPIs of the calls started in the period, in total, per team, per agent and per local day of `tz`
 * (the center's zone unless asked otherwise). The review rollups give the sums per (day, agent, team)
 * cell for whole center days; the totals and the three breakdowns are sums of those few cells.
 */
export async function reviewKpis(ctx: AppContext, user: UserRecord, q: ReviewKpisQuery): Promise<ReviewKpisResponse> {
  const scope = reviewAccess(user, q);
  const period = resolvePeriod(q, ctx.clock(), q.tz ?? ctx.config.centerTimeZone);
  const db = ctx.store.db;
  const days = dayBuckets(period);
  const cells = await kpiCells(db, { team: q.team, agent: q.agent, campaign: q.campaign }, scope, periodParts(period, ctx.config.centerTimeZone));
  const teams = rollUp(cells, (c) => c.teamId);
  const agents = rollUp(cells, (c) => c.agentId);
  const byDay = rollUp(cells, (c) => c.day);
  const people = await usersByIds(db, [...agents.keys()]);
  const teamNames = await teamsByIds(db, [...teams.keys()].filter((k) => k !== ''));
  return {
    period,
    lateEventSec: ctx.config.lateEventSec,
    totals: toKpi(cells.reduce((sum, c) => addSums(sum, c.sums), ZERO_SUMS)),
    byTeam: [...teams.entries()]
      .map(([id, s]) => ({ teamId: id === '' ? null : id, teamName: id === '' ? null : (teamNames.get(id) ?? null), ...toKpi(s) }))
      .sort((a, b) => b.calls - a.calls || String(a.teamId).localeCompare(String(b.teamId))),
    byAgent: [...agents.entries()]
      .map(([id, s]) => ({ agentId: id, agentName: people.get(id)?.name ?? id, teamId: people.get(id)?.teamId ?? null, ...toKpi(s) }))
      .sort((a, b) => b.calls - a.calls || a.agentId.localeCompare(b.agentId)),
    byDay: days.map((d) => ({ day: d.day, ...toKpi(byDay.get(d.day) ?? ZERO_SUMS) })),
  };
}
