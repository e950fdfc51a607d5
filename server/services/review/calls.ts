import type { ReviewCallRow, ReviewCallsQuery, ReviewCallsResponse } from '../../../shared/api/review-calls';
import { REVIEW_SORTS, type ReviewCallFilter, type ReviewSort } from '../../../shared/api/review-filter';
import { maskNumber } from '../../../shared/domain/phone-number';
import type { AppContext } from '../../context';
import type { UserRecord } from '../../identity/users';
import type { CallScope } from '../../store/calls';
import { countReviewCalls, cursorAfter, reviewCallPage, type ReviewCallRecord, type ReviewCursor } from '../../store/review-calls';
import type { CallFilter } from '../../store/review-sql';
import { decodeCursor, encodeCursor } from './cursor';
import { reviewScope } from './scope';
import { ApiError, fieldError } from '../../http/api-error';

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

function readCursor(raw: string, sort: ReviewSort): ReviewCursor {
  const [s, key, id] = decodeCursor(raw, ['string', 'key', 'string']);
  if (s !== sort || !REVIEW_SORTS.includes(s)) {
    throw new ApiError('validation', 'this cursor belongs to another sort order; start again without it', { errors: [fieldError('querystring', '/cursor', 'other sort order')] });
  }
  return { sort, key: key as string | number, id: String(id) };
}

/** A page of the review table; the total count comes with the first page only. */
export async function reviewCalls(ctx: AppContext, user: UserRecord, q: ReviewCallsQuery): Promise<ReviewCallsResponse> {
  const scope: CallScope = reviewScope(user, q);
  const filter = storeFilter(q);
  const after = q.cursor === undefined ? undefined : readCursor(q.cursor, q.sort);
  const rows = await reviewCallPage(ctx.store.db, filter, scope, { sort: q.sort, after, limit: q.limit });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const next = rows.length > q.limit && last ? cursorAfter(q.sort, last) : undefined;
  return {
    items: page.map(toReviewRow),
    nextCursor: next ? encodeCursor([next.sort, next.key, next.id]) : null,
    total: q.cursor === undefined ? await countReviewCalls(ctx.store.db, filter, scope) : null,
  };
}
