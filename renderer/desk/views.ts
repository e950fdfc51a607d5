import type { Role } from '../../shared/api/identity';

/**
 * The workspaces of the app and who sees them. The current one lives in the URL hash (`#/review?...`),
 * so a view (with its filters) can be shared as a link and survives a reload.
 */
export const VIEWS = ['desk', 'scores', 'review', 'access', 'practice', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_ROLES: Readonly<Record<View, readonly Role[]>> = {
  desk: ['agent', 'admin'],
  /** The agent's own QA scores and the lead's comments (issue 15). */
  scores: ['agent'],
  review: ['lead', 'admin'],
  /** KR-ACCESS monthly access review: the privacy officer (admin) only, as the route. */
  access: ['admin'],
  practice: ['agent', 'trainer', 'admin'],
  settings: ['agent', 'lead', 'trainer', 'admin'],
};

export function viewsFor(role: Role): View[] {
  return VIEWS.filter((v) => VIEW_ROLES[v].includes(role));
}

/** `#/review?team=t1` -> { view: 'review', params: team=t1 }. Unknown or forbidden views fall back. */
export function parseHash(hash: string, role: Role): { view: View; params: URLSearchParams } {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const allowed = viewsFor(role);
  const wanted = (m?.[1] ?? '') as View;
  const view = allowed.includes(wanted) ? wanted : (allowed[0] ?? 'desk');
  return { view, params: new URLSearchParams(view === wanted ? (m?.[2] ?? '') : '') };
}

export function viewHash(view: View, params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/${view}${q ? `?${q}` : ''}`;
}
