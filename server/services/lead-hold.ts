import type { Lead } from '../../shared/domain/lead';
import { ApiError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { markOffered } from '../store/leads';
import type { Sql } from '../store/sql';
import { text, textOrNull } from '../store/rows';

/**
 * Lead scoping for callers (issue 10 item 4): an agent works only on a lead the server hands to them.
 * A lead held for another agent (offered to them within `holdSec`) does not exist for this agent (404,
 * the same answer as an unknown id, so ids cannot be probed); otherwise the lead is handed to this
 * agent now (its hold starts or is renewed), which is what next-lead does. Admins are not held.
 * Used by next-lead (a lead asked for by id) and by the dial authorization, so both apply one rule.
 */
export async function handLeadTo(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number): Promise<void> {
  await refuseIfHeldByAnother(sql, lead, user, now, holdSec);
  if (user.role === 'agent') await markOffered(sql, lead.id, user.id, now);
}

/** The check half of `handLeadTo` (a dial the gate refuses does not take the hold). */
export async function refuseIfHeldByAnother(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number): Promise<void> {
  if (user.role !== 'agent') return;
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await sql.get(`SELECT id, offered_to, last_offered_at FROM leads WHERE id = ?${lock}`, [lead.id]);
  if (!r) throw new ApiError('not-found', `no lead ${lead.id}`);
  const holder = textOrNull(r, 'offered_to');
  const since = textOrNull(r, 'last_offered_at');
  const holdFrom = new Date(now.getTime() - holdSec * 1000).toISOString();
  if (holder !== null && holder !== user.id && since !== null && since >= holdFrom) throw new ApiError('not-found', `no lead ${text(r, 'id')}`);
}

/**
 * Lead scoping for a dial (issue 10 item 4): an agent may authorize a dial only for a lead the server
 * handed to them, i.e. held for this agent right now (offered to them by next-lead within `holdSec`).
 * Any other lead (unheld, held for another agent, or this agent's hold expired) answers 404 like an
 * unknown id, so ids cannot be probed. There is no assignment concept beyond the hold (a callback is
 * taken back with next-lead by id). Team leads and admins are not held and are not refused here.
 */
export async function refuseUnlessHeldBy(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number): Promise<void> {
  if (user.role !== 'agent') return;
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await sql.get(`SELECT id, offered_to, last_offered_at FROM leads WHERE id = ?${lock}`, [lead.id]);
  if (!r) throw new ApiError('not-found', `no lead ${lead.id}`);
  const holder = textOrNull(r, 'offered_to');
  const since = textOrNull(r, 'last_offered_at');
  const holdFrom = new Date(now.getTime() - holdSec * 1000).toISOString();
  if (holder !== user.id || since === null || since < holdFrom) throw new ApiError('not-found', `no lead ${text(r, 'id')}`);
}
