import type { Locale } from '../../shared/domain/locale';

/**
 * The one place review screens turn instants and days into text (cells, pickers, charts, timelines):
 * one format per locale, Intl with the user's locale and a named zone (the center's, or the customer's
 * where their local time matters). Korean reads `2026. 11. 24. 14:05`, English `24 Nov 2026, 14:05`
 * (day and month never swap places between readers), 24-hour clock in both.
 */
const LOCALE_TAG: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

const DATE: Record<Locale, Intl.DateTimeFormatOptions> = {
  ko: { year: 'numeric', month: '2-digit', day: '2-digit' },
  en: { year: 'numeric', month: 'short', day: 'numeric' },
};
const SHORT_DATE: Record<Locale, Intl.DateTimeFormatOptions> = {
  ko: { month: '2-digit', day: '2-digit' },
  en: { month: 'short', day: 'numeric' },
};
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, opts: Intl.DateTimeFormatOptions, zone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${zone ?? ''}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    const hours = opts.hour !== undefined ? { hourCycle: 'h23' as const } : {};
    f = new Intl.DateTimeFormat(LOCALE_TAG[locale], { ...opts, ...hours, ...(zone ? { timeZone: zone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** A `YYYY-MM-DD` calendar day as a date (pickers, period headings): `2026. 11. 24.` / `24 Nov 2026`. */
export function dayText(day: string, locale: Locale): string {
  return formatter(locale, DATE[locale], 'UTC').format(dayInstant(day));
}

/** A calendar day without its year (chart axes): `11. 24.` / `24 Nov`. */
export function dayShort(day: string, locale: Locale): string {
  return formatter(locale, SHORT_DATE[locale], 'UTC').format(dayInstant(day));
}

/** Date and time: `2026. 11. 24. 14:05` / `24 Nov 2026, 14:05`, in `zone` (the reviewer's when none). */
export function dateTime(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, { ...DATE[locale], ...TIME }, zone).format(new Date(iso));
}

/** Date without the year, and time (table cells, lists): `11. 24. 14:05` / `24 Nov, 14:05`. */
export function shortDateTime(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, { ...SHORT_DATE[locale], ...TIME }, zone).format(new Date(iso));
}

/** Date and time with seconds (timelines): `2026. 11. 24. 14:05:09` / `24 Nov 2026, 14:05:09`. */
export function fullDateTime(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, { ...DATE[locale], ...TIME, second: '2-digit' }, zone).format(new Date(iso));
}

/** Time of day: `14:05`. */
export function timeOfDay(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, TIME, zone).format(new Date(iso));
}

/**
 * The customer's local time of an instant when it is not the center's (KR-NIGHT and US calling hours
 * are judged in it): `21:05 (America/New_York)`; null when the zones agree at that instant or the
 * customer's zone is unknown.
 */
export function customerLocalTime(iso: string, locale: Locale, customerZone: string | null | undefined, centerZone: string): string | null {
  if (!customerZone || customerZone === centerZone) return null;
  const at = new Date(iso);
  const inZone = (zone: string): string => formatter(locale, { ...SHORT_DATE[locale], ...TIME }, zone).format(at);
  const theirs = inZone(customerZone);
  return theirs === inZone(centerZone) ? null : `${timeOfDay(iso, locale, customerZone)} (${customerZone})`;
}

/** A month's heading in the date picker: `2026년 11월` / `November 2026`. */
export function monthTitle(year: number, month: number, locale: Locale): string {
  return formatter(locale, { year: 'numeric', month: 'long' }, 'UTC').format(new Date(Date.UTC(year, month - 1, 1)));
}

/** Weekday names Monday first, short (`월`, `Mon`). */
export function weekdayNames(locale: Locale): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_x, i) => formatter(locale, { weekday: 'short' }, 'UTC').format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Midday UTC of a `YYYY-MM-DD` day (formatted in UTC, so no zone can move it to another date). */
function dayInstant(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

/** `80 %`-style share, or an en dash when nothing was asked. */
export function percent(rate: number | null, locale: Locale): string {
  if (rate === null) return '–';
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

export function count(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US').format(n);
}

/** `1.2 MB` of a byte count (export progress). */
export function megabytes(bytes: number, locale: Locale): string {
  return `${new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1_000_000)} MB`;
}

/** `1:25` from seconds (call durations). */
export function duration(sec: number | null): string {
  if (sec === null) return '–';
  const s = Math.max(0, Math.round(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
