import type { CallDto } from '../../shared/api/calls';
import type { ReviewSort } from '../../shared/api/review-filter';
import { and, type AccessScope, type Where } from './access-filter';
import { FLAG_COLUMNS } from './call-flags';
import { callDtoFromRow } from './calls';
import { rollupCells, type PeriodParts } from './review-rollup';
import { outcomeColumn } from './review-rollup-schema';
import { callWhere, num, type CallFilter } from './review-sql';
import { text, textOrNull } from './rows';
import type { Row, Sql, SqlValue } from './sql';

/** A call of the review table, with what the server alone may see (the E.164 number, masked by the caller). */
export interface ReviewCallRecord extends CallDto {
  readonly agentName: string;
  readonly leadName: string | null;
  readonly phoneE164: string | null;
  readonly calleeTimeZone: string | null;
}

/**
 * Where a page ended. Time and duration orders are keyset-paged on (key, id); the agent order walks the
 * agents by name and, within each, the calls newest first, so its cursor also names the agent.
 */
export type ReviewCursor =
  | { readonly sort: ReviewSort; readonly key: string | number; readonly id: string }
  | { readonly sort: 'agent' | '-agent'; readonly agentName: string; readonly agentId: string; readonly startedAt: string; readonly id: string };

/**
 * The SQL of each key-ordered sort field; NULLs become a value below every real one so keyset paging
 * stays exact. Each expression is the key of an index (migration 20: per team and overall), so a page
 * is an index range read in order; an edit here needs a migration with the new index.
 */
const SORT_KEYS: Record<string, { expr: string; numeric: boolean }> = {
  startedAt: { expr: 'c.started_at', numeric: false },
  durationSec: { expr: 'COALESCE(c.duration_sec, -1)', numeric: true },
  outcome: { expr: "COALESCE(c.outcome, '')", numeric: false },
};

export function sortField(sort: ReviewSort): { field: string; desc: boolean } {
  const desc = sort.startsWith('-');
  return { field: desc ? sort.slice(1) : sort, desc };
}

function toRecord(r: Row): ReviewCallRecord {
  return {
    ...callDtoFromRow(r),
    agentName: text(r, 'agent_name'),
    leadName: textOrNull(r, 'lead_name'),
    phoneE164: textOrNull(r, 'lead_phone'),
    calleeTimeZone: textOrNull(r, 'lead_tz'),
  };
}

const SELECT = `SELECT c.id, c.attempt_id, c.lead_id, c.campaign_id, c.agent_id, c.team_id, c.sip_call_id, c.state, c.started_at,
    c.answered_at, c.ended_at, c.duration_sec, c.outcome, c.callback_at, c.event_count, c.dead_air_ms,
    ${Object.values(FLAG_COLUMNS).map((col) => `c.${col}`).join(', ')},
    u.display_name AS agent_name, l.name AS lead_name, l.phone_e164 AS lead_phone, l.time_zone AS lead_tz
  FROM calls c JOIN users u ON u.id = c.agent_id LEFT JOIN leads l ON l.id = c.lead_id`;

/**
 * One page (`limit` + 1 rows, to tell whether more follow) of the review table. Every order reads an
 * index range: time orders the (scope, started_at) indexes, the agent order one agent's
 * (agent_id, started_at) range after another, in name order.
 */
export async function reviewCallPage(
  sql: Sql,
  f: CallFilter,
  scope: AccessScope,
  opts: { sort: ReviewSort; after?: ReviewCursor | undefined; limit: number; agents?: () => Promise<readonly { id: string; name: string }[]> },
): Promise<ReviewCallRecord[]> {
  const { field, desc } = sortField(opts.sort);
  if (field === 'agent') return agentOrderedPage(sql, f, scope, { ...opts, desc });
  const k = SORT_KEYS[field];
  if (!k) throw new Error(`unknown sort ${opts.sort}`);
  const parts: Where[] = [callWhere(f, scope)];
  const after = opts.after;
  if (after && 'key' in after) {
    const op = desc ? '<' : '>';
    // The leading `key <=/>= ?` makes the range sargable: PostgreSQL does not turn the OR alone into an
    // index range, and re-read every earlier row at each page (quadratic over a whole-range export).
    parts.push({ clause: `${k.expr} ${op}= ? AND (${k.expr} ${op} ? OR (${k.expr} = ? AND c.id ${op} ?))`, params: [after.key, after.key, after.key, after.id] });
  }
  const w = and(...parts);
  const dir = desc ? 'DESC' : 'ASC';
  const rows = await sql.all(`${SELECT} WHERE ${w.clause} ORDER BY ${k.expr} ${dir}, c.id ${dir} LIMIT ${Math.trunc(opts.limit) + 1}`, w.params);
  return rows.map(toRecord);
}

/** Agents by name (then id), each agent's calls newest first; `agents` lists who may have calls here. */
async function agentOrderedPage(
  sql: Sql,
  f: CallFilter,
  scope: AccessScope,
  opts: { after?: ReviewCursor | undefined; limit: number; desc: boolean; agents?: () => Promise<readonly { id: string; name: string }[]> },
): Promise<ReviewCallRecord[]> {
  const listed = opts.agents ? await opts.agents() : [];
  const byName = [...listed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (opts.desc) byName.reverse();
  const after = opts.after && 'agentId' in opts.after ? opts.after : undefined;
  let start = 0;
  if (after) {
    const cmp = (a: { id: string; name: string }): number =>
      a.name < after.agentName ? -1 : a.name > after.agentName ? 1 : a.id < after.agentId ? -1 : a.id > after.agentId ? 1 : 0;
    start = byName.findIndex((a) => (opts.desc ? cmp(a) <= 0 : cmp(a) >= 0));
    if (start < 0) return [];
  }
  const want = Math.trunc(opts.limit) + 1;
  const out: ReviewCallRecord[] = [];
  for (let i = start; i < byName.length && out.length < want; i++) {
    const agent = byName[i];
    if (!agent) continue;
    if (f.agent !== undefined && f.agent !== agent.id) continue;
    const parts: Where[] = [callWhere({ ...f, agent: agent.id }, scope)];
    if (after && after.agentId === agent.id) {
      parts.push({ clause: 'c.started_at <= ? AND (c.started_at < ? OR (c.started_at = ? AND c.id < ?))', params: [after.startedAt, after.startedAt, after.startedAt, after.id] });
    }
    const w = and(...parts);
    const rows = await sql.all(`${SELECT} WHERE ${w.clause} ORDER BY c.started_at DESC, c.id DESC LIMIT ${want - out.length}`, w.params);
    out.push(...rows.map(toRecord));
  }
  return out;
}

/** The cursor that continues after `row` in `sort` order. */
export function cursorAfter(sort: ReviewSort, row: ReviewCallRecord): ReviewCursor {
  const { field } = sortField(sort);
  if (field === 'agent') return { sort: sort as 'agent' | '-agent', agentName: row.agentName, agentId: row.agentId, startedAt: row.startedAt, id: row.id };
  const key = field === 'durationSec' ? (row.durationSec ?? -1) : field === 'outcome' ? (row.outcome ?? '') : row.startedAt;
  return { sort, key, id: row.id };
}

/** Agents (id, name) who made calls in `scope` on the whole days `parts` touch: the groups of the agent order. */
export async function agentsWithCalls(sql: Sql, f: CallFilter, scope: AccessScope, days: { first: string; last: string }): Promise<{ id: string; name: string }[]> {
  const cells = await rollupCells(sql, { team: f.team, agent: f.agent, campaign: f.campaign }, scope, { wholeDays: days, partial: [] }, ['calls']);
  const ids = [...new Set(cells.filter((c) => (c.sums['calls'] ?? 0) > 0).map((c) => c.agentId))];
  if (ids.length === 0) return [];
  const rows = await sql.all(`SELECT id, display_name FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return rows.map((r) => ({ id: text(r, 'id'), name: text(r, 'display_name') }));
}

/**
 * How many calls in `scope` match `f`, when the rollups count it (a period, no lead, at most one of
 * outcome and flag): whole days, whole hours, and only the minutes left of an hour from calls. Null
 * when they do not (what an export then starts without: it never counts calls before its first byte).
 */
export async function rollupCallCount(sql: Sql, f: CallFilter, scope: AccessScope, parts: PeriodParts | null): Promise<number | null> {
  const counter = f.outcome !== undefined ? (f.flag === undefined ? outcomeColumn(f.outcome) : null) : f.flag !== undefined ? FLAG_COLUMNS[f.flag] : 'calls';
  if (!parts || !counter || f.lead !== undefined || f.leadId !== undefined) return null;
  const cells = await rollupCells(sql, { team: f.team, agent: f.agent, campaign: f.campaign }, scope, parts, [counter]);
  return cells.reduce((n, c) => n + (c.sums[counter] ?? 0), 0);
}

/** How many calls in `scope` match `f`: from the rollups when they count it, else counted in calls. */
export async function countReviewCalls(sql: Sql, f: CallFilter, scope: AccessScope, parts: PeriodParts | null): Promise<number> {
  const fromRollups = await rollupCallCount(sql, f, scope, parts);
  if (fromRollups !== null) return fromRollups;
  const where = callWhere(f, scope);
  return num((await sql.get(`SELECT COUNT(*) AS n FROM calls c WHERE ${where.clause}`, where.params))?.['n']);
}

/** One call of the review table by id, if `scope` may see it. */
export async function reviewCallById(sql: Sql, id: string, scope: AccessScope): Promise<ReviewCallRecord | undefined> {
  const w = and({ clause: 'c.id = ?', params: [id] as SqlValue[] }, callWhere({}, scope));
  const r = await sql.get(`${SELECT} WHERE ${w.clause}`, w.params);
  return r ? toRecord(r) : undefined;
}
