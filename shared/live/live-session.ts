/**
 * One live session of a team lead on a call (issue 15): `listen` (the lead hears both parties, not
 * mixed: one stream each) or `whisper` (the lead's voice goes to the agent only, on an extra leg the
 * desk plays beside the call; the customer's leg is never touched). The media edge does the work; this
 * table says which step may follow which.
 *
 * ```
 *   listen:   connecting ──lead_answer──▶ active ──────────────────────────────▶ ended
 *   whisper:  connecting ──published────▶ active ──agent_offer──▶ agent_offered ──agent_answer──▶ agent_joined
 *   every state but ended ──end | call_end──▶ ended; agent_offered | agent_joined ──agent_offer──▶ agent_offered
 *   (the desk takes the whisper again: it was reloaded, or its leg's connection failed)
 * ```
 */
export const LIVE_MODES = ['listen', 'whisper'] as const;
export type LiveMode = (typeof LIVE_MODES)[number];

export const LIVE_STATES = ['connecting', 'active', 'agent_offered', 'agent_joined', 'ended'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export const LIVE_INPUTS = ['lead_answer', 'published', 'agent_offer', 'agent_answer', 'end', 'call_end'] as const;
export type LiveInput = (typeof LIVE_INPUTS)[number];

const ENDINGS = { end: 'ended', call_end: 'ended' } as const;

export const LIVE_TRANSITIONS: Readonly<Record<LiveMode, Readonly<Record<LiveState, Readonly<Partial<Record<LiveInput, LiveState>>>>>>> = {
  listen: {
    connecting: { lead_answer: 'active', ...ENDINGS },
    active: { ...ENDINGS },
    agent_offered: {},
    agent_joined: {},
    ended: {},
  },
  whisper: {
    connecting: { published: 'active', ...ENDINGS },
    active: { agent_offer: 'agent_offered', ...ENDINGS },
    agent_offered: { agent_offer: 'agent_offered', agent_answer: 'agent_joined', ...ENDINGS },
    agent_joined: { agent_offer: 'agent_offered', ...ENDINGS },
    ended: {},
  },
};

/** The state `input` leads to, or null when it is not allowed there. */
export function liveStep(mode: LiveMode, state: LiveState, input: LiveInput): LiveState | null {
  return LIVE_TRANSITIONS[mode][state][input] ?? null;
}
