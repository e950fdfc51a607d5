import { COMPLIANCE_LIST_LIMIT } from '../../shared/api/review-compliance';
import type { ConsentKind } from '../../shared/domain/consent-grant';
import { accessWhere, and, where as w, type AccessScope, type Where } from './access-filter';
import { refusalCounts, rollupCells, type PeriodParts, type RollupFilter } from './review-rollup';
import { json, text, textOrNull } from './rows';
import type { Row, Sql } from './sql';

const LIMIT = COMPLIANCE_LIST_LIMIT;

/** Who a row is about, with what the server alone may see (the number, masked by the caller). */
export interface PersonRow {
  readonly leadId: string;
  readonly leadName: string | null;
  readonly phoneE164: string | null;
}

const person = (r: Row): PersonRow => ({ leadId: text(r, 'lead_id'), leadName: textOrNull(r, 'lead_name'), phoneE164: textOrNull(r, 'lead_phone') });

/** Filters of the call lists of the panel (scope fields), over calls `c`. */
function callFilter(f: RollupFilter & { from: string; to: string }, scope: AccessScope): Where {
  const parts: Where[] = [accessWhere(scope, 'call', 'c'), w('c.started_at >= ? AND c.started_at < ?', f.from, f.to)];
  if (f.team !== undefined) parts.push(w('c.team_id = ?', f.team));
  if (f.agent !== undefined) parts.push(w('c.agent_id = ?', f.agent));
  if (f.campaign !== undefined) parts.push(w('c.campaign_id = ?', f.campaign));
  return and(...parts);
}

export interface FlaggedCallRow extends PersonRow {
  readonly callId: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly startedAt: string;
  readonly lateEvents: number;
  readonly maxDelayMs: number;
}

const CALL_SELECT = `SELECT c.id, c.agent_id, u.display_name AS agent_name, c.lead_id, l.name AS lead_name, l.phone_e164 AS lead_phone, c.started_at,
    c.late_event_count, c.max_delay_ms FROM calls c JOIN users u ON u.id = c.agent_id LEFT JOIN leads l ON l.id = c.lead_id`;

function toFlagged(r: Row): FlaggedCallRow {
  return {
    callId: text(r, 'id'),
    agentId: text(r, 'agent_id'),
    agentName: text(r, 'agent_name'),
    ...person(r),
    startedAt: text(r, 'started_at'),
    lateEvents: Number(r['late_event_count'] ?? 0),
    maxDelayMs: Number(r['max_delay_ms'] ?? 0),
  };
}

/** The counts of the panel that are sums of the rollups (late calls and events, pitches without consent). */
export async function complianceCounts(sql: Sql, f: RollupFilter, scope: AccessScope, parts: PeriodParts): Promise<{ lateCalls: number; lateEvents: number; pitchWithoutConsent: number }> {
  const cells = await rollupCells(sql, f, scope, parts, ['flag_late_events', 'late_events', 'flag_pitch_without_consent']);
  const sum = (c: string): number => cells.reduce((n, cell) => n + (cell.sums[c] ?? 0), 0);
  return { lateCalls: sum('flag_late_events'), lateEvents: sum('late_events'), pitchWithoutConsent: sum('flag_pitch_without_consent') };
}

/**
 * Calls of the period with events delivered late, the longest delay first. The most delayed are picked
 * from the covering partial indexes of late calls alone (`calls_team_late_events`, `calls_late_events`:
 * period, delay, id, agent, campaign), then only those few are read and joined; joining every late call
 * of the period before sorting cost a table read per late call (tens of thousands at 10M events).
 */
export async function lateCallItems(sql: Sql, f: RollupFilter & { from: string; to: string }, scope: AccessScope): Promise<FlaggedCallRow[]> {
  const where = and(callFilter(f, scope), w('c.flag_late_events = 1'));
  const top = `SELECT c.id FROM calls c WHERE ${where.clause} ORDER BY c.max_delay_ms DESC, c.id LIMIT ${LIMIT}`;
  const rows = await sql.all(`${CALL_SELECT} WHERE c.id IN (${top}) ORDER BY c.max_delay_ms DESC, c.id`, where.params);
  return rows.map(toFlagged);
}

/** Calls flagged `pitch_without_consent`, newest first (CG-PITCH-LOCK makes them impossible; the list proves it). */
export async function pitchWithoutConsentItems(sql: Sql, f: RollupFilter & { from: string; to: string }, scope: AccessScope): Promise<FlaggedCallRow[]> {
  const where = and(callFilter(f, scope), w('c.flag_pitch_without_consent = 1'));
  const rows = await sql.all(`${CALL_SELECT} WHERE ${where.clause} ORDER BY c.started_at DESC, c.id LIMIT ${LIMIT}`, where.params);
  return rows.map(toFlagged);
}

/** Refused dial attempts of the period and how often each reason code occurred (rollups). */
export async function gateRefusals(sql: Sql, f: RollupFilter, scope: AccessScope, parts: PeriodParts): Promise<{ attempts: number; byReason: { code: string; count: number }[] }> {
  const counts = await refusalCounts(sql, f, scope, parts);
  const byReason = [...counts.entries()]
    .filter(([code, n]) => code !== '' && n > 0)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { attempts: counts.get('') ?? 0, byReason };
}

export interface OptOutReviewRow extends PersonRow {
  readonly optOutId: string;
  readonly at: string;
  readonly channel: string;
  readonly callId: string | null;
  readonly withdrawnGrants: number;
  readonly noticeDueBy: string;
  /** KR-WITHDRAW: when the result notice was sent (server/notices), if it was. */
  readonly noticeSentAt: string | null;
  readonly dncListedAt: string | null;
  /** Recorded before the period (listed because its notice deadline falls in it). */
  readonly earlier: boolean;
}

/**
 * Opt-outs of the period, each once, with their DNC listing and notice deadline: those recorded in the
 * period and earlier ones whose notice deadline falls in it. Totals: recorded in the period, of those
 * not on the DNC list, and listed ones whose notice deadline passed before `now` without a notice sent.
 */
export async function optOutsWithNotices(
  sql: Sql,
  f: RollupFilter & { from: string; to: string; now: string },
  scope: AccessScope,
): Promise<{ count: number; unconfirmed: number; noticesOverdue: number; items: OptOutReviewRow[] }> {
  const parts: Where[] = [
    accessWhere(scope, 'opt_out', 'o'),
    w('((o.at >= ? AND o.at < ?) OR (o.at < ? AND o.notice_due_at >= ? AND o.notice_due_at < ?))', f.from, f.to, f.from, f.from, f.to),
  ];
  if (f.team !== undefined) parts.push(w('o.team_id = ?', f.team));
  if (f.agent !== undefined) parts.push(w('EXISTS (SELECT 1 FROM calls cx WHERE cx.id = o.call_id AND cx.agent_id = ?)', f.agent));
  if (f.campaign !== undefined) parts.push(w('l.campaign_id = ?', f.campaign));
  const where = and(...parts);
  const from =
    'opt_outs o LEFT JOIN leads l ON l.id = o.lead_id LEFT JOIN internal_dnc d ON d.phone_e164 = l.phone_e164 ' +
    'LEFT JOIN (SELECT opt_out_id, MIN(sent_at) AS sent_at FROM notices GROUP BY opt_out_id) nt ON nt.opt_out_id = o.id';
  const inPeriod = 'o.at >= ?';
  const totals = await sql.get(
    `SELECT SUM(CASE WHEN ${inPeriod} THEN 1 ELSE 0 END) AS n,
            SUM(CASE WHEN ${inPeriod} AND d.listed_at IS NULL THEN 1 ELSE 0 END) AS unconfirmed,
            SUM(CASE WHEN o.notice_due_at < ? AND nt.sent_at IS NULL THEN 1 ELSE 0 END) AS overdue
       FROM ${from} WHERE ${where.clause}`,
    [f.from, f.from, f.now, ...where.params],
  );
  const rows = await sql.all(
    `SELECT o.id, o.lead_id, l.name AS lead_name, l.phone_e164 AS lead_phone, o.at, o.channel, o.call_id, o.withdrawn_grant_ids, o.notice_due_at, d.listed_at,
            nt.sent_at AS notice_sent_at
       FROM ${from} WHERE ${where.clause}
      ORDER BY CASE WHEN d.listed_at IS NULL THEN 0 WHEN o.notice_due_at < ? AND nt.sent_at IS NULL THEN 1 ELSE 2 END, o.at DESC, o.id LIMIT ${LIMIT}`,
    [...where.params, f.now],
  );
  return {
    count: Number(totals?.['n'] ?? 0),
    unconfirmed: Number(totals?.['unconfirmed'] ?? 0),
    noticesOverdue: Number(totals?.['overdue'] ?? 0),
    items: rows.map((r) => ({
      optOutId: text(r, 'id'),
      ...person(r),
      at: text(r, 'at'),
      channel: text(r, 'channel'),
      callId: textOrNull(r, 'call_id'),
      withdrawnGrants: json<unknown[]>(r, 'withdrawn_grant_ids').length,
      noticeDueBy: text(r, 'notice_due_at'),
      noticeSentAt: textOrNull(r, 'notice_sent_at'),
      dncListedAt: textOrNull(r, 'listed_at'),
      earlier: text(r, 'at') < f.from,
    })),
  };
}

export interface DueGrantReviewRow extends PersonRow {
  readonly grantId: string;
  readonly campaignId: string;
  readonly kind: ConsentKind;
  readonly dueAt: string;
}

/** KR-RECONF: unwithdrawn consents of people the scope has called whose two years run out before `before`. */
export async function reconfirmationsDue(
  sql: Sql,
  f: RollupFilter & { before: string; now: string },
  scope: AccessScope,
): Promise<{ count: number; overdue: number; items: DueGrantReviewRow[] }> {
  const parts: Where[] = [w('g.withdrawn_at IS NULL AND g.reconfirm_due_at < ?', f.before), accessWhere(scope, 'lead', 'g.lead_id')];
  // A named team or agent narrows to people its calls reached, like the scope does.
  if (f.team !== undefined) parts.push(w('EXISTS (SELECT 1 FROM calls cx WHERE cx.lead_id = g.lead_id AND cx.team_id = ?)', f.team));
  if (f.agent !== undefined) parts.push(w('EXISTS (SELECT 1 FROM calls cx WHERE cx.lead_id = g.lead_id AND cx.agent_id = ?)', f.agent));
  if (f.campaign !== undefined) parts.push(w('l.campaign_id = ?', f.campaign));
  const where = and(...parts);
  const from = 'consent_grants g JOIN leads l ON l.id = g.lead_id';
  const totals = await sql.get(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN g.reconfirm_due_at < ? THEN 1 ELSE 0 END) AS overdue FROM ${from} WHERE ${where.clause}`,
    [f.now, ...where.params],
  );
  const rows = await sql.all(
    `SELECT g.id, g.lead_id, l.name AS lead_name, l.phone_e164 AS lead_phone, l.campaign_id, g.kind, g.reconfirm_due_at FROM ${from}
      WHERE ${where.clause} ORDER BY g.reconfirm_due_at, g.id LIMIT ${LIMIT}`,
    where.params,
  );
  return {
    count: Number(totals?.['n'] ?? 0),
    overdue: Number(totals?.['overdue'] ?? 0),
    items: rows.map((r) => ({
      grantId: text(r, 'id'),
      ...person(r),
      campaignId: text(r, 'campaign_id'),
      kind: text(r, 'kind') as ConsentKind,
      dueAt: text(r, 'reconfirm_due_at'),
    })),
  };
}
