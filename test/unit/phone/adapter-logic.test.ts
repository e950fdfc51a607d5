import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../shared/domain/locale';
import { CALL_END_REASONS } from '../../../shared/phone/call-end-reason';
import { CALL_STATES } from '../../../shared/phone/call-state';
import { PHONE_ERROR_CODES } from '../../../shared/phone/phone-error';
import { PHONE_NOTICE_KINDS } from '../../../shared/phone/sip-port';
import { REGISTRATION_STATES } from '../../../shared/phone/registration-state';
import { phoneMessages } from '../../../renderer/phone/messages';
import { redactNumbers } from '../../../renderer/phone/sip-log';
import { startSleepDetector, type DetectorClock } from '../../../renderer/phone/sleep-detector';
import { audioSnapshot, qualityBetween } from '../../../renderer/phone/stats-diff';

/** A clock whose time and interval ticks the test controls. */
function manualClock(): DetectorClock & { advance(ms: number, ticks?: number): void } {
  let now = 0;
  let tick: (() => void) | null = null;
  return {
    now: () => now,
    setInterval: (cb) => (tick = cb),
    clearInterval: () => void (tick = null),
    advance(ms, ticks = 1) {
      now += ms;
      for (let i = 0; i < ticks; i++) tick?.();
    },
  };
}

describe('stats diffing', () => {
  const report = (inbound: Record<string, number>, extra: object[] = []): unknown[] => [
    { type: 'inbound-rtp', kind: 'audio', ...inbound },
    { type: 'outbound-rtp', kind: 'audio', bytesSent: 900, packetsSent: 9 },
    { type: 'inbound-rtp', kind: 'video', packetsReceived: 99_999, packetsLost: 99_999 },
    ...extra,
  ];

  it('PHONE-QUALITY: loss is per interval, RTT prefers RTCP over the ICE pair, jitter in ms', () => {
    const a = audioSnapshot(report({ packetsReceived: 100, packetsLost: 0, bytesReceived: 16_000, totalAudioEnergy: 1, jitter: 0.004 }), 1_000);
    const b = audioSnapshot(
      report({ packetsReceived: 190, packetsLost: 10, bytesReceived: 30_000, totalAudioEnergy: 2, jitter: 0.012 }, [
        { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.08 },
        { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.002 },
      ]),
      3_000,
    );
    const q = qualityBetween('c1', a, b);
    expect(q).toMatchObject({ callId: 'c1', at: 3_000, lossPercent: 10, jitterMs: 12, rttMs: 80, bytesReceived: 30_000, bytesSent: 900, audioEnergyReceived: 2 });
    expect(q.level).toBe('poor');
    const pairOnly = audioSnapshot(report({ packetsReceived: 10 }, [{ type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.002 }]), 0);
    expect(pairOnly.rttS).toBe(0.002);
  });

  it('PHONE-MEDIA-TRUTH: an interval without received packets is `no_audio`, never rated (no MOS 4.4 on silence)', () => {
    const a = audioSnapshot(report({ packetsReceived: 100, packetsLost: 5 }), 0);
    // The customer answered but sends nothing: no loss figure and no MOS, not "good".
    expect(qualityBetween('c', null, audioSnapshot([], 0))).toMatchObject({ lossPercent: null, mos: null, level: 'no_audio', rttMs: null });
    // Audio stopped: the counters stand still over the interval.
    expect(qualityBetween('c', a, { ...a, at: 2_000 })).toMatchObject({ lossPercent: null, mos: null, level: 'no_audio' });
    // Packets arrived: rated; a negative loss count (duplicates, RFC 3550) counts as none.
    const q = qualityBetween('c', a, { ...a, packetsReceived: 150, packetsLost: 3 });
    expect(q).toMatchObject({ lossPercent: 0, level: 'good' });
    expect(q.mos).toBeGreaterThan(4);
  });
});

describe('sleep detection', () => {
  it('PHONE-WAKE: a tick arriving far later than planned is a wake; normal ticks are not', () => {
    const clock = manualClock();
    const wakes: number[] = [];
    const stop = startSleepDetector({ clock, intervalMs: 2_000, thresholdMs: 8_000, onWake: (ms) => wakes.push(ms) });
    clock.advance(2_000);
    clock.advance(2_300); // a busy renderer: late, but not asleep
    clock.advance(62_000); // the laptop lid was closed for a minute
    clock.advance(2_000);
    expect(wakes).toEqual([60_000]);
    stop();
    clock.advance(100_000);
    expect(wakes).toHaveLength(1);
  });
});

describe('log redaction', () => {
  it('PHONE-PRIVACY: phone numbers never reach the log in clear', () => {
    const line = 'INVITE sip:+821012345678@calls.example.com SIP/2.0\r\nTo: <sip:01012345678@x>';
    const redacted = redactNumbers(line);
    expect(redacted).not.toMatch(/1012345678/);
    expect(redacted).toContain('@calls.example.com');
    expect(redactNumbers('port 5060 cseq 12')).toBe('port 5060 cseq 12');
  });
});

describe('messages', () => {
  it('PHONE-I18N: every state, end reason and error has a non-empty text in Korean and English', () => {
    for (const locale of LOCALES) {
      const m = phoneMessages[locale];
      for (const s of REGISTRATION_STATES) expect(m.registration[s].trim()).not.toBe('');
      for (const s of CALL_STATES) expect(m.callState[s].trim()).not.toBe('');
      for (const r of CALL_END_REASONS) expect(m.endReason[r].trim()).not.toBe('');
      for (const c of PHONE_ERROR_CODES) expect(m.error[c].trim()).not.toBe('');
      for (const k of PHONE_NOTICE_KINDS) expect(m.notice[k].trim()).not.toBe('');
      for (const w of Object.values(m.callWarning)) expect(w.trim()).not.toBe('');
    }
    // Korean texts are full, polite sentences where they are sentences.
    expect(phoneMessages.ko.notice.call_dropped).toMatch(/십시오\.$/);
    expect(phoneMessages.ko.controls.dialKey('#')).toBe('우물 정자 누르기');
  });
});
