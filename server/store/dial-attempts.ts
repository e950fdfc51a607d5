import type { VerdictDto } from '../../shared/api/common';
import type { AttemptRecord } from '../../shared/compliance/verdict';
import type { Row, Sql } from './sql';
import { int, json, text } from './rows';

export interface DialAttemptRow {
  readonly id: string;
  readonly leadId: string;
  readonly campaignId: string;
  readonly agentId: string;
  readonly at: string;
  readonly allowed: boolean;
  readonly reasons: VerdictDto['reasons'];
  readonly expiresAt: string;
  readonly ledgerSeq: number;
}

function toAttempt(r: Row): DialAttemptRow {
  return {
    id: text(r, 'id'),
    leadId: text(r, 'lead_id'),
    campaignId: text(r, 'campaign_id'),
    agentId: text(r, 'agent_id'),
    at: text(r, 'at'),
    allowed: int(r, 'allowed') === 1,
    reasons: json<VerdictDto['reasons']>(r, 'reasons'),
    expiresAt: text(r, 'expires_at'),
    ledgerSeq: int(r, 'ledger_seq'),
  };
}

/** Records an attempt; it belongs to the team its agent is in now (review scope and rollups). */
export async function insertAttempt(sql: Sql, a: DialAttemptRow): Promise<void> {
  await sql.run(
    `INSERT INTO dial_attempts (id, lead_id, campaign_id, agent_id, team_id, at, allowed, reasons, expires_at, ledger_seq)
     VALUES (?, ?, ?, ?, (SELECT u.team_id FROM users u WHERE u.id = ?), ?, ?, ?, ?, ?)`,
    [a.id, a.leadId, a.campaignId, a.agentId, a.agentId, a.at, a.allowed ? 1 : 0, JSON.stringify(a.reasons), a.expiresAt, a.ledgerSeq],
  );
}

export async function attemptById(sql: Sql, id: string): Promise<DialAttemptRow | undefined> {
  const r = await sql.get('SELECT * FROM dial_attempts WHERE id = ?', [id]);
  return r ? toAttempt(r) : undefined;
}

/** Authorized attempts of a lead (CG-ATTEMPTS counts dials that were allowed, not refusals). */
export async function attemptHistory(sql: Sql, leadId: string, exceptAttemptId: string | null = null): Promise<AttemptRecord[]> {
  const rows = await sql.all('SELECT lead_id, campaign_id, at FROM dial_attempts WHERE lead_id = ? AND allowed = 1 AND id <> ? ORDER BY at', [leadId, exceptAttemptId ?? '']);
  return rows.map((r) => ({ leadId: text(r, 'lead_id'), campaignId: text(r, 'campaign_id'), at: text(r, 'at') }));
}

export async function attemptsOfLead(sql: Sql, leadId: string): Promise<DialAttemptRow[]> {
  return (await sql.all('SELECT * FROM dial_attempts WHERE lead_id = ? ORDER BY at, id', [leadId])).map(toAttempt);
}
