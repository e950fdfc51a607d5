import type { ReviewDirectory } from '../../shared/api/review-calls';
import type { AccessScope } from './access-filter';
import { text, textOrNull } from './rows';
import type { Sql } from './sql';
import { placeholders } from './sql';

/** Teams and agents a reviewer may filter by: their own team's, or all for an admin. */
export async function reviewDirectory(sql: Sql, scope: AccessScope): Promise<Omit<ReviewDirectory, 'timeZone'>> {
  const teamId = scope.kind === 'team' ? scope.teamId : undefined;
  const teamWhere = teamId === undefined ? '' : 'WHERE id = ?';
  const userWhere = teamId === undefined ? "WHERE role = 'agent'" : "WHERE role = 'agent' AND team_id = ?";
  const params = teamId === undefined ? [] : [teamId];
  const teams = await sql.all(`SELECT id, name FROM teams ${teamWhere} ORDER BY name, id`, params);
  const agents = await sql.all(`SELECT id, display_name, team_id FROM users ${userWhere} ORDER BY display_name, id`, params);
  return {
    teams: teams.map((r) => ({ id: text(r, 'id'), name: text(r, 'name') })),
    agents: agents.map((r) => ({ id: text(r, 'id'), displayName: text(r, 'display_name'), teamId: textOrNull(r, 'team_id') })),
  };
}

/** id -> display name and team of the given users. */
export async function usersByIds(sql: Sql, ids: readonly string[]): Promise<Map<string, { name: string; teamId: string | null }>> {
  const out = new Map<string, { name: string; teamId: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await sql.all(`SELECT id, display_name, team_id FROM users WHERE id IN (${placeholders(chunk.length)})`, chunk);
    for (const r of rows) out.set(text(r, 'id'), { name: text(r, 'display_name'), teamId: textOrNull(r, 'team_id') });
  }
  return out;
}

/** id -> name of the given teams. */
export async function teamsByIds(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.all(`SELECT id, name FROM teams WHERE id IN (${placeholders(ids.length)})`, ids);
  return new Map(rows.map((r) => [text(r, 'id'), text(r, 'name')]));
}
