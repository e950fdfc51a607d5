// What the review screens read, on a bulk-loaded SQLite database after ANALYZE (EXPLAIN QUERY PLAN; the
// figures themselves are checked on both databases by review-api and rollup-rebuild):
// - KPIs and the compliance counts read rollup rows only, also for a period whose edge days are clipped
//   (UTC midnight in Seoul), never calls or events;
// - the compliance lists pick their rows from covering partial indexes;
// - every order of the call table, first and next page, as a team lead and as an admin, is an index
//   range read in order (no sort of the period, no scan of calls);
// - an export counts nothing but rollups before its first rows, and gives the event loop a turn between
//   its pages (SQLite reads are synchronous: without it a whole export ran before any other request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_SORTS } from '../../../shared/api/review-filter';
import type { AppContext } from '../../../server/context';
import { userByName, type UserRecord } from '../../../server/identity/users';
import { reviewCalls } from '../../../server/services/review/calls';
import { reviewCompliance } from '../../../server/services/review/compliance';
import { exportCallsCsv } from '../../../server/services/review/exports';
import { reviewKpis } from '../../../server/services/review/kpis';
import type { Db, Sql } from '../../../server/store/sql';
import { startTestServer, type TestServer } from '../../support/server-harness';
import { bulkReviewData } from './review-bulk';

const PERIOD = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' };

describe('review query plans (SQLite)', () => {
  let s: TestServer;
  let lead: UserRecord;
  let admin: UserRecord;
  const seen: string[] = [];
  let ctx: AppContext;

  beforeAll(async () => {
    s = await startTestServer('sqlite', { config: { centerTimeZone: 'Asia/Seoul' } });
    const db = s.ctx.store.db;
    await bulkReviewData(db, { prefix: 'pl', calls: 4000, eventsPerCall: 2, start: '2026-01-01 00:00:00', spanDays: 10 });
    await db.exec('ANALYZE');
    const wrap = (inner: Sql): Sql => ({
      dialect: inner.dialect,
      all: (q, p) => (seen.push(q), inner.all(q, p)),
      get: (q, p) => (seen.push(q), inner.get(q, p)),
      run: (q, p) => (seen.push(q), inner.run(q, p)),
    });
    const traced: Db = { ...wrap(db), tx: (fn) => db.tx((sql) => fn(wrap(sql))), groupTx: (fn) => db.groupTx((sql) => fn(wrap(sql))), exec: (q) => db.exec(q), close: () => db.close() };
    ctx = { ...s.ctx, store: { ...s.ctx.store, db: traced } };
    lead = (await userByName(db, 'lead1'))!;
    admin = (await userByName(db, 'admin'))!;
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The queries `fn` ran, each with its plan. */
  async function traced(fn: () => Promise<unknown>): Promise<{ sql: string; plan: string }[]> {
    seen.length = 0;
    await fn();
    const out: { sql: string; plan: string }[] = [];
    for (const sql of seen.filter((q) => /^\s*SELECT/i.test(q))) {
      // Plans do not depend on the values; NULLs stand in for the parameters.
      const n = (sql.match(/\?/g) ?? []).length;
      const rows = await s.ctx.store.db.all(`EXPLAIN QUERY PLAN ${sql}`, Array.from({ length: n }, () => null));
      out.push({ sql: sql.replace(/\s+/g, ' '), plan: rows.map((r) => String(r['detail'])).join(' | ') });
    }
    return out;
  }

  const readsCalls = (sql: string): boolean => /\b(FROM|JOIN)\s+(calls|consent_events)\b/.test(sql);

  it('KPIs read rollup rows only, for a period with clipped edge days (UTC midnight in Seoul), as a lead and as an admin', async () => {
    for (const user of [lead, admin]) {
      const q = await traced(() => reviewKpis(ctx, user, { ...PERIOD, tz: 'Asia/Seoul' } as never));
      expect(q.some((x) => /review_rollup_hour/.test(x.sql))).toBe(true);
      expect(q.filter((x) => readsCalls(x.sql)).map((x) => x.sql)).toEqual([]);
      // Another zone than the center's is read by the hour, too.
      const utc = await traced(() => reviewKpis(ctx, user, { ...PERIOD, tz: 'UTC' } as never));
      expect(utc.filter((x) => readsCalls(x.sql)).map((x) => x.sql)).toEqual([]);
    }
  });

  it('the compliance panel counts from rollups and picks its lists from covering partial indexes', async () => {
    for (const user of [lead, admin]) {
      const q = await traced(() => reviewCompliance(ctx, user, PERIOD as never));
      const callReads = q.filter((x) => readsCalls(x.sql));
      // Calls are read by the two lists (late calls, pitches without consent) and, for the people due
      // for re-confirmation, through the access filter's covering (lead, team) index; never scanned.
      expect(callReads.filter((x) => /FROM calls c /.test(x.sql)).length).toBe(2);
      const late = callReads.find((x) => /flag_late_events = 1/.test(x.sql));
      expect(late?.plan).toMatch(/COVERING INDEX calls_(team_)?late_events/);
      for (const x of callReads) expect(x.plan, x.sql).not.toMatch(/SCAN (c|ax)\b/);
      expect(q.filter((x) => /consent_events/.test(x.sql))).toEqual([]);
    }
  });

  it('every order of the call table reads an index range in order, first and next page, as a lead (and the time and agent orders as an admin)', async () => {
    // An admin's duration or outcome order over a period has two candidate indexes (the period's, then a
    // sort of it; the order's, filtering the period) and SQLite's planner picks by its statistics.
    const orders = { lead: REVIEW_SORTS, admin: REVIEW_SORTS.filter((x) => /startedAt|agent/.test(x)) };
    for (const user of [lead, admin]) {
      for (const sort of orders[user.role === 'admin' ? 'admin' : 'lead']) {
        const first = (await reviewCalls(ctx, user, { ...PERIOD, sort, limit: 50 } as never)) as { nextCursor: string | null };
        expect(first.nextCursor, sort).not.toBeNull();
        const pages = [
          await traced(() => reviewCalls(ctx, user, { ...PERIOD, sort, limit: 50 } as never)),
          await traced(() => reviewCalls(ctx, user, { ...PERIOD, sort, limit: 50, cursor: first.nextCursor } as never)),
        ];
        for (const q of pages) {
          const page = q.filter((x) => readsCalls(x.sql));
          expect(page.length, sort).toBeGreaterThan(0);
          for (const x of page) {
            expect(x.plan, `${user.username} ${sort}: ${x.sql}`).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
            expect(x.plan, `${user.username} ${sort}: ${x.sql}`).not.toMatch(/SCAN c\b/);
          }
        }
      }
    }
  });

  it('an export counts from rollups only before its first rows, and its first chunk needs one page', async () => {
    for (const filter of [{ ...PERIOD, agent: 'user-agent1' }, { ...PERIOD, outcome: 'sale', flag: 'opt_out' }]) {
      seen.length = 0;
      const x = await exportCallsCsv(ctx, lead, { filter, sort: '-startedAt', reason: 'plan test' } as never, null);
      expect(seen.filter((q) => readsCalls(q))).toEqual([]);
      await x.chunks.next();
      await x.chunks.next();
      expect(seen.filter((q) => readsCalls(q)).length).toBe(1);
      await x.chunks.return(undefined);
    }
  });

  it('an export gives the event loop a turn between its pages, so other requests and a cancel are not held until its end', async () => {
    const x = await exportCallsCsv(ctx, lead, { filter: { ...PERIOD, agent: 'user-agent1' }, sort: '-startedAt', reason: 'turn test' } as never, null);
    expect((await x.chunks.next()).done).toBe(false); // the header
    expect((await x.chunks.next()).done).toBe(false); // the first page
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const second = await x.chunks.next();
    expect(second.done).toBe(false);
    expect(String(second.value).split('\r\n').length).toBeGreaterThan(100);
    expect(turned).toBe(true);
    await x.chunks.return(undefined);
  });
});
