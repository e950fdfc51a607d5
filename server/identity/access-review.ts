import type { AccessReview } from '../../shared/api/access-review';
import type { AppContext } from '../context';
import { num } from '../store/review-sql';
import { text, textOrNull } from '../store/rows';

/** KR-ACCESS: keep the access log 1 year; 2 years once the company holds data of 50,000+ persons. */
export const ACCESS_LOG_RETENTION = { days: 365, largeDays: 730, largeFrom: 50_000 } as const;
/** Actions that read an unmasked number (the dial target). */
const NUMBER_READS = ['dial_target'];
/** An outlier reads more than this many times the median, and at least MIN_OUTLIER_READS numbers. */
const OUTLIER_FACTOR = 3;
const MIN_OUTLIER_READS = 20;

/** The retention in force: the configured days, else by the number of persons held (leads). */
export async function accessLogRetentionDays(ctx: AppContext): Promise<{ days: number; persons: number }> {
  const persons = num((await ctx.store.db.get('SELECT COUNT(DISTINCT phone_e164) AS n FROM leads'))?.['n']);
  const policy = persons >= ACCESS_LOG_RETENTION.largeFrom ? ACCESS_LOG_RETENTION.largeDays : ACCESS_LOG_RETENTION.days;
  return { days: ctx.config.accessLogRetentionDays ?? policy, persons };
}

/** Deletes access-log lines older than the retention in force; returns how many. */
export async function purgeAccessLog(ctx: AppContext): Promise<number> {
  const { days } = await accessLogRetentionDays(ctx);
  const before = new Date(ctx.clock().getTime() - days * 86_400_000).toISOString();
  return (await ctx.store.db.run('DELETE FROM access_log WHERE at < ?', [before])).changes;
}

/** The monthly access review (see AccessReviewSchema): reads per user in the UTC month, outliers flagged. */
export async function accessReview(ctx: AppContext, month: string): Promise<AccessReview> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1)).toISOString();
  const to = new Date(Date.UTC(y, m, 1)).toISOString();
  const rows = await ctx.store.db.all(
    `SELECT a.user_id, u.display_name, a.action, COUNT(*) AS n, COUNT(DISTINCT a.subject_id) AS persons
       FROM access_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.at >= ? AND a.at < ? GROUP BY a.user_id, u.display_name, a.action ORDER BY a.user_id, a.action`,
    [from, to],
  );
  const distinct = await ctx.store.db.all(
    `SELECT user_id, COUNT(DISTINCT subject_id) AS persons FROM access_log WHERE at >= ? AND at < ? AND subject_type = 'lead' GROUP BY user_id`,
    [from, to],
  );
  const personsOf = new Map(distinct.map((r) => [text(r, 'user_id'), num(r['persons'])]));
  const users = new Map<string, AccessReview['users'][number]>();
  for (const r of rows) {
    const id = text(r, 'user_id');
    const u = users.get(id) ?? { userId: id, userName: textOrNull(r, 'display_name'), accesses: 0, numberReads: 0, distinctPersons: personsOf.get(id) ?? 0, byAction: {}, outlier: false };
    const n = num(r['n']);
    const action = text(r, 'action');
    users.set(id, {
      ...u,
      accesses: u.accesses + n,
      numberReads: u.numberReads + (NUMBER_READS.includes(action) ? n : 0),
      byAction: { ...u.byAction, [action]: n },
    });
  }
  const reads = [...users.values()].map((u) => u.numberReads).filter((n) => n > 0).sort((a, b) => a - b);
  const median = reads.length === 0 ? 0 : reads.length % 2 === 1 ? (reads[(reads.length - 1) / 2] ?? 0) : ((reads[reads.length / 2 - 1] ?? 0) + (reads[reads.length / 2] ?? 0)) / 2;
  const list = [...users.values()].map((u) => ({ ...u, outlier: u.numberReads >= MIN_OUTLIER_READS && u.numberReads > OUTLIER_FACTOR * median }));
  list.sort((a, b) => Number(b.outlier) - Number(a.outlier) || b.numberReads - a.numberReads || a.userId.localeCompare(b.userId));
  const { days, persons } = await accessLogRetentionDays(ctx);
  return {
    month,
    from,
    to,
    retentionDays: days,
    persons,
    totalAccesses: list.reduce((s, u) => s + u.accesses, 0),
    medianNumberReads: median,
    minOutlierReads: MIN_OUTLIER_READS,
    users: list,
  };
}
