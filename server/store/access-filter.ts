import type { Sql, SqlValue } from './sql';

/**
 * Whose data a caller may read (DESIGN.md "Review"; KR-ACCESS): everything (admin), one team (a team
 * lead), or one agent's own (an agent). Decided from the token by `accessScope` (services/access-scope.ts);
 * turned into SQL only by `accessWhere` below.
 */
export type AccessScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'agent'; readonly agentId: string };

export const ALL_ACCESS: AccessScope = { kind: 'all' };

/** A WHERE clause and its parameters. */
export interface Where {
  readonly clause: string;
  readonly params: SqlValue[];
}

/**
 * The kinds of rows a query can return, each with the column (of `alias`) that ties it to a team and
 * to an agent. A person (lead, grant, opt-out list by person, evidence) belongs to the teams and agents
 * whose calls reached them.
 */
export type AccessSubject =
  /** `calls` rows (also the review rollups, which carry the same team and agent columns). */
  | 'call'
  /** `review_rollup` / `review_refusal_rollup` rows. */
  | 'rollup'
  /** `dial_attempts` rows (team of the agent when the dial was asked for). */
  | 'attempt'
  /** `qa_evaluations` rows (the evaluated call's team and agent). */
  | 'evaluation'
  /** `recordings` rows (through their call). */
  | 'recording'
  /** `opt_outs` rows (team of the call it was recorded in). */
  | 'opt_out'
  /** `consent_events` rows (through their call). */
  | 'event'
  /**
   * A person: `alias` is an expression holding a lead id (`g.lead_id`, `l.id`). A team sees the people
   * its calls reached; an agent the people of its assigned campaigns that its calls reached or that were
   * offered to it.
   */
  | 'lead'
  /** `access_log` rows (through the user who accessed). */
  | 'access_log';

/**
 * THE access filter: the rows of `subject` (table alias or lead-id expression `alias`) that `scope`
 * may see, as a WHERE clause. Every query returning calls, events, people, attempts, opt-outs, rollups,
 * exports or access-log entries ANDs this in; nothing else spells a team or agent restriction, so
 * widening or narrowing access is an edit here and nowhere else (test: integration/review/access-filter).
 */
export function accessWhere(scope: AccessScope, subject: AccessSubject, alias: string): Where {
  if (scope.kind === 'all') return { clause: '1 = 1', params: [] };
  const id = scope.kind === 'team' ? scope.teamId : scope.agentId;
  const col = scope.kind === 'team' ? 'team_id' : 'agent_id';
  switch (subject) {
    case 'call':
    case 'rollup':
    case 'attempt':
    case 'evaluation':
      return { clause: `${alias}.${col} = ?`, params: [id] };
    case 'opt_out':
      return scope.kind === 'team'
        ? { clause: `${alias}.team_id = ?`, params: [id] }
        : { clause: `EXISTS (SELECT 1 FROM calls ax WHERE ax.id = ${alias}.call_id AND ax.agent_id = ?)`, params: [id] };
    case 'recording':
      return { clause: `EXISTS (SELECT 1 FROM calls ax WHERE ax.id = ${alias}.call_id AND ax.${col} = ?)`, params: [id] };
    case 'event':
      return scope.kind === 'team'
        ? { clause: `EXISTS (SELECT 1 FROM calls ax WHERE ax.id = ${alias}.call_id AND ax.team_id = ?)`, params: [id] }
        : { clause: `${alias}.agent_id = ?`, params: [id] };
    case 'lead':
      return scope.kind === 'team'
        ? { clause: `EXISTS (SELECT 1 FROM calls ax WHERE ax.lead_id = ${alias} AND ax.team_id = ?)`, params: [id] }
        : {
            // An agent: only people of a campaign assigned to them (decision 0013), and of those the ones
            // their calls reached or offered to them.
            clause: `EXISTS (SELECT 1 FROM leads lx JOIN campaign_agents ca ON ca.campaign_id = lx.campaign_id AND ca.agent_id = ? WHERE lx.id = ${alias} AND (lx.offered_to = ? OR EXISTS (SELECT 1 FROM calls ax WHERE ax.lead_id = lx.id AND ax.agent_id = ?)))`,
            params: [id, id, id],
          };
    case 'access_log':
      return scope.kind === 'team'
        ? { clause: `EXISTS (SELECT 1 FROM users ax WHERE ax.id = ${alias}.user_id AND ax.team_id = ?)`, params: [id] }
        : { clause: `${alias}.user_id = ?`, params: [id] };
  }
}

/** Clauses joined with AND (an empty list is `1 = 1`). */
export function and(...parts: readonly Where[]): Where {
  const kept = parts.filter((p) => p.clause !== '1 = 1');
  return kept.length === 0 ? { clause: '1 = 1', params: [] } : { clause: kept.map((p) => `(${p.clause})`).join(' AND '), params: kept.flatMap((p) => p.params) };
}

/** A clause with its parameters. */
export const where = (clause: string, ...params: SqlValue[]): Where => ({ clause, params });

/** Whether `scope` may see the person `leadId` (the person filter applied to one id). */
export async function leadVisible(sql: Sql, leadId: string, scope: AccessScope): Promise<boolean> {
  const w = and({ clause: 'l.id = ?', params: [leadId] }, accessWhere(scope, 'lead', 'l.id'));
  return (await sql.get(`SELECT 1 AS ok FROM leads l WHERE ${w.clause}`, w.params)) !== undefined;
}
