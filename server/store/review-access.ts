import type { AccessLogEntry } from '../../shared/api/review-access-log';
import { text, textOrNull } from './rows';
import { accessWhere, type AccessScope } from './access-filter';
import type { Sql, SqlValue } from './sql';

export interface AccessLogCursor {
  readonly at: string;
  readonly id: string;
}

/** The access log newest first, keyset-paged on (at, id), as much of it as `scope` may see. */
export async function accessLogPage(
  sql: Sql,
  scope: AccessScope,
  q: { user?: string | undefined; action?: string | undefined; subject?: string | undefined; from?: string | undefined; to?: string | undefined; after?: AccessLogCursor | undefined; limit: number },
): Promise<(AccessLogEntry & { cursor: AccessLogCursor })[]> {
  const visible = accessWhere(scope, 'access_log', 'a');
  const where: string[] = [visible.clause];
  const params: SqlValue[] = [...visible.params];
  const add = (clause: string, ...p: SqlValue[]): void => {
    where.push(clause);
    params.push(...p);
  };
  if (q.user !== undefined) add('a.user_id = ?', q.user);
  if (q.action !== undefined) add('a.action = ?', q.action);
  if (q.subject !== undefined) add('a.subject_id = ?', q.subject);
  if (q.from !== undefined) add('a.at >= ?', q.from);
  if (q.to !== undefined) add('a.at < ?', q.to);
  if (q.after !== undefined) add('(a.at < ? OR (a.at = ? AND a.id < ?))', q.after.at, q.after.at, q.after.id);
  const rows = await sql.all(
    `SELECT a.id, a.at, a.user_id, u.display_name, a.action, a.subject_type, a.subject_id, a.reason
       FROM access_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE ${where.join(' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ${Math.trunc(q.limit) + 1}`,
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
