/**
 * Whether audio actually flows on a call, judged from the packet counters of WebRTC statistics
 * (never from the SIP state: a call can be "established" with nothing arriving). One direction at
 * a time:
 *
 * ```
 *               packets arrive               no packets for noAudioAfterMs
 *   pending ────────────────────▶ flowing ──────────────────────────────▶ silent
 *      │                            ▲                                        │
 *      │ no packets for             └──────────── packets arrive ────────────┘
 *      │ noAudioAfterMs
 *      └──────────────────────────────────────────────────────────────────▶ silent
 *
 *   any ── not expected (a hold, ours or theirs) ──▶ held ── expected again ──▶ pending
 * ```
 *
 * `silent` is what the agent is warned about: the customer answered without sending audio, their
 * audio stopped mid-call (inbound), or ours stopped reaching them (outbound). The time spent
 * `silent` inbound is dead air, recorded on the call so review can find such calls.
 */
export const AUDIO_FLOWS = ['pending', 'flowing', 'silent', 'held'] as const;
export type AudioFlow = (typeof AUDIO_FLOWS)[number];

/** Media health of one call, part of its snapshot. */
export interface MediaHealth {
  /** Audio from the far end. */
  readonly inbound: AudioFlow;
  /** Our audio toward the far end. */
  readonly outbound: AudioFlow;
  /** Total ms inbound audio was expected and did not arrive (counted from the last packet). */
  readonly deadAirMs: number;
}

export const INITIAL_MEDIA_HEALTH: MediaHealth = { inbound: 'pending', outbound: 'pending', deadAirMs: 0 };

/** The running packet counters of a call's audio at one instant. */
export interface PacketCounters {
  /** Epoch ms of the reading. */
  readonly at: number;
  readonly packetsReceived: number;
  readonly packetsSent: number;
}

/** Which directions should carry audio now (none while on hold; see hold.ts). */
export interface MediaExpectation {
  readonly inbound: boolean;
  readonly outbound: boolean;
}

/** The tracker's memory between two readings. */
export interface MediaHealthState {
  readonly health: MediaHealth;
  readonly last: PacketCounters | null;
  /** Epoch ms each direction last made progress (or became expected). */
  readonly inboundSince: number | null;
  readonly outboundSince: number | null;
}

export const INITIAL_MEDIA_HEALTH_STATE: MediaHealthState = { health: INITIAL_MEDIA_HEALTH, last: null, inboundSince: null, outboundSince: null };

/**
 * The health after one more reading. Pure: the media component feeds it a getStats reading every
 * sampling interval, with what is expected given the hold state; `noAudioAfterMs` is the
 * `noAudioAfterMs` phone setting (default 3 s).
 */
export function nextMediaHealth(state: MediaHealthState, counters: PacketCounters, expect: MediaExpectation, noAudioAfterMs: number): MediaHealthState {
  const prev = state.last;
  const inbound = flowStep(state.health.inbound, state.inboundSince, prev?.packetsReceived ?? null, counters.packetsReceived, counters.at, expect.inbound, noAudioAfterMs);
  const outbound = flowStep(state.health.outbound, state.outboundSince, prev?.packetsSent ?? null, counters.packetsSent, counters.at, expect.outbound, noAudioAfterMs);
  let deadAirMs = state.health.deadAirMs;
  if (inbound.flow === 'silent') {
    // On entering `silent`, the whole gap since the last packet was dead air; after that, each interval.
    deadAirMs += state.health.inbound === 'silent' && prev ? counters.at - prev.at : counters.at - (state.inboundSince ?? counters.at);
  }
  return {
    health: { inbound: inbound.flow, outbound: outbound.flow, deadAirMs: Math.max(0, Math.round(deadAirMs)) },
    last: counters,
    inboundSince: inbound.since,
    outboundSince: outbound.since,
  };
}

function flowStep(
  flow: AudioFlow,
  since: number | null,
  before: number | null,
  now: number,
  at: number,
  expected: boolean,
  noAudioAfterMs: number,
): { flow: AudioFlow; since: number | null } {
  if (!expected) return { flow: 'held', since: null };
  // Counters restart (a new peer connection) or first reading: only a positive change is progress.
  const progressed = before === null ? now > 0 : now > before;
  if (flow === 'held' || since === null) return { flow: progressed ? 'flowing' : 'pending', since: at };
  if (progressed) return { flow: 'flowing', since: at };
  if (at - since >= noAudioAfterMs) return { flow: 'silent', since };
  return { flow, since };
}

/** What the agent must be told about a change of health (PhoneNoticeKind values). */
export type MediaNoticeKind = 'no_audio' | 'audio_restored' | 'outbound_stopped' | 'outbound_restored';

/** The notices a change from `before` to `after` calls for, in a stable order. */
export function mediaNotices(before: MediaHealth, after: MediaHealth): MediaNoticeKind[] {
  const notices: MediaNoticeKind[] = [];
  if (after.inbound === 'silent' && before.inbound !== 'silent') notices.push('no_audio');
  if (after.inbound === 'flowing' && before.inbound === 'silent') notices.push('audio_restored');
  if (after.outbound === 'silent' && before.outbound !== 'silent') notices.push('outbound_stopped');
  if (after.outbound === 'flowing' && before.outbound === 'silent') notices.push('outbound_restored');
  return notices;
}
