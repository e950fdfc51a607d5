import type { ProfileId } from '../domain/campaign';

/**
 * What a jurisdiction profile asks of every script's shape, checked at load time:
 * - `first`: the rule the start step must serve (KR-ID / US-DISC: identify before anything else);
 * - `beforePitch`: rules a step on every path from the start to a pitch must serve;
 * - `optOut`: the rule the opt-out text must serve (KR-OPTOUT, US-IDNC).
 * The time and consent questions are checked separately, on the answers (graph.ts), not only on tags.
 */
export interface ProfileScriptRules {
  readonly first: string;
  readonly beforePitch: readonly string[];
  readonly optOut: string;
}

export const PROFILE_SCRIPT_RULES: Readonly<Record<ProfileId, ProfileScriptRules>> = {
  KR: { first: 'KR-ID', beforePitch: ['KR-ID', 'CG-TIME', 'KR-SOURCE', 'KR-MKT'], optOut: 'KR-OPTOUT' },
  US: { first: 'US-DISC', beforePitch: ['US-DISC', 'CG-TIME'], optOut: 'US-IDNC' },
};
