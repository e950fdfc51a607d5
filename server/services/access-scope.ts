import { ApiError, fieldError } from '../http/api-error';
import type { UserRecord } from '../identity/users';
import type { AccessScope } from '../store/access-filter';

/** A team id that matches no row: a team lead without a team sees nothing. */
const NO_TEAM = '\u0000no-team';

/**
 * What the caller may read, from their role (the one place that decides it; `accessWhere` turns it into
 * SQL): an admin everything, a team lead their own team, an agent their own calls. Asking explicitly for
 * another team (or, as an agent, another agent) is 403 naming the field, so a shared link never silently
 * shows something else. `location` and `prefix` say where the request carried `team`/`agent`.
 */
export function accessScope(
  user: UserRecord,
  requested: { team?: string | undefined; agent?: string | undefined } = {},
  where: { location: 'querystring' | 'body'; prefix: string } = { location: 'querystring', prefix: '' },
): AccessScope {
  const refuse = (field: 'team' | 'agent', message: string): ApiError =>
    new ApiError('forbidden', message, { errors: [fieldError(where.location, `${where.prefix}/${field}`, field === 'team' ? 'not your team' : 'not you')] });
  switch (user.role) {
    case 'admin':
      return { kind: 'all' };
    case 'lead': {
      const teamId = user.teamId ?? NO_TEAM;
      if (requested.team !== undefined && requested.team !== teamId) throw refuse('team', 'team leads see their own team only');
      return { kind: 'team', teamId };
    }
    case 'agent':
      if (requested.agent !== undefined && requested.agent !== user.id) throw refuse('agent', 'agents see their own calls only');
      return { kind: 'agent', agentId: user.id };
    default:
      throw new ApiError('forbidden', 'this role reads no calls, events or people');
  }
}

/** The review workspace is for team leads and admins (the route table says so too; this is the same rule for services). */
export function reviewAccess(user: UserRecord, requested: { team?: string | undefined; agent?: string | undefined } = {}, location: 'querystring' | 'body' = 'querystring'): AccessScope {
  if (user.role !== 'lead' && user.role !== 'admin') throw new ApiError('forbidden', 'the review is for team leads and admins');
  return accessScope(user, requested, { location, prefix: location === 'body' ? '/filter' : '' });
}
