import { ROLES, type Role } from './identity';

// Who may call a route, by the groups the route tables (routes.ts and the *-routes.ts beside it) name.
// One definition each: a group changes in one place for every route that uses it.

/** Every signed-in user. */
export const ALL: readonly Role[] = ROLES;
/** Who places calls. */
export const CALLERS: readonly Role[] = ['agent', 'admin'];
/** Who reviews calls, listens live and scores them (leads: their own team's calls). */
export const REVIEWERS: readonly Role[] = ['lead', 'admin'];
/** Who reads QA evaluations (agents: their own). */
export const SCORED: readonly Role[] = ['agent', 'lead', 'admin'];
/** Who practises (agents and trainers). */
export const PRACTISERS: readonly Role[] = ['agent', 'trainer', 'admin'];
/** Who writes practice scenarios and listens to practice calls (trainers, admins). */
export const TRAINERS: readonly Role[] = ['trainer', 'admin'];
