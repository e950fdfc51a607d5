import type { Lead } from '../../shared/domain/lead';
import { ApiError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import { markOffered } from '../store/leads';
import type { Sql } from '../store/sql';
import { textOrNull } from '../store/rows';
import { worksCampaign } from './campaign-scope';

/**
 * Lead scoping for callers (issue 10 item 4): an agent works only on leads of a campaign assigned to
 * them (decision 0013) that the server hands to them. Anything else does not exist for this agent: 404,
 * the same answer as an unknown id, so ids cannot be probed, and nothing changes. Admins are neither
 * assigned nor held. `mode` says which hold the lead must be in:
 * - `take`: not held for another agent now (next-lead by id, a scheduled callback taken back);
 * - `held`: held for this agent now (offered to them within `holdSec`): the dial authorization.
 */
async function refuseOutOfScope(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number, mode: 'take' | 'held'): Promise<void> {
  if (user.role !== 'agent') return;
  const notFound = (): ApiError => new ApiError('not-found', `no lead ${lead.id}`);
  if (!(await worksCampaign(sql, user, lead.campaignId))) throw notFound();
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const r = await sql.get(`SELECT offered_to, last_offered_at FROM leads WHERE id = ?${lock}`, [lead.id]);
  if (!r) throw notFound();
  const holder = textOrNull(r, 'offered_to');
  const since = textOrNull(r, 'last_offered_at');
  const heldNow = holder !== null && since !== null && since >= new Date(now.getTime() - holdSec * 1000).toISOString();
  if (mode === 'take' ? heldNow && holder !== user.id : !heldNow || holder !== user.id) throw notFound();
}

/** Hands `lead` to `user` (its hold starts or is renewed), unless it is out of their scope (404). */
export async function handLeadTo(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number): Promise<void> {
  await refuseOutOfScope(sql, lead, user, now, holdSec, 'take');
  if (user.role === 'agent') await markOffered(sql, lead.id, user.id, now);
}

/**
 * A dial: an agent may authorize a dial only for a lead of an assigned campaign held for them right now
 * (unheld, held for another agent, or this agent's hold expired: 404). A callback is taken back with
 * next-lead by id first.
 */
export async function refuseUnlessHeldBy(sql: Sql, lead: Lead, user: UserRecord, now: Date, holdSec: number): Promise<void> {
  await refuseOutOfScope(sql, lead, user, now, holdSec, 'held');
}
