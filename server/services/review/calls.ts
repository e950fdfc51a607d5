import type { ReviewCallRow, ReviewCallsQuery, ReviewCallsResponse } from '../../../shared/api/review-calls';
import { REVIEW_SORTS, type ReviewCallFilter, type ReviewSort } from '../../../shared/api/review-filter';
import { maskNumber } from '../../../shared/domain/phone-number';
import { daysOf } from '../../../shared/domain/zone-days';
import type { AppContext } from '../../context';
import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import type { AccessScope } from '../../store/access-filter';
import { agentsWithCalls, countReviewCalls, cursorAfter, reviewCallPage, sortField, type ReviewCallRecord, type ReviewCursor } from '../../store/review-calls';
import type { CallFilter } from '../../store/review-sql';
import type { Sql } from '../../store/sql';
import { reviewAccess } from '../access-scope';
import { decodeCursor, encodeCursor } from './cursor';
import { periodParts } from './period';

/** The row the desk sees: the E.164 number replaced by its masked form. */
export function toReviewRow(r: ReviewCallRecord): ReviewCallRow {
  const { phoneE164, ...rest } = r;
  return { ...rest, maskedNumber: phoneE164 === null ? null : maskNumber(phoneE164) };
}

/** Filter fields as the store takes them (instants normalised so text order is time order). */
export function storeFilter(f: ReviewCallFilter): CallFilter {
  return {
    team: f.team,
    agent: f.agent,
    campaign: f.campaign,
    outcome: f.outcome,
    flag: f.flag,
    lead: f.lead,
    from: f.from === undefined ? undefined : new Date(f.from).toISOString(),
    to: f.to === undefined ? undefined : new Date(f.to).toISOString(),
  };
}

export function encodeReviewCursor(c: ReviewCursor): string {
  return encodeCursor('key' in c ? [c.sort, c.key, c.id] : [c.sort, c.agentName, c.agentId, c.startedAt, c.id]);
}

function readCursor(raw: string, sort: ReviewSort): ReviewCursor {
  const agent = sortField(sort).field === 'agent';
  const parts = decodeCursor(raw, agent ? ['string', 'string', 'string', 'string', 'string'] : ['string', 'key', 'string']);
  const s = parts[0];
  if (s !== sort || !REVIEW_SORTS.includes(s)) {
    throw new ApiError('validation', 'this cursor belongs to another sort order; start again without it', { errors: [fieldError('querystring', '/cursor', 'other sort order')] });
  }
  if (agent) return { sort: sort as 'agent' | '-agent', agentName: String(parts[1]), agentId: String(parts[2]), startedAt: String(parts[3]), id: String(parts[4]) };
  return { sort, key: parts[1] as string | number, id: String(parts[2]) };
}

/** The center days a filter's period touches (all of the data when it names no period). */
function touchedDays(ctx: AppContext, f: CallFilter): { first: string; last: string } {
  const zone = daysOf(ctx.config.centerTimeZone);
  return { first: f.from === undefined ? '0000-00-00' : zone.dayKey(Date.parse(f.from)), last: f.to === undefined ? '9999-99-99' : zone.dayKey(Date.parse(f.to) - 1) };
}

/** One page of the review table for `scope`, and the cursor after it. */
export async function reviewPage(
  ctx: AppContext,
  sql: Sql,
  scope: AccessScope,
  filter: CallFilter,
  sort: ReviewSort,
  after: ReviewCursor | undefined,
  limit: number,
): Promise<{ rows: ReviewCallRecord[]; next: ReviewCursor | undefined }> {
  let agents: Promise<{ id: string; name: string }[]> | undefined;
  const rows = await reviewCallPage(sql, filter, scope, {
    sort,
    after,
    limit,
    agents: () => (agents ??= agentsWithCalls(sql, filter, scope, touchedDays(ctx, filter))),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? cursorAfter(sort, last) : undefined };
}

/** A page of the review table; the total count comes with the first page only. */
export async function reviewCalls(ctx: AppContext, user: UserRecord, q: ReviewCallsQuery): Promise<ReviewCallsResponse> {
  const scope = reviewAccess(user, q);
  const filter = storeFilter(q);
  const after = q.cursor === undefined ? undefined : readCursor(q.cursor, q.sort);
  const db = ctx.store.db;
  const { rows, next } = await reviewPage(ctx, db, scope, filter, q.sort, after, q.limit);
  const zone = ctx.config.centerTimeZone;
  const parts = filter.from !== undefined && filter.to !== undefined ? periodParts({ from: filter.from, to: filter.to, tz: zone }, zone) : null;
  return {
    items: rows.map(toReviewRow),
    nextCursor: next ? encodeReviewCursor(next) : null,
    total: q.cursor === undefined ? await countReviewCalls(db, filter, scope, parts) : null,
  };
}
