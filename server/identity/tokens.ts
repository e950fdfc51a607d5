import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql';
import { text } from '../store/rows';

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

/** The user id and expiry of a token that has not expired, or undefined. */
export async function resolveToken(sql: Sql, token: string, now: Date): Promise<{ userId: string; expiresAt: string } | undefined> {
  const r = await sql.get('SELECT user_id, expires_at FROM tokens WHERE token_sha256 = ? AND expires_at > ?', [tokenDigest(token), now.toISOString()]);
  return r ? { userId: text(r, 'user_id'), expiresAt: text(r, 'expires_at') } : undefined;
}

/** Whether the session of token digest `sha256` is still open (not signed out, not expired). */
export async function sessionOpen(sql: Sql, sha256: string, now: Date): Promise<boolean> {
  return (await sql.get('SELECT 1 AS ok FROM tokens WHERE token_sha256 = ? AND expires_at > ?', [sha256, now.toISOString()])) !== undefined;
}

/** Sign-out: the token stops working at once (and with it the session's dial tokens and SIP credentials' use). */
export async function revokeToken(sql: Sql, sha256: string): Promise<void> {
  await sql.run('DELETE FROM tokens WHERE token_sha256 = ?', [sha256]);
}
