import type { ProfileId } from '../domain/campaign';
import type { ConsentKind } from '../domain/consent-grant';

/**
 * What a jurisdiction profile asks of every script's shape, checked at load time:
 * - `first`: the rule the start step must serve (KR-ID / US-DISC: identify before anything else);
 * - `beforePitch`: rules a step on every path from the start to a pitch must serve;
 * - `optOut`: the rule the opt-out text must serve (KR-OPTOUT, US-IDNC);
 * - `consentRules`: the rule id a consent question of each kind serves in this profile (named in the
 *   loader's errors about that question).
 * The time and consent questions are checked separately, on the answers (graph.ts), not only on tags.
 */
export interface ProfileScriptRules {
  readonly first: string;
  readonly beforePitch: readonly string[];
  readonly optOut: string;
  readonly consentRules: Readonly<Partial<Record<ConsentKind, string>>>;
}

export const PROFILE_SCRIPT_RULES: Readonly<Record<ProfileId, ProfileScriptRules>> = {
  KR: {
    first: 'KR-ID',
    beforePitch: ['KR-ID', 'CG-TIME', 'KR-SOURCE', 'KR-MKT'],
    optOut: 'KR-OPTOUT',
    consentRules: { marketing_call: 'KR-MKT', third_party_provision: 'KR-3P', recording: 'KR-REC', night_call: 'KR-NIGHT' },
  },
  US: {
    first: 'US-DISC',
    beforePitch: ['US-DISC', 'CG-TIME'],
    optOut: 'US-IDNC',
    consentRules: { marketing_call: 'CG-PITCH-LOCK', recording: 'US-RECNOTICE', written_call: 'US-NDNC' },
  },
};

/** The rule a consent question of `kind` serves under `profile` (CG-PITCH-LOCK when the profile names none). */
export function consentRuleId(profile: ProfileId, kind: ConsentKind): string {
  return PROFILE_SCRIPT_RULES[profile].consentRules[kind] ?? 'CG-PITCH-LOCK';
}
