import type { UserRecord } from '../../identity/users';
import { ApiError, fieldError } from '../../http/api-error';
import type { CallScope } from '../../store/calls';

/**
 * What a reviewer may see: a team lead their own team (asking for another team is 403, so a shared link
 * never silently shows something else), an admin everything. A lead without a team sees nothing.
 * Agents and trainers never reach the review routes (403 by role).
 */
export function reviewScope(user: UserRecord, q: { team?: string | undefined } = {}, location = 'querystring'): CallScope {
  if (user.role === 'admin') return {};
  if (user.role !== 'lead') throw new ApiError('forbidden', 'the review is for team leads and admins');
  const team = user.teamId ?? '\u0000no-team';
  if (q.team !== undefined && q.team !== team) {
    throw new ApiError('forbidden', 'team leads see their own team only', { errors: [fieldError(location, location === 'body' ? '/filter/team' : '/team', 'not your team')] });
  }
  return { teamId: team };
}
