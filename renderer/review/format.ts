import type { Locale } from '../../shared/domain/locale';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, opts: Intl.DateTimeFormatOptions, zone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${zone ?? ''}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { ...opts, hourCycle: 'h23', ...(zone ? { timeZone: zone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** `03. 10. 09:40` / `10/03, 09:40` in the reviewer's zone (or `zone`). */
export function shortDateTime(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }, zone).format(new Date(iso));
}

/** Date and time with seconds, for timelines. */
export function fullDateTime(iso: string, locale: Locale, zone?: string): string {
  return formatter(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }, zone).format(new Date(iso));
}

/** `MM-DD` of a `YYYY-MM-DD` day key (chart axes). */
export function dayLabel(day: string): string {
  return day.slice(5);
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
