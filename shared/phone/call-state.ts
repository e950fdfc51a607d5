import { IllegalTransitionError } from './registration-state';

/**
 * The state machine of one call, as the agent sees it. Hold is part of it on purpose: the UI shows
 * "on hold" only in `held`, which is entered only when the far end accepted the hold re-INVITE
 * (2xx). While the re-INVITE is pending the call is `holding`; if it is refused the call goes
 * back to `active` and the agent is told.
 *
 * ```
 *   outgoing:  dialing ──1xx──▶ ringing
 *                 │                │
 *                 └────── 2xx ─────┴─────────┐
 *   incoming:  incoming ──answer()──▶ answering ──ACK──┐
 *                                            ▼         ▼
 *                                           active ◀──────────────────────────┐
 *                                            │  ▲                             │
 *                                     hold() │  │ hold refused                │ unhold 2xx
 *                                            ▼  │                             │
 *                                           holding                           │
 *                                            │ hold 2xx                       │
 *                                            ▼                                │
 *                                           held ── unhold() ──▶ resuming ────┘
 *                                            ▲                      │
 *                                            └──── unhold refused ──┘
 *
 *   any state but ended ── hangUp() ──▶ ending ──▶ ended
 *   any state but ended ── far end hangs up / refuses / fails / server lost ──▶ ended
 * ```
 *
 * `ended` is terminal and carries a CallEnd (call-end-reason.ts).
 */
export const CALL_STATES = [
  'dialing',
  'ringing',
  'incoming',
  'answering',
  'active',
  'holding',
  'held',
  'resuming',
  'ending',
  'ended',
] as const;
export type CallState = (typeof CALL_STATES)[number];

/** Allowed transitions, from -> to. */
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  dialing: ['ringing', 'active', 'ending', 'ended'],
  ringing: ['active', 'ending', 'ended'],
  incoming: ['answering', 'ending', 'ended'],
  answering: ['active', 'ending', 'ended'],
  active: ['holding', 'ending', 'ended'],
  holding: ['held', 'active', 'ending', 'ended'],
  held: ['resuming', 'ending', 'ended'],
  resuming: ['active', 'held', 'ending', 'ended'],
  ending: ['ended'],
  ended: [],
};

/** States in which the call has media with the far end (answered and not over). */
export const CONNECTED_CALL_STATES: readonly CallState[] = ['active', 'holding', 'held', 'resuming'];

/** True if a call may move from `from` to `to` (staying put is allowed, except leaving `ended`). */
export function canTransitionCall(from: CallState, to: CallState): boolean {
  return from === to || CALL_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError naming both states if the move is not in the table. */
export function assertCallTransition(from: CallState, to: CallState): void {
  if (!canTransitionCall(from, to)) {
    throw new IllegalTransitionError(`a call cannot go from '${from}' to '${to}'`);
  }
}

/** True while the call has been answered and not ended. */
export function isConnected(state: CallState): boolean {
  return CONNECTED_CALL_STATES.includes(state);
}
