import type { CallFlag } from '../../shared/api/calls';
import type { CallOutcome } from '../../shared/domain/consent-event';
import type { CallScope } from './calls';
import type { Dialect, SqlValue } from './sql';

/**
 * SQL pieces of the review queries. Everything is the shared subset of SQLite and PostgreSQL except the
 * few expressions below, which each dialect spells its own way (date arithmetic, JSON arrays).
 */

/** Whole milliseconds from instant text `a` to instant text `b` (ISO-8601 UTC), as an integer expression. */
export function msBetween(d: Dialect, a: string, b: string): string {
  return d === 'sqlite'
    ? `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400000.0) AS INTEGER)`
    : `ROUND(EXTRACT(EPOCH FROM (CAST(${b} AS timestamptz) - CAST(${a} AS timestamptz))) * 1000)`;
}

/**
 * The reasons of a dial attempt (`alias.reasons`, a JSON array of verdict reasons) as a FROM item to
 * put after the attempts table with a comma (`rj`), and the expression of each reason's code.
 */
export function reasonCodes(d: Dialect, alias: string): { from: string; code: string } {
  return d === 'sqlite'
    ? { from: `json_each(${alias}.reasons) rj`, code: `json_extract(rj.value, '$.code')` }
    : { from: `jsonb_array_elements(CAST(${alias}.reasons AS jsonb)) AS rj(value)`, code: `(rj.value ->> 'code')` };
}

/** The columns behind the call flags (0/1). */
import { FLAG_COLUMNS } from './calls';

export { FLAG_COLUMNS };

/** A WHERE clause and its parameters. */
export interface Where {
  readonly clause: string;
  readonly params: SqlValue[];
}

/** What the review filters a call list by (instants already normalised to `toISOString()`). */
export interface CallFilter {
  readonly team?: string | undefined;
  readonly agent?: string | undefined;
  readonly campaign?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly outcome?: CallOutcome | undefined;
  readonly flag?: CallFlag | undefined;
  /** Lead id or its beginning. */
  readonly lead?: string | undefined;
}

/** The WHERE of calls (alias `c`) in `scope` matching `f`. Always a clause (`1 = 1` when nothing narrows). */
export function callWhere(f: CallFilter, scope: CallScope, alias = 'c'): Where {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const eq = (col: string, v: string | undefined): void => {
    if (v === undefined) return;
    parts.push(`${alias}.${col} = ?`);
    params.push(v);
  };
  eq('team_id', scope.teamId);
  eq('agent_id', scope.agentId);
  eq('team_id', f.team);
  eq('agent_id', f.agent);
  eq('campaign_id', f.campaign);
  eq('outcome', f.outcome);
  if (f.from !== undefined) {
    parts.push(`${alias}.started_at >= ?`);
    params.push(f.from);
  }
  if (f.to !== undefined) {
    parts.push(`${alias}.started_at < ?`);
    params.push(f.to);
  }
  if (f.flag !== undefined) parts.push(`${alias}.${FLAG_COLUMNS[f.flag]} = 1`);
  if (f.lead !== undefined) {
    // substr, not LIKE: the same (case-sensitive, no wildcard) meaning in both databases.
    parts.push(`substr(${alias}.lead_id, 1, ${Math.trunc(f.lead.length)}) = ?`);
    params.push(f.lead);
  }
  return { clause: parts.length > 0 ? parts.join(' AND ') : '1 = 1', params };
}

/** Number of a SUM/COUNT column (NULL on no rows; BIGINT/NUMERIC arrive as numbers or strings). */
export function num(v: SqlValue | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}
