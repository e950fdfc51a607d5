import { ApiError, fieldError } from '../../http/api-error';
import type { UserRecord } from '../../identity/users';
import type { AccessScope } from '../../store/access-filter';
import type { ScorecardRow } from '../../store/qa-scorecards';
import { accessScope, reviewAccess } from '../access-scope';

/**
 * Whose evaluations a user may read: the one access scope (an agent their own, a lead their team's, an
 * admin all); an agent naming a team is 403.
 */
export function evaluationScope(user: UserRecord, q: { team?: string | undefined; agent?: string | undefined } = {}): AccessScope {
  if (user.role === 'agent' && q.team !== undefined) {
    throw new ApiError('forbidden', 'agents see their own evaluations only', { errors: [fieldError('querystring', '/team', 'not allowed for agents')] });
  }
  return accessScope(user, q);
}

/** The team a reviewer's scorecards belong to (null for an admin: global ones). */
export function scorecardTeam(user: UserRecord): string | null {
  const scope = reviewAccess(user);
  return scope.kind === 'team' ? scope.teamId : null;
}

/**
 * Scorecards a reviewer may use: a lead their team's and the global ones (made by an admin); an admin
 * every one. Out of reach looks like not there at all.
 */
export function mayUseScorecard(user: UserRecord, s: ScorecardRow): boolean {
  const team = scorecardTeam(user);
  return team === null || s.teamId === null || s.teamId === team;
}

/** Edits: a lead their own team's scorecards only (a global one belongs to the admins). */
export function mayEditScorecard(user: UserRecord, s: ScorecardRow): boolean {
  const team = scorecardTeam(user);
  return team === null || s.teamId === team;
}
