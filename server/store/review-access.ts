import type { AccessLogEntry } from '../../shared/api/review-access-log';
import { newId } from '../../shared/domain/ids';
import { text, textOrNull } from './rows';
import type { Sql, SqlValue } from './sql';

/**
 * KR-ACCESS entries the review writes besides the evidence bundle's own: exports of call lists, whose
 * subject is the filter (`subjectType` `calls`). Same table as server/identity/access-log.ts.
 */
export async function logReviewAccess(
  sql: Sql,
  rec: { at: string; userId: string; action: 'export'; subjectType: 'calls' | 'lead'; subjectId: string; reason: string; address: string | null },
): Promise<string> {
  const id = newId();
  await sql.run('INSERT INTO access_log (id, at, user_id, action, subject_type, subject_id, reason, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    id,
    rec.at,
    rec.userId,
    rec.action,
    rec.subjectType,
    rec.subjectId.slice(0, 1000),
    rec.reason,
    rec.address,
  ]);
  return id;
}

export interface AccessLogCursor {
  readonly at: string;
  readonly id: string;
}

/** The access log newest first, keyset-paged on (at, id); `teamId` limits it to that team's users. */
export async function accessLogPage(
  sql: Sql,
  q: { teamId?: string | undefined; user?: string | undefined; action?: string | undefined; subject?: string | undefined; from?: string | undefined; to?: string | undefined; after?: AccessLogCursor | undefined; limit: number },
): Promise<(AccessLogEntry & { cursor: AccessLogCursor })[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...p: SqlValue[]): void => {
    where.push(clause);
    params.push(...p);
  };
  if (q.teamId !== undefined) add('u.team_id = ?', q.teamId);
  if (q.user !== undefined) add('a.user_id = ?', q.user);
  if (q.action !== undefined) add('a.action = ?', q.action);
  if (q.subject !== undefined) add('a.subject_id = ?', q.subject);
  if (q.from !== undefined) add('a.at >= ?', q.from);
  if (q.to !== undefined) add('a.at < ?', q.to);
  if (q.after !== undefined) add('(a.at < ? OR (a.at = ? AND a.id < ?))', q.after.at, q.after.at, q.after.id);
  const rows = await sql.all(
    `SELECT a.id, a.at, a.user_id, u.display_name, a.action, a.subject_type, a.subject_id, a.reason
       FROM access_log a LEFT JOIN users u ON u.id = a.user_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.at DESC, a.id DESC LIMIT ${Math.trunc(q.limit) + 1}`,
    params,
  );
  return rows.map((r) => ({
    id: text(r, 'id'),
    at: text(r, 'at'),
    userId: text(r, 'user_id'),
    userName: textOrNull(r, 'display_name'),
    action: text(r, 'action'),
    subjectType: text(r, 'subject_type'),
    subjectId: text(r, 'subject_id'),
    reason: text(r, 'reason'),
    cursor: { at: text(r, 'at'), id: text(r, 'id') },
  }));
}
