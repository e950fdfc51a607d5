// RFC 4733 DTMF from CallMedia over a stand-in peer connection. Chromium reports the connection
// `connected` a moment before its DTMF sender can insert tones (canInsertDTMF has no change event);
// keys pressed in that moment were refused as media_unavailable (PHONE-DTMF-4733 failed so in CI).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Web } from 'sip.js';
import { CallMedia } from '../../../renderer/phone/call-media';
import { nodePhoneEnvironment } from '../../support/phone-environment';

/** Like RTCDTMFSender: insertDTMF throws until the sender is ready; tonechange '' when drained. */
class FakeDtmfSender extends EventTarget {
  canInsertDTMF = false;
  readonly inserted: string[] = [];
  insertDTMF(tones: string, duration: number, gap: number): void {
    if (!this.canInsertDTMF) throw new DOMException('the sender cannot insert DTMF', 'InvalidStateError');
    this.inserted.push(tones);
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('tonechange'), { tone: '' })), tones.length * (duration + gap));
  }
}

function fixture(senders: { kind: string | null; dtmf: FakeDtmfSender | null }[]) {
  const pc = Object.assign(new EventTarget(), {
    connectionState: 'connected',
    getSenders: () => senders.map((s) => ({ track: s.kind ? { kind: s.kind } : null, dtmf: s.dtmf })),
  });
  // sip.js's own sendDtmf: the first sender's DTMF sender, false when insertDTMF throws.
  const sdh = {
    peerConnection: pc,
    remoteMediaStream: {},
    sendDtmf(tones: string, options: { duration: number; interToneGap: number }): boolean {
      try {
        senders[0]?.dtmf?.insertDTMF(tones, options.duration, options.interToneGap);
        return senders[0]?.dtmf != null;
      } catch {
        return false;
      }
    },
  } as unknown as Web.SessionDescriptionHandler;
  const env = nodePhoneEnvironment();
  const media = new CallMedia({
    callId: 'c1',
    env,
    settings: { qualityIntervalMs: 5_000, noAudioAfterMs: 3_000 },
    outputDevice: () => null,
    outputFailed: () => undefined,
    quality: () => undefined,
    health: () => undefined,
    failed: () => undefined,
  });
  media.attach(sdh);
  return media;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CallMedia.sendDtmf (RFC 4733)', () => {
  it('waits for a connected call\'s DTMF sender to become ready, then sends the keys', async () => {
    const dtmf = new FakeDtmfSender();
    const media = fixture([{ kind: 'audio', dtmf }]);
    const sent = media.sendDtmf('19#', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(60);
    expect(dtmf.inserted).toEqual([]);
    dtmf.canInsertDTMF = true;
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(sent).resolves.toBe(true);
    expect(dtmf.inserted).toEqual(['19#']);
  });

  it('uses the audio sender\'s DTMF sender even when another sender comes first', async () => {
    const dtmf = new FakeDtmfSender();
    dtmf.canInsertDTMF = true;
    const media = fixture([{ kind: null, dtmf: null }, { kind: 'audio', dtmf }]);
    const sent = media.sendDtmf('5', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(sent).resolves.toBe(true);
    expect(dtmf.inserted).toEqual(['5']);
  });

  it('gives up (false) when the sender never becomes ready, and when the call ends meanwhile', async () => {
    const never = new FakeDtmfSender();
    const late = fixture([{ kind: 'audio', dtmf: never }]).sendDtmf('1', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(3_100);
    await expect(late).resolves.toBe(false);

    const ended = new AbortController();
    const aborted = fixture([{ kind: 'audio', dtmf: new FakeDtmfSender() }]).sendDtmf('1', ended.signal);
    ended.abort();
    await vi.advanceTimersByTimeAsync(10);
    await expect(aborted).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
