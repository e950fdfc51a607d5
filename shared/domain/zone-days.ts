
/**
 * Local days of one IANA zone as instants, computed from the zone's offset history (via Intl) once, so
 * a day key and a day's start are plain arithmetic afterwards. The server keeps the same history in a
 * table so the database cuts days at exactly the instants this module does (review rollups); the desk
 * uses it to turn the center's calendar days into the instants it asks the API about.
 *
 * Offsets are sampled weekly and each change is found to the second by bisection: a zone changing its
 * offset twice within one week (none has since 2000) would be seen as no change.
 */

/** From `at` (ms since epoch) on, the zone is `offsetSec` seconds ahead of UTC. */
export interface OffsetChange {
  readonly at: number;
  readonly offsetSec: number;
}

/** The period the offset history covers; instants outside it take the nearest known offset. */
export const ZONE_HISTORY_FROM = Date.UTC(2000, 0, 1);
export const ZONE_HISTORY_TO = Date.UTC(2060, 0, 1);

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Seconds `zone`'s wall clock is ahead of UTC at `ms` (Intl's `GMT+09:00`; ~3 us, 5x cheaper than parts). */
export function offsetSecAt(ms: number, zone: string): number {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, f);
  }
  const m = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(f.format(ms));
  if (!m?.[1]) return 0;
  const sec = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -sec : sec;
}

const histories = new Map<string, readonly OffsetChange[]>();

/**
 * The offset changes of `zone` over [ZONE_HISTORY_FROM, ZONE_HISTORY_TO): the first entry is the offset
 * at the start. Memoised per zone (a runtime's zone database does not change while it runs).
 */
export function zoneOffsetHistory(zone: string): readonly OffsetChange[] {
  const known = histories.get(zone);
  if (known) return known;
  const out: OffsetChange[] = [{ at: ZONE_HISTORY_FROM, offsetSec: offsetSecAt(ZONE_HISTORY_FROM, zone) }];
  let prevAt = ZONE_HISTORY_FROM;
  let prevOff = out[0]?.offsetSec ?? 0;
  for (let t = ZONE_HISTORY_FROM + WEEK; t < ZONE_HISTORY_TO + WEEK; t += WEEK) {
    const at = Math.min(t, ZONE_HISTORY_TO);
    const off = offsetSecAt(at, zone);
    if (off !== prevOff) {
      // The change lies in (prevAt, at]: bisect to the second.
      let lo = prevAt;
      let hi = at;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (mid <= lo) break;
        if (offsetSecAt(mid, zone) === prevOff) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, offsetSec: off });
      prevOff = off;
    }
    prevAt = at;
    if (at === ZONE_HISTORY_TO) break;
  }
  histories.set(zone, out);
  return out;
}

/** `YYYY-MM-DD` of a UTC calendar date in ms. */
function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One local day of a period: its key and the instants it covers (clipped to the period). */
export interface DayBucket {
  readonly day: string;
  /** ISO instant, inclusive. */
  readonly start: string;
  /** ISO instant, exclusive. */
  readonly end: string;
}

/** Local days of one zone: day keys of instants, and the instants days start at. */
export class ZoneDays {
  private readonly changes: readonly OffsetChange[];

  constructor(readonly zone: string) {
    this.changes = zoneOffsetHistory(zone);
  }

  /** The offset history this object cuts days with. */
  history(): readonly OffsetChange[] {
    return this.changes;
  }

  /** Offset in seconds at `ms`. */
  offsetAt(ms: number): number {
    let lo = 0;
    let hi = this.changes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.changes[mid]?.at ?? Infinity) <= ms) lo = mid;
      else hi = mid - 1;
    }
    return this.changes[lo]?.offsetSec ?? 0;
  }

  /** `YYYY-MM-DD` of the local date at `ms`. */
  dayKey(ms: number): string {
    return ymd(ms + this.offsetAt(ms) * 1000);
  }

  /**
   * The first instant of local day `day` (`YYYY-MM-DD`): local midnight, or the end of a DST gap when
   * midnight does not exist that day. A day the zone skipped (Samoa, 30 December 2011) starts where
   * the next one does, so it is empty.
   */
  dayStart(day: string): number {
    const wall = Date.parse(`${day}T00:00:00Z`);
    // Midnight under each offset in force around that wall time, and each change near it.
    const candidates = [wall - DAY, wall, wall + DAY].map((probe) => wall - this.offsetAt(probe) * 1000);
    for (const c of this.changes) if (c.at >= wall - 2 * DAY && c.at <= wall + 2 * DAY) candidates.push(c.at);
    let best = Infinity;
    for (const t of candidates) if (t < best && this.dayKey(t) === day) best = t;
    return best === Infinity ? this.dayStart(ZoneDays.nextDay(day)) : best;
  }

  /** The local day after `day`. */
  static nextDay(day: string): string {
    return ymd(Date.parse(`${day}T00:00:00Z`) + DAY);
  }

  /** The local days the period [from, to) touches, in order, each clipped to the period. */
  buckets(fromMs: number, toMs: number): DayBucket[] {
    const out: DayBucket[] = [];
    let day = this.dayKey(fromMs);
    for (;;) {
      const start = Math.max(fromMs, this.dayStart(day));
      if (start >= toMs) break;
      const next = ZoneDays.nextDay(day);
      const end = Math.min(toMs, this.dayStart(next));
      if (end > start) out.push({ day, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      day = next;
    }
    return out;
  }
}

const zoneDays = new Map<string, ZoneDays>();

/** The (memoised) local days of `zone`. Throws RangeError on an unknown zone. */
export function daysOf(zone: string): ZoneDays {
  let z = zoneDays.get(zone);
  if (!z) {
    z = new ZoneDays(zone);
    zoneDays.set(zone, z);
  }
  return z;
}
