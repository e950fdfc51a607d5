import type { CallFlag } from '../../shared/api/calls';
import type { CallOutcome } from '../../shared/domain/consent-event';
import { accessWhere, and, type AccessScope, type Where } from './access-filter';
import { FLAG_COLUMNS } from './call-flags';
import type { SqlValue } from './sql';

/** What a call list is filtered by (instants already normalised to `toISOString()`). */
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
  /** Exactly this lead. */
  readonly leadId?: string | undefined;
}

/**
 * The WHERE of calls (alias `c`) in `scope` matching `f`: the access filter AND the filter fields.
 * The one builder of call-list conditions (the desk's `GET /v1/calls`, the review table, its count and
 * its export all use it).
 */
export function callWhere(f: CallFilter, scope: AccessScope, alias = 'c'): Where {
  const parts: Where[] = [accessWhere(scope, 'call', alias)];
  const eq = (col: string, v: string | undefined): void => {
    if (v !== undefined) parts.push({ clause: `${alias}.${col} = ?`, params: [v] });
  };
  eq('team_id', f.team);
  eq('agent_id', f.agent);
  eq('campaign_id', f.campaign);
  eq('outcome', f.outcome);
  eq('lead_id', f.leadId);
  if (f.from !== undefined) parts.push({ clause: `${alias}.started_at >= ?`, params: [f.from] });
  if (f.to !== undefined) parts.push({ clause: `${alias}.started_at < ?`, params: [f.to] });
  if (f.flag !== undefined) parts.push({ clause: `${alias}.${FLAG_COLUMNS[f.flag]} = 1`, params: [] });
  if (f.lead !== undefined) {
    // substr, not LIKE: the same (case-sensitive, no wildcard) meaning in both databases.
    parts.push({ clause: `substr(${alias}.lead_id, 1, ${Math.trunc(f.lead.length)}) = ?`, params: [f.lead] });
  }
  return and(...parts);
}

/** Number of a SUM/COUNT column (NULL on no rows; BIGINT/NUMERIC arrive as numbers or strings). */
export function num(v: SqlValue | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}
