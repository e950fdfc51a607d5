import type { CallDto } from '../../shared/api/calls';
import type { ReviewSort } from '../../shared/api/review-filter';
import { callDtoFromRow, type CallScope } from './calls';
import { callWhere, num, type CallFilter } from './review-sql';
import { text, textOrNull } from './rows';
import type { Row, Sql, SqlValue } from './sql';

/** A call of the review table, with what the server alone may see (the E.164 number, masked by the caller). */
export interface ReviewCallRecord extends CallDto {
  readonly agentName: string;
  readonly phoneE164: string | null;
  readonly calleeTimeZone: string | null;
}

/** Where a page ended: the sort key's value and the call id of its last row. */
export interface ReviewCursor {
  readonly sort: ReviewSort;
  readonly key: string | number;
  readonly id: string;
}

/** The SQL of each sort field; NULLs become a value below every real one so keyset paging stays exact. */
const SORT_KEYS: Record<string, { expr: string; numeric: boolean }> = {
  startedAt: { expr: 'c.started_at', numeric: false },
  durationSec: { expr: 'COALESCE(c.duration_sec, -1)', numeric: true },
  agent: { expr: 'u.display_name', numeric: false },
  outcome: { expr: "COALESCE(c.outcome, '')", numeric: false },
};

export function sortKey(sort: ReviewSort): { field: string; desc: boolean; expr: string; numeric: boolean } {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const k = SORT_KEYS[field];
  if (!k) throw new Error(`unknown sort ${sort}`);
  return { field, desc, ...k };
}

function toRecord(r: Row): ReviewCallRecord {
  return {
    ...callDtoFromRow(r),
    agentName: text(r, 'agent_name'),
    phoneE164: textOrNull(r, 'lead_phone'),
    calleeTimeZone: textOrNull(r, 'lead_tz'),
  };
}

const SELECT = `SELECT c.id, c.attempt_id, c.lead_id, c.campaign_id, c.agent_id, c.team_id, c.sip_call_id, c.state, c.started_at,
    c.answered_at, c.ended_at, c.duration_sec, c.outcome, c.callback_at, c.event_count,
    c.flag_opt_out, c.flag_late_events, c.flag_pitch_without_consent, c.flag_consent_refused,
    u.display_name AS agent_name, l.phone_e164 AS lead_phone, l.time_zone AS lead_tz
  FROM calls c JOIN users u ON u.id = c.agent_id LEFT JOIN leads l ON l.id = c.lead_id`;

/** One page (`limit` + 1 rows, to tell whether more follow) of the review table, keyset-paged on (sort key, id). */
export async function reviewCallPage(
  sql: Sql,
  f: CallFilter,
  scope: CallScope,
  opts: { sort: ReviewSort; after?: ReviewCursor | undefined; limit: number },
): Promise<ReviewCallRecord[]> {
  const k = sortKey(opts.sort);
  const where = callWhere(f, scope);
  const clauses = [where.clause];
  const params: SqlValue[] = [...where.params];
  if (opts.after) {
    const op = k.desc ? '<' : '>';
    clauses.push(`(${k.expr} ${op} ? OR (${k.expr} = ? AND c.id ${op} ?))`);
    params.push(opts.after.key, opts.after.key, opts.after.id);
  }
  const dir = k.desc ? 'DESC' : 'ASC';
  const rows = await sql.all(`${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY ${k.expr} ${dir}, c.id ${dir} LIMIT ${Math.trunc(opts.limit) + 1}`, params);
  return rows.map(toRecord);
}

/** The cursor that continues after `row` in `sort` order. */
export function cursorAfter(sort: ReviewSort, row: ReviewCallRecord): ReviewCursor {
  const { field } = sortKey(sort);
  const key =
    field === 'durationSec' ? (row.durationSec ?? -1) : field === 'agent' ? row.agentName : field === 'outcome' ? (row.outcome ?? '') : row.startedAt;
  return { sort, key, id: row.id };
}

/** How many calls in `scope` match `f`. */
export async function countReviewCalls(sql: Sql, f: CallFilter, scope: CallScope): Promise<number> {
  const where = callWhere(f, scope);
  return num((await sql.get(`SELECT COUNT(*) AS n FROM calls c WHERE ${where.clause}`, where.params))?.['n']);
}

/** One call of the review table by id (scope is checked by the caller). */
export async function reviewCallById(sql: Sql, id: string): Promise<ReviewCallRecord | undefined> {
  const r = await sql.get(`${SELECT} WHERE c.id = ?`, [id]);
  return r ? toRecord(r) : undefined;
}
