import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import type { CallScope } from '../../store/calls';
import type { ScorecardRow } from '../../store/qa-scorecards';
import { reviewScope } from '../review/scope';

/**
 * Whose evaluations a user may read: an agent their own (asking for another agent or a team is 403),
 * a lead their team's, an admin all (the review scope).
 */
export function evaluationScope(user: UserRecord, q: { team?: string | undefined; agent?: string | undefined } = {}): CallScope {
  if (user.role !== 'agent') return reviewScope(user, q);
  if (q.agent !== undefined && q.agent !== user.id) {
    throw new ApiError('forbidden', 'agents see their own evaluations only', { errors: [fieldError('querystring', '/agent', 'not you')] });
  }
  if (q.team !== undefined) throw new ApiError('forbidden', 'agents see their own evaluations only', { errors: [fieldError('querystring', '/team', 'not allowed for agents')] });
  return { agentId: user.id };
}

/**
 * Scorecards a reviewer may use: a lead their team's and the global ones (made by an admin); an admin
 * every one. Out of reach looks like not there at all.
 */
export function mayUseScorecard(user: UserRecord, s: ScorecardRow): boolean {
  const scope = reviewScope(user);
  return scope.teamId === undefined || s.teamId === null || s.teamId === scope.teamId;
}

/** Edits: a lead their own team's scorecards only (a global one belongs to the admins). */
export function mayEditScorecard(user: UserRecord, s: ScorecardRow): boolean {
  const scope = reviewScope(user);
  return scope.teamId === undefined || s.teamId === scope.teamId;
}
