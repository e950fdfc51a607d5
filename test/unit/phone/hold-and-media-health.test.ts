import { describe, expect, it } from 'vitest';
import { holdState, sdpAudioDirection } from '../../../shared/phone/hold';
import {
  INITIAL_MEDIA_HEALTH_STATE,
  mediaNotices,
  nextMediaHealth,
  type MediaExpectation,
  type MediaHealthState,
  type PacketCounters,
} from '../../../shared/phone/media-health';

const BOTH: MediaExpectation = { inbound: true, outbound: true };
const NONE: MediaExpectation = { inbound: false, outbound: false };

/** Feeds readings one second apart: [received, sent] per second, with the expectation per reading. */
function run(readings: readonly (readonly [number, number, MediaExpectation?])[], noAudioAfterMs = 3_000): MediaHealthState[] {
  const states: MediaHealthState[] = [];
  let state = INITIAL_MEDIA_HEALTH_STATE;
  readings.forEach(([packetsReceived, packetsSent, expect], i) => {
    const counters: PacketCounters = { at: 10_000 + i * 1_000, packetsReceived, packetsSent };
    state = nextMediaHealth(state, counters, expect ?? BOTH, noAudioAfterMs);
    states.push(state);
  });
  return states;
}

describe('hold state', () => {
  it('PHONE-HOLD-BOTH: who holds follows our intent and the negotiated direction', () => {
    expect(holdState(false, 'sendrecv')).toBe('none');
    expect(holdState(false, null)).toBe('none');
    expect(holdState(false, 'recvonly')).toBe('remote'); // the customer sent a=sendonly
    expect(holdState(false, 'inactive')).toBe('remote');
    expect(holdState(true, 'sendonly')).toBe('local');
    expect(holdState(true, 'inactive')).toBe('both');
    expect(holdState(false, 'sendonly')).toBe('none'); // one-way media is a health problem, not a hold
  });

  it('PHONE-HOLD-BOTH: the audio direction of an SDP body, media level over session level', () => {
    const sdp = (media: string, session = ''): string => `v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n${session}t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n${media}`;
    expect(sdpAudioDirection(sdp('a=sendonly\r\n'))).toBe('sendonly');
    expect(sdpAudioDirection(sdp('a=rtpmap:0 PCMU/8000\r\n', 'a=inactive\r\n'))).toBe('inactive');
    expect(sdpAudioDirection(sdp('a=recvonly\r\n', 'a=inactive\r\n'))).toBe('recvonly');
    expect(sdpAudioDirection(sdp('a=rtpmap:0 PCMU/8000\r\n'))).toBe('sendrecv');
    expect(sdpAudioDirection('v=0\r\ns=-\r\n')).toBeNull();
  });
});

describe('media health', () => {
  it('PHONE-NO-AUDIO: answered without any inbound packet: silent after 3 s, with the dead air counted', () => {
    const states = run([[0, 50], [0, 100], [0, 150], [0, 200], [0, 250]]);
    expect(states.map((s) => s.health.inbound)).toEqual(['pending', 'pending', 'pending', 'silent', 'silent']);
    expect(states.map((s) => s.health.outbound)).toEqual(['flowing', 'flowing', 'flowing', 'flowing', 'flowing']);
    expect(states.map((s) => s.health.deadAirMs)).toEqual([0, 0, 0, 3_000, 4_000]);
    expect(mediaNotices(states[2]!.health, states[3]!.health)).toEqual(['no_audio']);
    expect(mediaNotices(states[3]!.health, states[4]!.health)).toEqual([]);
  });

  it('PHONE-NO-AUDIO: audio that stops mid-call turns silent 3 s after the last packet, and back when it resumes', () => {
    const states = run([[50, 50], [100, 100], [150, 150], [150, 200], [150, 250], [150, 300], [200, 350]]);
    expect(states.map((s) => s.health.inbound)).toEqual(['flowing', 'flowing', 'flowing', 'flowing', 'flowing', 'silent', 'flowing']);
    expect(states.at(-2)?.health.deadAirMs).toBe(3_000);
    expect(states.at(-1)?.health.deadAirMs).toBe(3_000); // no more dead air once packets arrive
    expect(mediaNotices(states[5]!.health, states[6]!.health)).toEqual(['audio_restored']);
  });

  it('PHONE-NO-AUDIO: a hold is not dead air; the count restarts when audio is expected again', () => {
    const states = run([[50, 50], [50, 50, NONE], [50, 50, NONE], [50, 50, NONE], [50, 50, NONE], [50, 50], [50, 50], [100, 100]]);
    expect(states.map((s) => s.health.inbound)).toEqual(['flowing', 'held', 'held', 'held', 'held', 'pending', 'pending', 'flowing']);
    expect(states.every((s) => s.health.deadAirMs === 0)).toBe(true);
  });

  it('PHONE-OUTBOUND: our sender stopping while not on hold is `silent` outbound, with its notice', () => {
    const states = run([[50, 50], [100, 100], [150, 100], [200, 100], [250, 100], [300, 150]]);
    expect(states.map((s) => s.health.outbound)).toEqual(['flowing', 'flowing', 'flowing', 'flowing', 'silent', 'flowing']);
    expect(mediaNotices(states[3]!.health, states[4]!.health)).toEqual(['outbound_stopped']);
    expect(mediaNotices(states[4]!.health, states[5]!.health)).toEqual(['outbound_restored']);
  });
});
