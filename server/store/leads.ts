import { reconfirmationDueAt } from '../../shared/compliance/consent-status';
import type { JurisdictionProfile } from '../../shared/compliance/profiles';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import type { BusinessRelationship, Lead, LeadSource } from '../../shared/domain/lead';
import { accessWhere, type AccessScope } from './access-filter';
import { inList, type Row, type Sql, type SqlValue } from './sql';
import { insertMany, json, text, textOrNull } from './rows';

function toLead(r: Row): Lead {
  const br = textOrNull(r, 'business_relationship');
  const candidates = textOrNull(r, 'candidate_time_zones');
  const region = textOrNull(r, 'region');
  return {
    id: text(r, 'id'),
    campaignId: text(r, 'campaign_id'),
    name: text(r, 'name'),
    phoneE164: text(r, 'phone_e164'),
    timeZone: text(r, 'time_zone'),
    ...(candidates ? { candidateTimeZones: JSON.parse(candidates) as string[] } : {}),
    ...(region ? { region } : {}),
    source: json<LeadSource>(r, 'source'),
    ...(br ? { businessRelationship: JSON.parse(br) as BusinessRelationship } : {}),
  };
}

/**
 * `reconfirm_due_at` of a grant: the one KR-RECONF definition (shared/compliance `reconfirmationDueAt`),
 * or NEVER_DUE for a kind the profile does not age (the column is NOT NULL; NEVER_DUE sorts after every
 * instant, so "due before X" never lists it).
 */
export function reconfirmDueColumn(g: Pick<ConsentGrant, 'kind' | 'grantedAt' | 'reconfirmedAt'>, profile: JurisdictionProfile, now: Date): string {
  return reconfirmationDueAt(g, profile, now) ?? NEVER_DUE;
}

/** The due date stored for grants that are never due for re-confirmation. */
export const NEVER_DUE = '9999-12-31T23:59:59.999Z';

export async function insertLeads(sql: Sql, leads: readonly Lead[], createdAt: string): Promise<void> {
  await insertMany(
    sql,
    'leads',
    ['id', 'campaign_id', 'name', 'phone_e164', 'time_zone', 'candidate_time_zones', 'region', 'source', 'business_relationship', 'created_at'],
    leads.map((l) => [
      l.id,
      l.campaignId,
      l.name,
      l.phoneE164,
      l.timeZone,
      l.candidateTimeZones ? JSON.stringify(l.candidateTimeZones) : null,
      l.region ?? null,
      JSON.stringify(l.source),
      l.businessRelationship ? JSON.stringify(l.businessRelationship) : null,
      createdAt,
    ]),
  );
}

/** Inserts grants of leads of campaigns under `profile` (which decides their re-confirmation due date). */
export async function insertGrants(sql: Sql, grants: readonly ConsentGrant[], profile: JurisdictionProfile, now: Date): Promise<void> {
  await insertMany(
    sql,
    'consent_grants',
    ['id', 'lead_id', 'kind', 'body', 'granted_at', 'reconfirmed_at', 'withdrawn_at', 'reconfirm_due_at'],
    grants.map((g) => [
      g.id,
      g.leadId,
      g.kind,
      JSON.stringify(g),
      new Date(g.grantedAt).toISOString(),
      g.reconfirmedAt ? new Date(g.reconfirmedAt).toISOString() : null,
      g.withdrawnAt ? new Date(g.withdrawnAt).toISOString() : null,
      reconfirmDueColumn(g, profile, now),
    ]),
  );
}

/** Several leads by id in one query. */
export async function leadsByIds(sql: Sql, ids: readonly string[]): Promise<Map<string, Lead>> {
  const out = new Map<string, Lead>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const { list, params } = inList(sql.dialect, chunk);
    for (const r of await sql.all(`SELECT * FROM leads WHERE id IN ${list}`, params)) {
      const lead = toLead(r);
      out.set(lead.id, lead);
    }
  }
  return out;
}

export async function leadById(sql: Sql, id: string): Promise<Lead | undefined> {
  const r = await sql.get('SELECT * FROM leads WHERE id = ?', [id]);
  return r ? toLead(r) : undefined;
}

/** Grants of a lead; the JSON body is the truth, the withdrawal column overrides it once set. */
export async function grantsOf(sql: Sql, leadId: string): Promise<ConsentGrant[]> {
  const rows = await sql.all('SELECT body, withdrawn_at FROM consent_grants WHERE lead_id = ? ORDER BY granted_at, id', [leadId]);
  return rows.map((r) => {
    const g = json<ConsentGrant>(r, 'body');
    const w = textOrNull(r, 'withdrawn_at');
    return w && !g.withdrawnAt ? { ...g, withdrawnAt: w } : g;
  });
}

/**
 * Withdraws the lead's active grants of the given kinds (KR-WITHDRAW: at once). The grant body is kept
 * as it was given; the withdrawal is a timestamp beside it. Returns the ids withdrawn now.
 */
export async function withdrawGrants(sql: Sql, leadId: string, kinds: readonly string[], at: string): Promise<string[]> {
  const rows = await sql.all(
    `SELECT id FROM consent_grants WHERE lead_id = ? AND withdrawn_at IS NULL AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY id`,
    [leadId, ...kinds],
  );
  const ids = rows.map((r) => text(r, 'id'));
  for (const id of ids) await sql.run('UPDATE consent_grants SET withdrawn_at = ? WHERE id = ?', [at, id]);
  return ids;
}

/**
 * Picks the next lead of a campaign for an agent: the one offered least recently (never offered first),
 * skipping leads offered to someone else in the last `holdSec` seconds, and marks it offered. Runs in a
 * transaction so two agents never get the same lead at once.
 */
export async function claimNextLead(sql: Sql, campaignId: string, agentId: string, now: Date, holdSec: number): Promise<Lead | undefined> {
  const holdSince = new Date(now.getTime() - holdSec * 1000).toISOString();
  const lock = sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const r = await sql.get(
    `SELECT * FROM leads
      WHERE campaign_id = ?
        AND (last_offered_at IS NULL OR last_offered_at < ? OR offered_to = ?)
      ORDER BY CASE WHEN last_offered_at IS NULL THEN 0 ELSE 1 END, last_offered_at, id
      LIMIT 1${lock}`,
    [campaignId, holdSince, agentId],
  );
  if (!r) return undefined;
  await sql.run('UPDATE leads SET last_offered_at = ?, offered_to = ? WHERE id = ?', [now.toISOString(), agentId, text(r, 'id')]);
  return toLead(r);
}

export async function markOffered(sql: Sql, leadId: string, agentId: string, now: Date): Promise<void> {
  await sql.run('UPDATE leads SET last_offered_at = ?, offered_to = ? WHERE id = ?', [now.toISOString(), agentId, leadId]);
}

export interface DueGrantRow {
  grantId: string;
  leadId: string;
  campaignId: string;
  kind: ConsentGrant['kind'];
  grantedAt: string;
  reconfirmedAt: string | null;
  dueAt: string;
}

/** Active grants of people `scope` may see, due for re-confirmation before `before`, by due date (keyset pagination). */
export async function grantsDue(
  sql: Sql,
  scope: AccessScope,
  opts: { before: string; campaignId?: string | undefined; after?: { dueAt: string; id: string } | undefined; limit: number },
): Promise<DueGrantRow[]> {
  const visible = accessWhere(scope, 'lead', 'g.lead_id');
  const where = ['g.withdrawn_at IS NULL', 'g.reconfirm_due_at < ?', visible.clause];
  const params: SqlValue[] = [opts.before, ...visible.params];
  if (opts.campaignId) {
    where.push('l.campaign_id = ?');
    params.push(opts.campaignId);
  }
  if (opts.after) {
    where.push('(g.reconfirm_due_at > ? OR (g.reconfirm_due_at = ? AND g.id > ?))');
    params.push(opts.after.dueAt, opts.after.dueAt, opts.after.id);
  }
  const rows = await sql.all(
    `SELECT g.id, g.lead_id, l.campaign_id, g.kind, g.granted_at, g.reconfirmed_at, g.reconfirm_due_at
       FROM consent_grants g JOIN leads l ON l.id = g.lead_id
      WHERE ${where.join(' AND ')}
      ORDER BY g.reconfirm_due_at, g.id
      LIMIT ${Math.trunc(opts.limit)}`,
    params,
  );
  return rows.map((r) => ({
    grantId: text(r, 'id'),
    leadId: text(r, 'lead_id'),
    campaignId: text(r, 'campaign_id'),
    kind: text(r, 'kind') as ConsentGrant['kind'],
    grantedAt: text(r, 'granted_at'),
    reconfirmedAt: textOrNull(r, 'reconfirmed_at'),
    dueAt: text(r, 'reconfirm_due_at'),
  }));
}
