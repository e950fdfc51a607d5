// Center-local days from a zone's offset history (shared/domain/zone-days): the day keys the review
// rollups are cut by, checked against Intl, with DST days, a midnight that does not exist, and a day a
// zone skipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLLUP_CALL_COLUMNS, ROLLUP_COUNTERS, rollupTriggerSql } from '../../../server/store/review-rollup-schema';
import { periodParts } from '../../../server/services/review/period';
import { splitHours } from '../../../server/store/review-rollup';
import { localDateKey } from '../../../shared/domain/time-zone';
import { daysOf, ZONE_HISTORY_FROM, ZONE_HISTORY_TO } from '../../../shared/domain/zone-days';

const ZONES = ['Asia/Seoul', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Apia', 'America/Havana'];
const hours = (b: { start: string; end: string }): number => (Date.parse(b.end) - Date.parse(b.start)) / 3_600_000;

describe('zone days', () => {
  it('the day key of any instant is its local date as Intl says, in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: ZONE_HISTORY_FROM, max: ZONE_HISTORY_TO - 1 }), (zone, ms) => {
        expect(daysOf(zone).dayKey(ms)).toBe(localDateKey(new Date(ms), zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('a period is cut into consecutive local days, without gap or overlap, each starting where its key starts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2005, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.integer({ min: 1, max: 40 * 86_400_000 }), (zone, from, span) => {
        const days = daysOf(zone);
        const b = days.buckets(from, from + span);
        expect(b[0]?.start).toBe(new Date(from).toISOString());
        expect(b[b.length - 1]?.end).toBe(new Date(from + span).toISOString());
        for (let i = 1; i < b.length; i++) expect(b[i]?.start).toBe(b[i - 1]?.end);
        for (const x of b) {
          expect(days.dayKey(Date.parse(x.start))).toBe(x.day);
          expect(days.dayKey(Date.parse(x.end) - 1)).toBe(x.day);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('DST: New York has a 23-hour and a 25-hour day; São Paulo 2011 began summer time at midnight, so 16 October began at 01:00', () => {
    const ny = daysOf('America/New_York').buckets(Date.parse('2026-03-07T05:00:00Z'), Date.parse('2026-11-03T05:00:00Z'));
    expect(ny.filter((d) => hours(d) !== 24).map((d) => [d.day, hours(d)])).toEqual([['2026-03-08', 23], ['2026-11-01', 25]]);
    const sp = daysOf('America/Sao_Paulo');
    expect(new Date(sp.dayStart('2011-10-16')).toISOString()).toBe('2011-10-16T03:00:00.000Z');
    expect(hours(sp.buckets(sp.dayStart('2011-10-15'), sp.dayStart('2011-10-17'))[0] ?? { start: '', end: '' })).toBe(24);
  });

  it('a day the zone skipped (Samoa, 30 December 2011) is empty: the 29th is followed by the 31st', () => {
    const apia = daysOf('Pacific/Apia');
    const b = apia.buckets(Date.parse('2011-12-28T12:00:00Z'), Date.parse('2012-01-01T12:00:00Z'));
    expect(b.map((d) => d.day)).toEqual(['2011-12-28', '2011-12-29', '2011-12-31', '2012-01-01', '2012-01-02']);
  });

  it('a clipped day is read by whole UTC hours; only the minutes left of an hour come from the calls', () => {
    expect(splitHours('2026-01-01T00:00:00.000Z', '2026-01-01T15:00:00.000Z')).toEqual({ hours: { first: '2026-01-01T00', end: '2026-01-01T15' }, pieces: [] });
    expect(splitHours('2026-01-01T00:20:00.000Z', '2026-01-01T03:10:00.000Z')).toEqual({
      hours: { first: '2026-01-01T01', end: '2026-01-01T03' },
      pieces: [
        { start: '2026-01-01T00:20:00.000Z', end: '2026-01-01T01:00:00.000Z' },
        { start: '2026-01-01T03:00:00.000Z', end: '2026-01-01T03:10:00.000Z' },
      ],
    });
    // Across midnight UTC, and within one hour (no whole hour: one piece).
    expect(splitHours('2026-01-31T23:00:00.000Z', '2026-02-01T02:00:00.000Z').hours).toEqual({ first: '2026-01-31T23', end: '2026-02-01T02' });
    expect(splitHours('2026-01-01T05:10:00.000Z', '2026-01-01T05:50:00.000Z')).toEqual({ hours: null, pieces: [{ start: '2026-01-01T05:10:00.000Z', end: '2026-01-01T05:50:00.000Z' }] });
    // India's midnight is half past an hour UTC: half an hour at each end comes from the calls.
    const ist = daysOf('Asia/Kolkata');
    const day = splitHours(new Date(ist.dayStart('2026-03-02')).toISOString(), new Date(ist.dayStart('2026-03-03')).toISOString());
    expect(day.hours).toEqual({ first: '2026-03-01T19', end: '2026-03-02T18' });
    expect(day.pieces).toHaveLength(2);
  });

  it('a period of whole center days is read from the day rollups; clipped edge days and other zones by the hour', () => {
    const kst = (d: string) => new Date(daysOf('Asia/Seoul').dayStart(d)).toISOString();
    expect(periodParts({ from: kst('2026-03-01'), to: kst('2026-03-08'), tz: 'Asia/Seoul' }, 'Asia/Seoul')).toEqual({ wholeDays: { first: '2026-03-01', last: '2026-03-07' }, partial: [] });
    const clipped = periodParts({ from: '2026-03-01T02:00:00.000Z', to: kst('2026-03-04'), tz: 'Asia/Seoul' }, 'Asia/Seoul');
    expect(clipped.wholeDays).toEqual({ first: '2026-03-02', last: '2026-03-03' });
    expect(clipped.partial).toEqual([{ day: '2026-03-01', start: '2026-03-01T02:00:00.000Z', end: kst('2026-03-02') }]);
    expect(periodParts({ from: kst('2026-03-01'), to: kst('2026-03-03'), tz: 'UTC' }, 'Asia/Seoul').wholeDays).toBeNull();
  });
});

describe('rollup triggers', () => {
  it('read only the calls columns listed as counted (an UPDATE of another column fires none)', () => {
    const referenced = new Set<string>();
    for (const c of ROLLUP_COUNTERS) for (const m of c.expr('sqlite', 'r').matchAll(/\br\.(\w+)/g)) referenced.add(m[1] ?? '');
    expect([...referenced].filter((col) => !(ROLLUP_CALL_COLUMNS as readonly string[]).includes(col))).toEqual([]);
  });

  it('hold no `?` (the PostgreSQL driver would take it for a parameter)', () => {
    for (const d of ['sqlite', 'postgres'] as const) expect(rollupTriggerSql(d).join('\n')).not.toContain('?');
  });
});
