import type { ProfileId } from '../domain/campaign';

/**
 * What a profile asks of live monitoring (issue 15): whether the agent's desk shows that a team lead is
 * listening or whispering. KR: yes (workplace monitoring is personal-data processing the agent must be
 * told of; *unverified*, keep it configurable); US: no notice required (business-extension monitoring),
 * a company may still turn it on. Data, not code: add a profile's entry here.
 */
export interface LivePolicy {
  readonly agentIndicator: boolean;
}

export const LIVE_POLICIES: Readonly<Partial<Record<ProfileId, LivePolicy>>> = {
  KR: { agentIndicator: true },
  US: { agentIndicator: false },
};

/** The profile's live policy; a profile without one shows the indicator (the cautious default). */
export function livePolicy(profile: ProfileId): LivePolicy {
  return LIVE_POLICIES[profile] ?? { agentIndicator: true };
}
