// The live session table (listen, whisper) and the SDP fix-up for rtpengine's multi-party offers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIVE_INPUTS, LIVE_MODES, LIVE_STATES, LIVE_TRANSITIONS, liveStep, type LiveState } from '../../../shared/live/live-session';
import { livePolicy } from '../../../shared/live/policy';
import { uniqueMids } from '../../../server/media/rtpengine-edge';

describe('live sessions', () => {
  it('a listener never gets a whisper leg, and an agent takes a whisper only after the lead published it', () => {
    expect(liveStep('listen', 'active', 'agent_offer')).toBeNull();
    expect(liveStep('whisper', 'connecting', 'agent_offer')).toBeNull();
    expect(liveStep('whisper', 'active', 'agent_answer')).toBeNull();
    expect(liveStep('whisper', 'active', 'agent_offer')).toBe('agent_offered');
    expect(liveStep('whisper', 'agent_offered', 'agent_answer')).toBe('agent_joined');
    // A desk that lost its leg (reloaded, connection failed) takes the whisper again.
    expect(liveStep('whisper', 'agent_joined', 'agent_offer')).toBe('agent_offered');
    expect(liveStep('whisper', 'agent_joined', 'agent_answer')).toBeNull();
  });

  it('every state but ended can end, ended is final, and the table names only known states (every path)', () => {
    for (const mode of LIVE_MODES) {
      for (const st of LIVE_STATES) for (const next of Object.values(LIVE_TRANSITIONS[mode][st])) expect(LIVE_STATES).toContain(next);
      expect(LIVE_TRANSITIONS[mode].ended).toEqual({});
    }
    fc.assert(
      fc.property(fc.constantFrom(...LIVE_MODES), fc.array(fc.constantFrom(...LIVE_INPUTS), { maxLength: 10 }), (mode, inputs) => {
        let st: LiveState = 'connecting';
        for (const i of inputs) st = liveStep(mode, st, i) ?? st;
        if (st !== 'ended') expect(liveStep(mode, st, 'end')).toBe('ended');
        expect(liveStep(mode, 'ended', 'end')).toBeNull();
      }),
    );
  });

  it('KR shows the agent an indicator; US does not by default', () => {
    expect(livePolicy('KR').agentIndicator).toBe(true);
    expect(livePolicy('US').agentIndicator).toBe(false);
  });

  it("rtpengine's repeated a=mid values become unique per m= section (a browser refuses duplicates)", () => {
    const sdp = 'v=0\r\nm=audio 1 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\nm=audio 2 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\n';
    expect(uniqueMids(sdp)).toBe('v=0\r\nm=audio 1 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\nm=audio 2 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\n');
  });
});
