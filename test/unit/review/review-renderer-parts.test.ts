// The review workspace's pure parts: the URL-hash query, the period of local days, column sorting,
// chart axes, and the store dropping answers to a query that is no longer current.
import { describe, expect, it } from 'vitest';
import type { CallgateBridge } from '../../../shared/ipc/channels';
import { nextSort } from '../../../renderer/review/CallsTable';
import { apiFilter, parseReviewQuery, periodOf, reviewQueryParams } from '../../../renderer/review/review-query';
import { deskStoreFor } from '../../support/desk-store';
import { niceMax } from '../../../renderer/review/TrendChart';
import { customerLocalTime, dateTime, dayShort, dayText, fullDateTime, monthTitle, shortDateTime, weekdayNames } from '../../../renderer/review/format';
import { errorText } from '../../../renderer/errors';
import { createI18n } from '../../../renderer/i18n';

describe('review query in the URL hash', () => {
  it('a shared link round-trips; unknown values are dropped, not trusted', () => {
    const params = new URLSearchParams('agent=user-agent2&outcome=opt_out&flag=late_events&from=2026-03-09&to=2026-03-10&sort=agent&call=c-1&lead=lead-kr');
    const q = parseReviewQuery(params);
    expect(q).toEqual({ agent: 'user-agent2', outcome: 'opt_out', flag: 'late_events', from: '2026-03-09', to: '2026-03-10', sort: 'agent', call: 'c-1', lead: 'lead-kr' });
    expect(reviewQueryParams(q).toString()).toBe('agent=user-agent2&from=2026-03-09&to=2026-03-10&outcome=opt_out&flag=late_events&lead=lead-kr&sort=agent&call=c-1');
    const bad = parseReviewQuery(new URLSearchParams('outcome=maybe&flag=x&from=yesterday&sort=phone&team=<script>&agent=a%20b'));
    expect(bad).toEqual({ sort: '-startedAt' });
    expect(reviewQueryParams(bad).toString()).toBe('');
  });

  it('dates are the reviewer\'s local days: from local midnight to the midnight after the last day', () => {
    const today = new Date(2026, 2, 10, 15, 0);
    const p = periodOf({}, today);
    expect([p.fromDay, p.toDay]).toEqual(['2026-03-04', '2026-03-10']);
    expect(p.from).toBe(new Date(2026, 2, 4).toISOString());
    expect(p.to).toBe(new Date(2026, 2, 11).toISOString());
    expect(periodOf({ from: '2026-03-12', to: '2026-03-10' }, today).fromDay).toBe('2026-03-10');
    expect(apiFilter({ sort: '-startedAt', lead: 'ab', agent: 'x' }, today)).toEqual({ agent: 'x', from: p.from, to: p.to });
  });
});

describe('table and charts', () => {
  it('a column sorts in its natural direction first, then the other way', () => {
    expect(nextSort('-startedAt', 'startedAt')).toBe('startedAt');
    expect(nextSort('startedAt', 'startedAt')).toBe('-startedAt');
    expect(nextSort('-startedAt', 'durationSec')).toBe('-durationSec');
    expect(nextSort('-startedAt', 'agent')).toBe('agent');
    expect(nextSort('agent', 'agent')).toBe('-agent');
  });

  it('chart axes end on 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 480, 5000].map(niceMax)).toEqual([1, 1, 5, 10, 20, 500, 5000]);
  });
});

describe('review store', () => {
  it('drops the answer to a query that was replaced meanwhile (no stale table)', async () => {
    const pending: { q: Record<string, unknown>; resolve: (v: unknown) => void }[] = [];
    const ok = (value: unknown) => ({ ok: true as const, value });
    let kpiLoads = 0;
    const bridge = {
      review: {
        calls: (q: Record<string, unknown>) => new Promise((resolve) => pending.push({ q, resolve })),
        kpis: async () => {
          kpiLoads += 1;
          return ok(null);
        },
        compliance: async () => ok(null),
        timeline: async () => ok(null),
      },
    } as unknown as CallgateBridge;
    const app = deskStoreFor(bridge, { now: () => new Date(2026, 2, 10) });
    const store = { getState: () => app.getState().review };
    store.getState().setQuery({ sort: '-startedAt', agent: 'a1' });
    store.getState().setQuery({ sort: '-startedAt', agent: 'a2' });
    expect(pending.map((p) => p.q['agent'])).toEqual(['a1', 'a2']);
    pending[1]?.resolve(ok({ items: [{ id: 'new' }], nextCursor: 'n', total: 1 }));
    pending[0]?.resolve(ok({ items: [{ id: 'old' }], nextCursor: null, total: 9 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().calls).toMatchObject({ items: [{ id: 'new' }], total: 1, nextCursor: 'n', loading: false });
    // The same query again fetches nothing; only the table reloads when just the outcome changes.
    store.getState().setQuery({ sort: '-startedAt', agent: 'a2' });
    expect(pending).toHaveLength(2);
    expect(kpiLoads).toBe(2);
    store.getState().setQuery({ sort: '-startedAt', agent: 'a2', outcome: 'sale' });
    expect(pending.map((p) => p.q['outcome'])).toEqual([undefined, undefined, 'sale']);
    expect(kpiLoads).toBe(2);
  });

  it('a sort-only change reloads the table and lets the KPI and compliance answers land (no card stays loading)', async () => {
    const held: { channel: string; resolve: (v: unknown) => void }[] = [];
    const ok = (value: unknown) => ({ ok: true as const, value });
    const hold = (channel: string) => () => new Promise((resolve) => held.push({ channel, resolve }));
    const bridge = { review: { calls: hold('calls'), kpis: hold('kpis'), compliance: hold('compliance') } } as unknown as CallgateBridge;
    const app = deskStoreFor(bridge, { now: () => new Date(2026, 2, 10) });
    const review = () => app.getState().review;
    review().setQuery({ sort: '-startedAt' });
    review().setQuery({ sort: 'agent' });
    // Only the table is asked again: the KPI and compliance requests of the first query are still the current ones.
    expect(held.map((h) => h.channel)).toEqual(['kpis', 'compliance', 'calls', 'calls']);
    for (const h of held) h.resolve(ok(h.channel === 'calls' ? { items: [], nextCursor: null, total: 0 } : { totals: {}, byDay: [], byAgent: [], items: [] }));
    await new Promise((r) => setTimeout(r, 0));
    expect(review().kpis).toMatchObject({ loading: false, error: null });
    expect(review().kpis.data).not.toBeNull();
    expect(review().compliance).toMatchObject({ loading: false, error: null });
    expect(review().compliance.data).not.toBeNull();
    expect(review().calls).toMatchObject({ loading: false, total: 0 });
  });

  it('each part answers on its own: a failed compliance request leaves the KPIs and the table to land', async () => {
    const ok = (value: unknown) => ({ ok: true as const, value });
    const bridge = {
      review: {
        calls: async () => ok({ items: [], nextCursor: null, total: 0 }),
        kpis: async () => ok({ totals: {}, byDay: [], byAgent: [] }),
        compliance: async () => ({ ok: false as const, error: { code: 'api-error', message: 'compliance down' } }),
      },
    } as unknown as CallgateBridge;
    const app = deskStoreFor(bridge, { now: () => new Date(2026, 2, 10) });
    app.getState().review.setQuery({ sort: '-startedAt' });
    await new Promise((r) => setTimeout(r, 0));
    const r = app.getState().review;
    expect(r.kpis).toMatchObject({ loading: false, error: null });
    expect(r.compliance).toMatchObject({ loading: false, data: null });
    expect(r.compliance.error).toMatchObject({ code: 'api-error', message: 'compliance down' });
    // Shown in the reviewer's language: the server's English words never reach a Korean screen.
    const shown = errorText(r.compliance.error!, createI18n('ko').t);
    expect(shown).not.toContain('compliance down');
    expect(shown).toMatch(/[가-힣]/);
    expect(r.calls).toMatchObject({ loading: false, total: 0, error: null });
  });
});

describe('one date/time format per locale (renderer/review/format.ts)', () => {
  const at = '2026-11-24T05:05:09.000Z'; // 14:05:09 in Seoul
  it('Korean reads year. month. day., English day month year; 24-hour clock in both; the zone is the one named', () => {
    expect(dayText('2026-11-24', 'ko')).toBe('2026. 11. 24.');
    expect(dayText('2026-11-24', 'en')).toBe('24 Nov 2026');
    expect(dayShort('2026-11-24', 'ko')).toBe('11. 24.');
    expect(dayShort('2026-11-24', 'en')).toBe('24 Nov');
    expect(dateTime(at, 'ko', 'Asia/Seoul')).toBe('2026. 11. 24. 14:05');
    expect(dateTime(at, 'en', 'Asia/Seoul')).toBe('24 Nov 2026, 14:05');
    expect(shortDateTime(at, 'ko', 'Asia/Seoul')).toBe('11. 24. 14:05');
    expect(shortDateTime(at, 'en', 'Asia/Seoul')).toBe('24 Nov, 14:05');
    expect(fullDateTime(at, 'ko', 'Asia/Seoul')).toBe('2026. 11. 24. 14:05:09');
    expect(fullDateTime(at, 'en', 'America/New_York')).toBe('24 Nov 2026, 00:05:09');
    expect(monthTitle(2026, 11, 'ko')).toBe('2026년 11월');
    expect(monthTitle(2026, 11, 'en')).toBe('November 2026');
    expect(weekdayNames('en')[0]).toBe('Mon');
    expect(weekdayNames('ko')[6]).toBe('일');
    // Never the US order, in either language.
    for (const l of ['ko', 'en'] as const) expect([dayText('2026-11-24', l), dateTime(at, l, 'UTC')].join(' ')).not.toMatch(/11\/24\/2026/);
  });

  it('a day key is the same date in every zone (no shift to the day before west of UTC)', () => {
    expect(dayText('2026-01-01', 'en')).toBe('1 Jan 2026');
  });

  it("the customer's local time shows only where it differs from the center's", () => {
    expect(customerLocalTime(at, 'ko', 'Asia/Seoul', 'Asia/Seoul')).toBeNull();
    expect(customerLocalTime(at, 'ko', null, 'Asia/Seoul')).toBeNull();
    expect(customerLocalTime(at, 'ko', 'Asia/Tokyo', 'Asia/Seoul')).toBeNull(); // same clock
    expect(customerLocalTime(at, 'en', 'America/New_York', 'Asia/Seoul')).toBe('00:05 (America/New_York)');
  });
});

describe('review store: exports', () => {
  it("follows its own export's progress events, asks the bridge to cancel it, and forgets it when it ends", async () => {
    const ok = (value: unknown) => ({ ok: true as const, value });
    let listener: ((p: { exportId: string; rows: number; bytes: number; expectedRows: number | null }) => void) | undefined;
    let finish: ((v: unknown) => void) | undefined;
    const asked: Record<string, unknown>[] = [];
    const cancelled: string[] = [];
    const bridge = {
      review: {
        calls: async () => ok({ items: [], nextCursor: null, total: 0 }),
        kpis: async () => ok({ totals: {}, byDay: [], byAgent: [] }),
        compliance: async () => ok({}),
        exportCalls: (req: Record<string, unknown>) => {
          asked.push(req);
          return new Promise((resolve) => (finish = resolve));
        },
        cancelExport: async ({ exportId }: { exportId: string }) => {
          cancelled.push(exportId);
          return ok(true);
        },
        onExportProgress: (l: typeof listener) => {
          listener = l;
          return () => (listener = undefined);
        },
      },
    } as unknown as CallgateBridge;
    const app = deskStoreFor(bridge, { now: () => new Date(2026, 2, 10) });
    const review = () => app.getState().review;
    review().setQuery({ sort: '-startedAt' });
    const running = review().exportCalls('monthly review');
    const id = String(asked[0]?.['exportId']);
    expect(review().exporting).toEqual({ exportId: id, rows: 0, bytes: 0, expectedRows: null });
    listener?.({ exportId: 'someone-else', rows: 9, bytes: 9, expectedRows: 9 });
    listener?.({ exportId: id, rows: 1200, bytes: 90_000, expectedRows: 5000 });
    expect(review().exporting).toMatchObject({ rows: 1200, expectedRows: 5000 });
    review().cancelExport();
    expect(cancelled).toEqual([id]);
    finish?.({ ok: false, error: { code: 'cancelled', message: 'the export was cancelled' } });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(review().exporting).toBeNull();
    expect(listener).toBeUndefined();
  });
});
