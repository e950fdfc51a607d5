import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql';
import { text } from '../store/rows';
import { toUser, type UserRecord } from './users';

/** Only the SHA-256 of a token is stored: a leaked database does not hand out sessions. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new bearer token for `userId`, valid for `ttlSec`. */
export async function issueToken(sql: Sql, userId: string, now: Date, ttlSec: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlSec * 1000).toISOString();
  await sql.run('INSERT INTO tokens (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    tokenDigest(token),
    userId,
    now.toISOString(),
    expiresAt,
  ]);
  // Expired tokens are useless; dropping them here keeps the table small without a job.
  await sql.run('DELETE FROM tokens WHERE expires_at < ?', [now.toISOString()]);
  return { token, expiresAt };
}

/** An open session: its user and when its token expires. */
export interface Session {
  readonly user: UserRecord;
  readonly expiresAt: string;
}

/** The session of token digest `sha256` if it has not expired (one query: the token and its user), or undefined. */
export async function sessionByDigest(sql: Sql, sha256: string, now: Date): Promise<Session | undefined> {
  const r = await sql.get('SELECT u.*, t.expires_at AS token_expires_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ? AND t.expires_at > ?', [
    sha256,
    now.toISOString(),
  ]);
  return r ? { user: toUser(r), expiresAt: text(r, 'token_expires_at') } : undefined;
}

/** Whether the session of token digest `sha256` is still open (not signed out, not expired). */
export async function sessionOpen(sql: Sql, sha256: string, now: Date): Promise<boolean> {
  return (await sql.get('SELECT 1 AS ok FROM tokens WHERE token_sha256 = ? AND expires_at > ?', [sha256, now.toISOString()])) !== undefined;
}

/** Sign-out: the token stops working at once (and with it the session's dial tokens and SIP credentials' use). */
export async function revokeToken(sql: Sql, sha256: string): Promise<void> {
  await sql.run('DELETE FROM tokens WHERE token_sha256 = ?', [sha256]);
}
