import { z } from 'zod';

// Answers are cached: building an Intl.DateTimeFormat costs ~70 us, and every lead parse asks.
// A runtime's zone database does not change while it runs; the cap only bounds hostile input.
const knownZones = new Map<string, boolean>();
const KNOWN_ZONES_CAP = 2_000;

/** True when `zone` is an IANA time zone this runtime's Intl knows. */
export function isKnownTimeZone(zone: string): boolean {
  const cached = knownZones.get(zone);
  if (cached !== undefined) return cached;
  let known: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    known = true;
  } catch {
    known = false;
  }
  if (knownZones.size < KNOWN_ZONES_CAP) knownZones.set(zone, known);
  return known;
}

/** An IANA time zone name (e.g. `Asia/Seoul`), checked against Intl. */
export const TimeZoneSchema = z.string().min(1).max(64).refine(isKnownTimeZone, { message: 'unknown IANA time zone', params: { hint: 'time_zone' } });

/** Wall-clock parts of an instant in a time zone, via Intl (no hand-made tz math). */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The callee's local wall-clock time at `instant` in `zone`. Throws RangeError on an unknown zone. */
export function localTimeIn(instant: Date, zone: string): LocalTime {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
  };
}

/** `YYYY-MM-DD` of the local date at `instant` in `zone`: the key for "per day" limits. */
export function localDateKey(instant: Date, zone: string): string {
  const t = localTimeIn(instant, zone);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
