import type { Role, UserView } from '../../shared/api/identity';
import type { Row, Sql } from '../store/sql';
import { text, textOrNull } from '../store/rows';

export interface UserRecord extends UserView {
  readonly passwordHash: string;
}

/** A `users` row as a record. */
export function toUser(r: Row): UserRecord {
  return {
    id: text(r, 'id'),
    username: text(r, 'username'),
    displayName: text(r, 'display_name'),
    role: text(r, 'role') as Role,
    teamId: textOrNull(r, 'team_id'),
    passwordHash: text(r, 'password_hash'),
  };
}

/** The public view of a user (no hash). */
export function userView(u: UserRecord): UserView {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId };
}

export async function insertTeam(sql: Sql, id: string, name: string): Promise<void> {
  await sql.run('INSERT INTO teams (id, name) VALUES (?, ?)', [id, name]);
}

export async function insertUser(sql: Sql, u: UserRecord, createdAt: string): Promise<void> {
  await sql.run(
    'INSERT INTO users (id, username, display_name, role, team_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [u.id, u.username, u.displayName, u.role, u.teamId, u.passwordHash, createdAt],
  );
}

export async function userByName(sql: Sql, username: string): Promise<UserRecord | undefined> {
  const r = await sql.get('SELECT * FROM users WHERE username = ?', [username]);
  return r ? toUser(r) : undefined;
}

export async function userById(sql: Sql, id: string): Promise<UserRecord | undefined> {
  const r = await sql.get('SELECT * FROM users WHERE id = ?', [id]);
  return r ? toUser(r) : undefined;
}

export async function countUsers(sql: Sql): Promise<number> {
  const r = await sql.get('SELECT COUNT(*) AS n FROM users');
  return r ? Number(r['n']) : 0;
}
