import { CALL_FLAGS, type CallFlag } from '../../shared/api/calls';
import { REVIEW_SORTS, type ReviewSort } from '../../shared/api/review-filter';
import { CALL_OUTCOMES, type CallOutcome } from '../../shared/domain/consent-event';

/**
 * What the review workspace shows, as it lives in the URL hash (`#/review?agent=...&from=2026-03-09`),
 * so a lead can share a view as a link. Dates are local calendar days of the reviewer (inclusive);
 * `call` is the call whose timeline is open.
 */
export interface ReviewQuery {
  readonly team?: string;
  readonly agent?: string;
  readonly campaign?: string;
  /** `YYYY-MM-DD`, first day shown. */
  readonly from?: string;
  /** `YYYY-MM-DD`, last day shown (inclusive). */
  readonly to?: string;
  readonly outcome?: CallOutcome;
  readonly flag?: CallFlag;
  readonly lead?: string;
  readonly sort: ReviewSort;
  readonly call?: string;
}

export const DEFAULT_SORT: ReviewSort = '-startedAt';
/** Days shown when the link names none: today and the six before. */
export const DEFAULT_DAYS = 7;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[\w.:@-]{1,100}$/;

function pick<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** Reads the query from hash parameters; anything unknown or malformed is dropped, not trusted. */
export function parseReviewQuery(params: URLSearchParams): ReviewQuery {
  const id = (k: string): string | undefined => {
    const v = params.get(k);
    return v !== null && ID.test(v) ? v : undefined;
  };
  const date = (k: string): string | undefined => {
    const v = params.get(k);
    return v !== null && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
  };
  const q: Record<string, string | undefined> = {
    team: id('team'),
    agent: id('agent'),
    campaign: id('campaign'),
    from: date('from'),
    to: date('to'),
    outcome: pick(CALL_OUTCOMES, params.get('outcome')),
    flag: pick(CALL_FLAGS, params.get('flag')),
    lead: id('lead'),
    call: id('call'),
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = v;
  return { ...(out as Omit<ReviewQuery, 'sort'>), sort: pick(REVIEW_SORTS, params.get('sort')) ?? DEFAULT_SORT };
}

const ORDER = ['team', 'agent', 'campaign', 'from', 'to', 'outcome', 'flag', 'lead', 'sort', 'call'] as const;

/** The hash parameters of a query, in a stable order; the default sort is left out. */
export function reviewQueryParams(q: ReviewQuery): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ORDER) {
    const v = q[k];
    if (v === undefined || (k === 'sort' && v === DEFAULT_SORT)) continue;
    p.set(k, v);
  }
  return p;
}

/** `YYYY-MM-DD` of a local date. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight at the start of `day` (`YYYY-MM-DD`) plus `addDays`, as an instant. */
function midnight(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + addDays).toISOString();
}

/** The instants the API is asked about: from the first day's local midnight to the midnight after the last. */
export function periodOf(q: Pick<ReviewQuery, 'from' | 'to'>, today: Date): { from: string; to: string; fromDay: string; toDay: string } {
  const toDay = q.to ?? localDay(today);
  const fallbackFrom = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1));
  let fromDay = q.from ?? localDay(fallbackFrom);
  if (fromDay > toDay) fromDay = toDay;
  return { from: midnight(fromDay), to: midnight(toDay, 1), fromDay, toDay };
}

/** The API filter of a query (the renderer's own time zone cuts the days). */
export function apiFilter(q: ReviewQuery, today: Date) {
  const p = periodOf(q, today);
  return {
    ...(q.team ? { team: q.team } : {}),
    ...(q.agent ? { agent: q.agent } : {}),
    ...(q.campaign ? { campaign: q.campaign } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.flag ? { flag: q.flag } : {}),
    ...(q.lead && q.lead.length >= 3 ? { lead: q.lead } : {}),
    from: p.from,
    to: p.to,
  };
}

/** The reviewer's IANA time zone (for the daily trend). */
export function reviewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
