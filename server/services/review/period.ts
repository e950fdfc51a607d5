import type { ReviewPeriod } from '../../../shared/api/review-kpis';
import { REVIEW_MAX_PERIOD_DAYS } from '../../../shared/api/review-filter';
import { daysOf, ZoneDays, type DayBucket } from '../../../shared/domain/zone-days';
import type { PeriodParts } from '../../store/review-rollup';
import { ApiError, fieldError } from '../../http/api-error';

const DAY = 86_400_000;
export type { DayBucket };
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

/** The local days of `p.tz` the period touches, in order, each clipped to the period (shared/domain/zone-days). */
export function dayBuckets(p: ReviewPeriod): DayBucket[] {
  return daysOf(p.tz).buckets(Date.parse(p.from), Date.parse(p.to));
}

/**
 * A period cut for the rollups: the center-local days it covers whole (read from `review_rollup`) and
 * the clipped days at its edges (read from `review_rollup_hour` for their whole hours, and from the base
 * rows only for what is left of an hour). `rollupZone` is the zone the day rollups were built in (the
 * center's); days of another zone are all clipped days, read by the hour.
 */
export function periodParts(p: ReviewPeriod, rollupZone: string): PeriodParts {
  // Days of another zone than the rollups' are all read from the base rows (exact, slower).
  if (p.tz !== rollupZone) return { wholeDays: null, partial: dayBuckets(p) };
  const zone = daysOf(p.tz);
  const whole: string[] = [];
  const partial: DayBucket[] = [];
  for (const b of dayBuckets(p)) {
    const isWhole = Date.parse(b.start) === zone.dayStart(b.day) && Date.parse(b.end) === zone.dayStart(ZoneDays.nextDay(b.day));
    if (isWhole) whole.push(b.day);
    else partial.push(b);
  }
  const first = whole[0];
  const last = whole[whole.length - 1];
  return { wholeDays: first && last ? { first, last } : null, partial };
}
