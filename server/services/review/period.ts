import type { ReviewPeriod } from '../../../shared/api/review-kpis';
import { REVIEW_MAX_PERIOD_DAYS } from '../../../shared/api/review-filter';
import { localTimeIn } from '../../../shared/domain/time-zone';
import { ApiError, fieldError } from '../../http/api-error';

const DAY = 86_400_000;
/** The period when the request names none: the last 30 days up to now. */
export const DEFAULT_PERIOD_DAYS = 30;

/**
 * The period of a review request as instants in `toISOString()` form: `from` inclusive, `to` exclusive.
 * Missing ends default to "30 days up to now"; a period that is empty or longer than a year is 400.
 */
export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined }, now: Date, tz = 'UTC'): ReviewPeriod {
  // "Up to now" includes what happened at this very millisecond (`to` is exclusive).
  const untilNow = now.getTime() + 1;
  const to = q.to !== undefined ? Date.parse(q.to) : q.from !== undefined ? Math.min(untilNow, Date.parse(q.from) + REVIEW_MAX_PERIOD_DAYS * DAY) : untilNow;
  const from = q.from !== undefined ? Date.parse(q.from) : to - DEFAULT_PERIOD_DAYS * DAY;
  if (to <= from) throw periodError(q.to !== undefined ? '/to' : '/from', 'the period is empty: from must be before to');
  if (to - from > REVIEW_MAX_PERIOD_DAYS * DAY) throw periodError('/from', `the period may span at most ${REVIEW_MAX_PERIOD_DAYS} days`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz };
}

function periodError(pointer: string, message: string): ApiError {
  return new ApiError('validation', message, { errors: [fieldError('querystring', pointer, message)] });
}

/** One local day of a period: its key and the instants it covers (clipped to the period). */
export interface DayBucket {
  readonly day: string;
  readonly start: string;
  readonly end: string;
}

/** How far `zone`'s wall clock is ahead of UTC at `instant` (ms). */
function offsetMs(instant: number, zone: string): number {
  const t = localTimeIn(new Date(instant), zone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight starts day y-m-d in `zone` (offsets from Intl, so DST days are 23 or 25 h). */
function localMidnight(y: number, m: number, d: number, zone: string): number {
  const wall = Date.UTC(y, m - 1, d);
  const first = wall - offsetMs(wall, zone);
  return wall - offsetMs(first, zone);
}

const key = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The local days of `zone` the period touches, in order, each clipped to the period. */
export function dayBuckets(p: ReviewPeriod): DayBucket[] {
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const t = localTimeIn(new Date(from), p.tz);
  let cursor = new Date(Date.UTC(t.year, t.month - 1, t.day));
  const out: DayBucket[] = [];
  for (;;) {
    const [y, m, d] = [cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate()];
    const start = Math.max(from, localMidnight(y, m, d, p.tz));
    if (start >= to) break;
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    const end = Math.min(to, localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), p.tz));
    if (end > start) out.push({ day: key(y, m, d), start: new Date(start).toISOString(), end: new Date(end).toISOString() });
    cursor = next;
  }
  return out;
}
