import { COMPLIANCE_LIST_LIMIT } from '../../shared/api/review-compliance';
import type { ConsentKind } from '../../shared/domain/consent-grant';
import type { CallScope } from './calls';
import { callWhere, msBetween, num, reasonCodes, type CallFilter, type Where } from './review-sql';
import { json, text, textOrNull } from './rows';
import type { Sql, SqlValue } from './sql';

/** The scope fields of a compliance question (no outcome/flag/lead: those narrow calls, not people). */
export type ScopeFilter = Pick<CallFilter, 'team' | 'agent' | 'campaign'>;

const LIMIT = COMPLIANCE_LIST_LIMIT;

/**
 * People "of" a scope are those its calls reached: the same rule as the evidence bundle (a team lead may
 * see a person their team has called). Empty when nothing narrows (an admin without filters).
 */
function calledWithin(f: ScopeFilter, scope: CallScope, leadColumn: string): Where {
  const w = callWhere({ team: f.team, agent: f.agent }, scope, 'cx');
  if (w.clause === '1 = 1') return w;
  return { clause: `EXISTS (SELECT 1 FROM calls cx WHERE cx.lead_id = ${leadColumn} AND ${w.clause})`, params: w.params };
}

function and(...parts: Where[]): Where {
  return { clause: parts.map((p) => p.clause).join(' AND '), params: parts.flatMap((p) => p.params) };
}

const w = (clause: string, ...params: SqlValue[]): Where => ({ clause, params });

export interface LateCallRow {
  readonly callId: string;
  readonly agentId: string;
  readonly leadId: string;
  readonly startedAt: string;
  readonly lateEvents: number;
  readonly maxDelaySec: number;
}

/** Calls of the period with events delivered later than `lateEventMs`: totals and the worst first. */
export async function lateEventCalls(sql: Sql, f: CallFilter, scope: CallScope, lateEventMs: number): Promise<{ calls: number; events: number; items: LateCallRow[] }> {
  const delay = msBetween(sql.dialect, 'e.occurred_at', 'e.received_at');
  const where = and(callWhere(f, scope), w(`c.flag_late_events = 1 AND ${delay} > ?`, lateEventMs));
  const from = 'calls c JOIN consent_events e ON e.call_id = c.id';
  const totals = await sql.get(`SELECT COUNT(DISTINCT c.id) AS calls, COUNT(*) AS events FROM ${from} WHERE ${where.clause}`, where.params);
  const rows = await sql.all(
    `SELECT c.id, c.agent_id, c.lead_id, c.started_at, COUNT(*) AS n, MAX(${delay}) AS max_ms FROM ${from} WHERE ${where.clause}
      GROUP BY c.id, c.agent_id, c.lead_id, c.started_at ORDER BY max_ms DESC, c.id LIMIT ${LIMIT}`,
    where.params,
  );
  return {
    calls: num(totals?.['calls']),
    events: num(totals?.['events']),
    items: rows.map((r) => ({
      callId: text(r, 'id'),
      agentId: text(r, 'agent_id'),
      leadId: text(r, 'lead_id'),
      startedAt: text(r, 'started_at'),
      lateEvents: num(r['n']),
      maxDelaySec: num(r['max_ms']) / 1000,
    })),
  };
}

/** Calls flagged `pitch_without_consent` (CG-PITCH-LOCK makes it impossible; the count proves it). */
export async function pitchWithoutConsentCalls(sql: Sql, f: CallFilter, scope: CallScope): Promise<{ calls: number; items: Omit<LateCallRow, 'lateEvents' | 'maxDelaySec'>[] }> {
  const where = and(callWhere(f, scope), w('c.flag_pitch_without_consent = 1'));
  const total = await sql.get(`SELECT COUNT(*) AS n FROM calls c WHERE ${where.clause}`, where.params);
  const rows = await sql.all(`SELECT c.id, c.agent_id, c.lead_id, c.started_at FROM calls c WHERE ${where.clause} ORDER BY c.started_at DESC, c.id LIMIT ${LIMIT}`, where.params);
  return {
    calls: num(total?.['n']),
    items: rows.map((r) => ({ callId: text(r, 'id'), agentId: text(r, 'agent_id'), leadId: text(r, 'lead_id'), startedAt: text(r, 'started_at') })),
  };
}

/** Dial attempts the gate refused in the period (by agents of the scope), and how often each reason code occurred. */
export async function gateRefusals(
  sql: Sql,
  f: ScopeFilter & { from: string; to: string },
  scope: CallScope,
): Promise<{ attempts: number; byReason: { code: string; count: number }[] }> {
  const parts: Where[] = [w('a.allowed = 0 AND a.at >= ? AND a.at < ?', f.from, f.to)];
  // Attempts carry no team: an attempt belongs to the team of the agent who asked for it.
  if (scope.teamId !== undefined) parts.push(w('u.team_id = ?', scope.teamId));
  if (f.team !== undefined) parts.push(w('u.team_id = ?', f.team));
  if (scope.agentId !== undefined) parts.push(w('a.agent_id = ?', scope.agentId));
  if (f.agent !== undefined) parts.push(w('a.agent_id = ?', f.agent));
  if (f.campaign !== undefined) parts.push(w('a.campaign_id = ?', f.campaign));
  const where = and(...parts);
  const from = 'dial_attempts a JOIN users u ON u.id = a.agent_id';
  const total = await sql.get(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where.clause}`, where.params);
  const rc = reasonCodes(sql.dialect, 'a');
  const rows = await sql.all(
    `SELECT ${rc.code} AS code, COUNT(*) AS n FROM ${from}, ${rc.from} WHERE ${where.clause} GROUP BY ${rc.code} ORDER BY n DESC, code`,
    where.params,
  );
  return { attempts: num(total?.['n']), byReason: rows.map((r) => ({ code: String(r['code'] ?? ''), count: num(r['n']) })) };
}

export interface OptOutReviewRow {
  readonly optOutId: string;
  readonly leadId: string;
  readonly at: string;
  readonly channel: string;
  readonly callId: string | null;
  readonly withdrawnGrants: number;
  readonly noticeDueBy: string;
  readonly dncListedAt: string | null;
}

const OPT_OUT_FROM = 'opt_outs o LEFT JOIN leads l ON l.id = o.lead_id LEFT JOIN internal_dnc d ON d.phone_e164 = l.phone_e164';

function optOutScope(f: ScopeFilter, scope: CallScope): Where {
  const parts = [calledWithin(f, scope, 'o.lead_id')];
  if (f.campaign !== undefined) parts.push(w('l.campaign_id = ?', f.campaign));
  return and(...parts);
}

function toOptOut(r: Record<string, SqlValue>): OptOutReviewRow {
  return {
    optOutId: text(r, 'id'),
    leadId: text(r, 'lead_id'),
    at: text(r, 'at'),
    channel: text(r, 'channel'),
    callId: textOrNull(r, 'call_id'),
    withdrawnGrants: json<unknown[]>(r, 'withdrawn_grant_ids').length,
    noticeDueBy: text(r, 'notice_due_at'),
    dncListedAt: textOrNull(r, 'listed_at'),
  };
}

/** Opt-outs recorded in the period, the ones whose number is not on the internal DNC list first (KR-OPTOUT, US-IDNC). */
export async function optOutsInPeriod(
  sql: Sql,
  f: ScopeFilter & { from: string; to: string },
  scope: CallScope,
): Promise<{ count: number; unconfirmed: number; items: OptOutReviewRow[] }> {
  const where = and(w('o.at >= ? AND o.at < ?', f.from, f.to), optOutScope(f, scope));
  const totals = await sql.get(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN d.listed_at IS NULL THEN 1 ELSE 0 END) AS unconfirmed FROM ${OPT_OUT_FROM} WHERE ${where.clause}`,
    where.params,
  );
  const rows = await sql.all(
    `SELECT o.id, o.lead_id, o.at, o.channel, o.call_id, o.withdrawn_grant_ids, o.notice_due_at, d.listed_at FROM ${OPT_OUT_FROM}
      WHERE ${where.clause} ORDER BY CASE WHEN d.listed_at IS NULL THEN 0 ELSE 1 END, o.at DESC, o.id LIMIT ${LIMIT}`,
    where.params,
  );
  return { count: num(totals?.['n']), unconfirmed: num(totals?.['unconfirmed']), items: rows.map(toOptOut) };
}

/** KR-WITHDRAW: opt-outs whose 14-day notice deadline falls on or after `deadlineFrom`, soonest first. */
export async function withdrawalNoticesDue(
  sql: Sql,
  f: ScopeFilter & { deadlineFrom: string; before: string; now: string },
  scope: CallScope,
): Promise<{ count: number; overdue: number; items: OptOutReviewRow[] }> {
  const where = and(w('o.notice_due_at >= ? AND o.at < ?', f.deadlineFrom, f.before), optOutScope(f, scope));
  const totals = await sql.get(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN o.notice_due_at < ? THEN 1 ELSE 0 END) AS overdue FROM ${OPT_OUT_FROM} WHERE ${where.clause}`,
    [f.now, ...where.params],
  );
  const rows = await sql.all(
    `SELECT o.id, o.lead_id, o.at, o.channel, o.call_id, o.withdrawn_grant_ids, o.notice_due_at, d.listed_at FROM ${OPT_OUT_FROM}
      WHERE ${where.clause} ORDER BY o.notice_due_at, o.id LIMIT ${LIMIT}`,
    where.params,
  );
  return { count: num(totals?.['n']), overdue: num(totals?.['overdue']), items: rows.map(toOptOut) };
}

export interface DueGrantReviewRow {
  readonly grantId: string;
  readonly leadId: string;
  readonly campaignId: string;
  readonly kind: ConsentKind;
  readonly dueAt: string;
}

/** KR-RECONF: unwithdrawn consents of people of the scope whose two years run out before `before`. */
export async function reconfirmationsDue(
  sql: Sql,
  f: ScopeFilter & { before: string; now: string },
  scope: CallScope,
): Promise<{ count: number; overdue: number; items: DueGrantReviewRow[] }> {
  const parts = [w('g.withdrawn_at IS NULL AND g.reconfirm_due_at < ?', f.before), calledWithin(f, scope, 'g.lead_id')];
  if (f.campaign !== undefined) parts.push(w('l.campaign_id = ?', f.campaign));
  const where = and(...parts);
  const from = 'consent_grants g JOIN leads l ON l.id = g.lead_id';
  const totals = await sql.get(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN g.reconfirm_due_at <= ? THEN 1 ELSE 0 END) AS overdue FROM ${from} WHERE ${where.clause}`,
    [f.now, ...where.params],
  );
  const rows = await sql.all(
    `SELECT g.id, g.lead_id, l.campaign_id, g.kind, g.reconfirm_due_at FROM ${from} WHERE ${where.clause} ORDER BY g.reconfirm_due_at, g.id LIMIT ${LIMIT}`,
    where.params,
  );
  return {
    count: num(totals?.['n']),
    overdue: num(totals?.['overdue']),
    items: rows.map((r) => ({
      grantId: text(r, 'id'),
      leadId: text(r, 'lead_id'),
      campaignId: text(r, 'campaign_id'),
      kind: text(r, 'kind') as ConsentKind,
      dueAt: text(r, 'reconfirm_due_at'),
    })),
  };
}
