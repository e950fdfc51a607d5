import type { AccessScope } from './access-filter';
import { rollupCells, type PeriodParts, type RollupCell, type RollupFilter } from './review-rollup';
import { outcomeColumn } from './review-rollup-schema';
import type { Sql } from './sql';

/** The sums the KPIs are derived from; rates and averages are computed from them. */
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

/** Which rollup counter each KPI sum is (consent time in ms there, seconds here). */
const FROM_COUNTER: Readonly<Record<keyof KpiSums, string>> = {
  calls: 'calls',
  contacts: 'contacts',
  timeAsked: 'time_asked',
  timeYes: 'time_yes',
  consentAsked: 'consent_asked',
  consentYes: 'consent_yes',
  pitchReached: 'pitch_reached',
  sales: outcomeColumn('sale'),
  optOuts: 'flag_opt_out',
  refusals: 'refusals',
  consentSeconds: 'consent_ms',
  consentTimed: 'consent_timed',
  lateCalls: 'flag_late_events',
  lateEvents: 'late_events',
};

/** KPI sums of one (local day, agent, team) cell. */
export interface KpiCell {
  readonly day: string;
  readonly agentId: string;
  /** The team the call was made for ('' when none). */
  readonly teamId: string;
  readonly sums: KpiSums;
}

function toSums(c: RollupCell): KpiSums {
  const out: Record<string, number> = {};
  for (const [k, col] of Object.entries(FROM_COUNTER)) out[k] = c.sums[col] ?? 0;
  out['consentSeconds'] = (out['consentSeconds'] ?? 0) / 1000;
  return out as unknown as KpiSums;
}

/**
 * KPI sums of the calls in `scope` matching `f`, per (center-local day, agent, team), from the review
 * rollups (whole days) and the calls of the period's clipped edge days. Totals, teams, agents and days
 * are sums of these cells.
 */
export async function kpiCells(sql: Sql, f: RollupFilter, scope: AccessScope, parts: PeriodParts): Promise<KpiCell[]> {
  const cells = await rollupCells(sql, f, scope, parts, [...new Set(Object.values(FROM_COUNTER))]);
  return cells.map((c) => ({ day: c.day, agentId: c.agentId, teamId: c.teamId, sums: toSums(c) }));
}

/** a + b, field by field. */
export function addSums(a: KpiSums, b: KpiSums): KpiSums {
  const out: Record<string, number> = {};
  for (const k of Object.keys(a) as (keyof KpiSums)[]) out[k] = a[k] + b[k];
  return out as unknown as KpiSums;
}
