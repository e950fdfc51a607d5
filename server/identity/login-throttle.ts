import { newId } from '../../shared/domain/ids';
import type { Sql } from '../store/sql';

/**
 * Per-user login throttle: after `maxFailures` wrong passwords for one username within `windowSec`,
 * further attempts for it are refused (429) until the window passes, whoever sends them. Kept in the
 * database so a restart does not reset it. The per-address limit is @fastify/rate-limit on the route.
 */
export interface ThrottleConfig {
  readonly maxFailures: number;
  readonly windowSec: number;
}

export async function failuresInWindow(sql: Sql, username: string, now: Date, cfg: ThrottleConfig): Promise<{ count: number; oldest: string | null }> {
  const since = new Date(now.getTime() - cfg.windowSec * 1000).toISOString();
  const r = await sql.get('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE username = ? AND at > ?', [username, since]);
  return { count: r ? Number(r['n']) : 0, oldest: r && r['oldest'] !== null ? String(r['oldest']) : null };
}

export async function recordFailure(sql: Sql, username: string, address: string, now: Date, cfg?: ThrottleConfig): Promise<void> {
  // Failures older than the window count for nothing; dropping them here keeps the table bounded.
  if (cfg) await sql.run('DELETE FROM login_failures WHERE at < ?', [new Date(now.getTime() - cfg.windowSec * 1000).toISOString()]);
  await sql.run('INSERT INTO login_failures (id, username, address, at) VALUES (?, ?, ?, ?)', [newId(), username, address, now.toISOString()]);
}

export async function clearFailures(sql: Sql, username: string): Promise<void> {
  await sql.run('DELETE FROM login_failures WHERE username = ?', [username]);
}
