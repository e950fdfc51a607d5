/**
 * Who holds a call. A call can be held by the agent (`local`: our re-INVITE with `a=sendonly` or
 * `a=inactive` was accepted), by the far end (`remote`: the customer's phone sent us such an offer,
 * so our audio reaches nobody), or by both. The call state machine (call-state.ts) tracks only the
 * agent's own hold; this is what the agent must be shown.
 */
export const HOLD_STATES = ['none', 'local', 'remote', 'both'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

/** An SDP media direction (RFC 3264), always from our side of the call. */
export const MEDIA_DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
export type MediaDirection = (typeof MEDIA_DIRECTIONS)[number];

/**
 * The hold state from our own intent and the direction last negotiated for our audio (WebRTC's
 * `transceiver.currentDirection`). Our hold offer is `sendonly` (or `inactive` when the far end
 * already holds); the far end's hold leaves us `recvonly` (or `inactive` when we hold too):
 *
 * | we hold | negotiated  | hold   |
 * |---------|-------------|--------|
 * | no      | sendrecv    | none   |
 * | no      | recvonly    | remote |
 * | no      | inactive    | remote |
 * | no      | sendonly    | none   (the far end sends nothing; media health reports it, not hold) |
 * | yes     | sendonly    | local  |
 * | yes     | inactive    | both   |
 * | yes     | sendrecv / recvonly | local (not negotiated yet: what we asked for) |
 *
 * `null` (nothing negotiated yet) is read as `sendrecv`.
 */
export function holdState(weHold: boolean, negotiated: MediaDirection | null): HoldState {
  const direction = negotiated ?? 'sendrecv';
  if (weHold) return direction === 'inactive' ? 'both' : 'local';
  return direction === 'recvonly' || direction === 'inactive' ? 'remote' : 'none';
}

/** True if the far end holds the call (alone or with us). */
export function heldByRemote(hold: HoldState): boolean {
  return hold === 'remote' || hold === 'both';
}

/** The `a=` direction attribute of the first audio section of an SDP body, or null if it has none. */
export function sdpAudioDirection(sdp: string): MediaDirection | null {
  const sections = sdp.split(/\r?\nm=/);
  const session = sections[0] ?? '';
  const audio = sections.slice(1).find((s) => s.startsWith('audio'));
  const find = (text: string): MediaDirection | null => {
    const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(text);
    return match ? (match[1] as MediaDirection) : null;
  };
  // A media-level attribute wins over the session-level one (RFC 4566 section 6).
  return (audio ? find(audio) : null) ?? find(session) ?? (audio ? 'sendrecv' : null);
}

/** The direction seen from the other side: what they send is what we receive. */
export function reverseDirection(direction: MediaDirection): MediaDirection {
  if (direction === 'sendonly') return 'recvonly';
  if (direction === 'recvonly') return 'sendonly';
  return direction;
}
