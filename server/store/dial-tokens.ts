import type { Row, Sql } from './sql';
import { text, textOrNull } from './rows';

/** A dial token as stored: only its SHA-256, and what it is bound to. */
export interface DialTokenRow {
  readonly tokenSha256: string;
  readonly attemptId: string;
  readonly leadId: string;
  readonly agentId: string;
  /** SHA-256 of the session token that asked for the dial: the token dies with the session. */
  readonly sessionSha256: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly redeemedAt: string | null;
  readonly redeemedSipCallId: string | null;
}

function toRow(r: Row): DialTokenRow {
  return {
    tokenSha256: text(r, 'token_sha256'),
    attemptId: text(r, 'attempt_id'),
    leadId: text(r, 'lead_id'),
    agentId: text(r, 'agent_id'),
    sessionSha256: text(r, 'session_sha256'),
    createdAt: text(r, 'created_at'),
    expiresAt: text(r, 'expires_at'),
    redeemedAt: textOrNull(r, 'redeemed_at'),
    redeemedSipCallId: textOrNull(r, 'redeemed_sip_call_id'),
  };
}

export async function insertDialToken(sql: Sql, t: Omit<DialTokenRow, 'redeemedAt' | 'redeemedSipCallId'>): Promise<void> {
  await sql.run(
    'INSERT INTO dial_tokens (token_sha256, attempt_id, lead_id, agent_id, session_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [t.tokenSha256, t.attemptId, t.leadId, t.agentId, t.sessionSha256, t.createdAt, t.expiresAt],
  );
}

export async function dialTokenBySha(sql: Sql, sha256: string): Promise<DialTokenRow | undefined> {
  const r = await sql.get('SELECT * FROM dial_tokens WHERE token_sha256 = ?', [sha256]);
  return r ? toRow(r) : undefined;
}

export async function dialTokenOfAttempt(sql: Sql, attemptId: string): Promise<DialTokenRow | undefined> {
  const r = await sql.get('SELECT * FROM dial_tokens WHERE attempt_id = ?', [attemptId]);
  return r ? toRow(r) : undefined;
}

/**
 * Marks the token used by `sipCallId`, only if nobody used it yet: the single-use check is this one
 * conditional UPDATE (SQLite: the transaction holds the write lock; PostgreSQL: a concurrent UPDATE waits
 * for the first to commit, then finds `redeemed_at` set and changes nothing). True when this call won.
 */
export async function claimDialToken(sql: Sql, sha256: string, sipCallId: string, at: string): Promise<boolean> {
  const r = await sql.run('UPDATE dial_tokens SET redeemed_at = ?, redeemed_sip_call_id = ? WHERE token_sha256 = ? AND redeemed_at IS NULL', [at, sipCallId, sha256]);
  return r.changes === 1;
}
