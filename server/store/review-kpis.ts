import type { CallScope } from './calls';
import { callWhere, msBetween, num, type CallFilter } from './review-sql';
import type { Dialect, Row, Sql } from './sql';

/** The sums the database returns per group; rates and averages are derived from them. */
export interface KpiSums {
  readonly calls: number;
  readonly contacts: number;
  readonly timeAsked: number;
  readonly timeYes: number;
  readonly consentAsked: number;
  readonly consentYes: number;
  readonly pitchReached: number;
  readonly sales: number;
  readonly optOuts: number;
  readonly refusals: number;
  /** Sum of seconds from answer (or dial) to consent, over `consentTimed` calls. */
  readonly consentSeconds: number;
  readonly consentTimed: number;
  readonly lateCalls: number;
  readonly lateEvents: number;
}

export const ZERO_SUMS: KpiSums = {
  calls: 0, contacts: 0, timeAsked: 0, timeYes: 0, consentAsked: 0, consentYes: 0, pitchReached: 0, sales: 0,
  optOuts: 0, refusals: 0, consentSeconds: 0, consentTimed: 0, lateCalls: 0, lateEvents: 0,
};

/** A local day bucket: rows of calls started in [start, end) count for `day`. */
export interface DayRange {
  readonly day: string;
  readonly start: string;
  readonly end: string;
}

function sumColumns(d: Dialect): string {
  const toConsent = msBetween(d, 'COALESCE(c.answered_at, c.started_at)', 'c.consent_at');
  return `COUNT(*) AS calls,
    SUM(CASE WHEN c.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS contacts,
    SUM(c.time_asked) AS time_asked,
    SUM(c.time_yes) AS time_yes,
    SUM(CASE WHEN c.consent_yes = 1 OR c.flag_consent_refused = 1 THEN 1 ELSE 0 END) AS consent_asked,
    SUM(c.consent_yes) AS consent_yes,
    SUM(c.pitch_reached) AS pitch_reached,
    SUM(CASE WHEN c.outcome = 'sale' THEN 1 ELSE 0 END) AS sales,
    SUM(c.flag_opt_out) AS opt_outs,
    SUM(c.refused) AS refusals,
    SUM(CASE WHEN c.consent_at IS NOT NULL THEN ${toConsent} ELSE 0 END) AS consent_ms,
    SUM(CASE WHEN c.consent_at IS NOT NULL THEN 1 ELSE 0 END) AS consent_timed,
    SUM(c.flag_late_events) AS late_calls`;
}

/** KPI sums of one (local day, agent, team) cell. */
export interface KpiCell {
  readonly day: string;
  readonly agentId: string;
  /** The team the call was made for ('' when none). */
  readonly teamId: string;
  readonly sums: KpiSums;
}

/**
 * KPI sums of the calls in `scope` matching `f`, grouped by (local day, agent, team) in the database:
 * one pass over the period's calls (the days are a VALUES list joined by range, so each day is an
 * index range scan and DST days are exact), plus one over the events of calls flagged `late_events`
 * (the ingest sets that flag with the same limit). Totals, teams, agents and days are sums of cells.
 */
export async function kpiCells(sql: Sql, f: CallFilter, scope: CallScope, opts: { lateEventMs: number; days: readonly DayRange[] }): Promise<KpiCell[]> {
  if (opts.days.length === 0) return [];
  const values = opts.days.map(() => '(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))').join(', ');
  const from = `(VALUES ${values}) AS d JOIN calls c ON c.started_at >= d.column2 AND c.started_at < d.column3`;
  const dayParams = opts.days.flatMap((b) => [b.day, b.start, b.end]);
  const where = callWhere(f, scope);
  const keys = "d.column1 AS day, c.agent_id AS agent, COALESCE(c.team_id, '') AS team";
  const groupBy = "GROUP BY d.column1, c.agent_id, COALESCE(c.team_id, '')";
  const rows = await sql.all(`SELECT ${keys}, ${sumColumns(sql.dialect)} FROM ${from} WHERE ${where.clause} ${groupBy}`, [...dayParams, ...where.params]);
  const late = await sql.all(
    `SELECT ${keys}, COUNT(*) AS n FROM ${from} JOIN consent_events e ON e.call_id = c.id
      WHERE ${where.clause} AND c.flag_late_events = 1 AND ${msBetween(sql.dialect, 'e.occurred_at', 'e.received_at')} > ? ${groupBy}`,
    [...dayParams, ...where.params, opts.lateEventMs],
  );
  const key = (r: Row): string => `${String(r['day'])}\u0000${String(r['agent'])}\u0000${String(r['team'])}`;
  const lateBy = new Map(late.map((r) => [key(r), num(r['n'])]));
  return rows.map((r) => ({ day: String(r['day']), agentId: String(r['agent']), teamId: String(r['team']), sums: toSums(r, lateBy.get(key(r)) ?? 0) }));
}

/** a + b, field by field. */
export function addSums(a: KpiSums, b: KpiSums): KpiSums {
  const out: Record<string, number> = {};
  for (const k of Object.keys(a) as (keyof KpiSums)[]) out[k] = a[k] + b[k];
  return out as unknown as KpiSums;
}

function toSums(r: Row, lateEvents: number): KpiSums {
  return {
    calls: num(r['calls']),
    contacts: num(r['contacts']),
    timeAsked: num(r['time_asked']),
    timeYes: num(r['time_yes']),
    consentAsked: num(r['consent_asked']),
    consentYes: num(r['consent_yes']),
    pitchReached: num(r['pitch_reached']),
    sales: num(r['sales']),
    optOuts: num(r['opt_outs']),
    refusals: num(r['refusals']),
    consentSeconds: num(r['consent_ms']) / 1000,
    consentTimed: num(r['consent_timed']),
    lateCalls: num(r['late_calls']),
    lateEvents,
  };
}
