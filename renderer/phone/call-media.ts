import type { Web } from 'sip.js';
import type { CallQuality } from '../../shared/phone/call-quality';
import type { HoldState } from '../../shared/phone/hold';
import { INITIAL_MEDIA_HEALTH_STATE, nextMediaHealth, type MediaExpectation, type MediaHealth } from '../../shared/phone/media-health';
import { PhoneError } from '../../shared/phone/phone-error';
import type { PhoneSettings } from '../../shared/phone/phone-settings';
import { RemoteAudio } from './audio-output';
import { expectationFor, type CallMediaPort } from './call/call-media-port';
import { waitWithin } from './call/waits';
import { microphoneConstraints } from './devices';
import type { PhoneEnvironment } from './environment';
import { Ringback } from './ringback';
import { audioSnapshot, qualityBetween, type AudioStatsSnapshot } from './stats-diff';

/** What a call's media reports to (and asks of) the phone. */
export interface CallMediaContext {
  readonly callId: string;
  readonly env: PhoneEnvironment;
  readonly settings: Pick<PhoneSettings, 'qualityIntervalMs' | 'noAudioAfterMs'>;
  outputDevice(): string | null;
  /** The selected output device failed: fall back to the default. */
  outputFailed(): void;
  quality(quality: CallQuality): void;
  health(health: MediaHealth): void;
  /** ICE failed: the media path is gone. */
  failed(): void;
}

/** Media health readings are taken at most this far apart (the no-audio threshold is seconds). */
const HEALTH_SAMPLE_MS = 1_000;
/** DTMF tone and gap, ms (RFC 4733 via RTCDTMFSender). */
const TONE_MS = 100;
const GAP_MS = 70;
/** How long a connected call's DTMF sender may take to become ready, and how often it is asked. */
const DTMF_READY_MS = 3_000;
const DTMF_READY_POLL_MS = 20;

/**
 * The media side of one call, apart from its signalling: plays the far end on the chosen output,
 * the local ringback, reads getStats for media health (media-health.ts) and line quality, sends
 * RFC 4733 DTMF, switches the microphone mid-call, silences what a hold or mute silences.
 * release() stops all of it: no timer, listener or track outlives the call.
 */
export class CallMedia implements CallMediaPort {
  private sdh: Web.SessionDescriptionHandler | null = null;
  private readonly tone: Ringback;
  private readonly remoteAudio: RemoteAudio;
  /** Aborted on release: removes every listener the media added. */
  private readonly life = new AbortController();
  private sampler: unknown = null;
  private sampling = false;
  private health = INITIAL_MEDIA_HEALTH_STATE;
  private expectation: MediaExpectation = { inbound: true, outbound: true };
  private state: { hold: HoldState; muted: boolean } = { hold: 'none', muted: false };
  private previousQuality: AudioStatsSnapshot | null = null;
  private lastQualityAt = 0;
  private readonly ownTracks = new Set<MediaStreamTrack>();

  constructor(private readonly ctx: CallMediaContext) {
    this.tone = new Ringback(() => ctx.env.createAudioContext());
    this.remoteAudio = new RemoteAudio(() => ctx.env.createAudioElement());
  }

  /** The session's description handler exists: play the far end, watch ICE. */
  attach(sdh: Web.SessionDescriptionHandler): void {
    if (this.life.signal.aborted) return;
    this.sdh = sdh;
    this.remoteAudio.play(sdh.remoteMediaStream);
    void this.remoteAudio.setOutput(this.ctx.outputDevice()).catch(() => this.ctx.outputFailed());
    const pc = sdh.peerConnection;
    pc?.addEventListener(
      'iceconnectionstatechange',
      () => {
        if (pc.iceConnectionState === 'failed') this.ctx.failed();
      },
      { signal: this.life.signal },
    );
  }

  ringback(on: boolean): void {
    if (on && !this.life.signal.aborted) this.tone.start(this.ctx.outputDevice());
    else this.tone.stop();
  }

  connected(): void {
    if (this.sampler !== null || this.life.signal.aborted) return;
    const every = Math.min(HEALTH_SAMPLE_MS, this.ctx.settings.qualityIntervalMs);
    this.lastQualityAt = this.ctx.env.now();
    void this.sample();
    this.sampler = this.ctx.env.setInterval(() => void this.sample(), every);
  }

  update(state: { readonly hold: HoldState; readonly muted: boolean }): void {
    this.state = { ...state };
    this.expectation = expectationFor(state.hold);
    const weHold = state.hold === 'local' || state.hold === 'both';
    const sdh = this.sdh;
    if (!sdh?.peerConnection) return;
    sdh.enableReceiverTracks(!weHold);
    sdh.enableSenderTracks(!weHold && !state.muted);
  }

  async sendDtmf(digits: string, signal: AbortSignal): Promise<boolean> {
    const sdh = this.sdh;
    const pc = sdh?.peerConnection;
    const dtmf = pc?.getSenders().find((s) => s.track?.kind === 'audio' || s.dtmf)?.dtmf ?? null;
    if (!sdh || !pc || !dtmf) return false;
    // Keys pressed right after the answer would be sent before DTLS is up, and lost.
    if (pc.connectionState !== 'connected') {
      await waitWithin(this.ctx.env, 5_000, signal, undefined, (deliver) => {
        const onChange = (): void => {
          if (pc.connectionState === 'connected') deliver(undefined);
        };
        pc.addEventListener('connectionstatechange', onChange);
        return () => pc.removeEventListener('connectionstatechange', onChange);
      });
    }
    // Connected is not yet "can insert": Chromium readies the DTMF sender on its own a moment later
    // (canInsertDTMF has no change event), and insertDTMF throws before (CI saw media_unavailable).
    if (!dtmf.canInsertDTMF) {
      await waitWithin(this.ctx.env, DTMF_READY_MS, signal, undefined, (deliver) => {
        const poll = this.ctx.env.setInterval(() => {
          if (dtmf.canInsertDTMF) deliver(undefined);
        }, DTMF_READY_POLL_MS);
        return () => this.ctx.env.clearInterval(poll);
      });
    }
    if (signal.aborted || !dtmf.canInsertDTMF) return false;
    // Our audio sender's DTMF sender, not sip.js's sendDtmf (it takes getSenders()[0], whatever its kind).
    try {
      dtmf.insertDTMF(digits, TONE_MS, GAP_MS);
    } catch {
      return false;
    }
    // Done when the tone buffer has drained (tonechange with an empty tone).
    return await waitWithin(this.ctx.env, digits.length * (TONE_MS + GAP_MS) + 1_000, signal, !signal.aborted, (deliver) => {
      const onTone = (event: Event): void => {
        if ((event as RTCDTMFToneChangeEvent).tone === '') deliver(true);
      };
      dtmf.addEventListener('tonechange', onTone);
      return () => dtmf.removeEventListener('tonechange', onTone);
    });
  }

  /** Uses another microphone for this call at once (replaceTrack, no renegotiation). */
  async switchMicrophone(deviceId: string | null): Promise<void> {
    const sender = this.sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sender) return;
    const stream = await this.ctx.env.mediaDevices.getUserMedia(microphoneConstraints(deviceId));
    const track = stream.getAudioTracks()[0];
    if (!track) throw new PhoneError('media_unavailable', 'the microphone gave no audio track');
    if (this.life.signal.aborted) {
      track.stop();
      return;
    }
    const weHold = this.state.hold === 'local' || this.state.hold === 'both';
    track.enabled = !this.state.muted && !weHold;
    const old = sender.track;
    await sender.replaceTrack(track);
    this.ownTracks.add(track);
    if (old) {
      old.stop();
      this.ownTracks.delete(old);
    }
  }

  async setOutput(deviceId: string | null): Promise<void> {
    await this.remoteAudio.setOutput(deviceId);
  }

  /** Raw audio counters of the call (diagnostics and tests). */
  async stats(): Promise<AudioStatsSnapshot | null> {
    const pc = this.sdh?.peerConnection;
    if (!pc) return null;
    const report = await pc.getStats();
    return audioSnapshot(report.values(), this.ctx.env.now());
  }

  /** Where the call's audio goes: the output device and the microphone track (diagnostics). */
  routing(): { readonly sinkId: string; readonly microphone: string | null } {
    const track = this.sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? null;
    return { sinkId: this.remoteAudio.sinkId, microphone: track ? track.label : null };
  }

  release(): void {
    if (this.life.signal.aborted) return;
    this.life.abort();
    this.tone.stop();
    this.remoteAudio.stop();
    if (this.sampler !== null) this.ctx.env.clearInterval(this.sampler);
    this.sampler = null;
    for (const track of this.ownTracks) track.stop();
    this.ownTracks.clear();
    this.sdh = null;
  }

  /** One getStats reading: media health every time, line quality every qualityIntervalMs. */
  private async sample(): Promise<void> {
    if (this.sampling) return; // a slow getStats must not pile up readings
    this.sampling = true;
    try {
      const current = await this.stats();
      if (!current || this.life.signal.aborted) return;
      this.health = nextMediaHealth(this.health, current, this.expectation, this.ctx.settings.noAudioAfterMs);
      this.ctx.health(this.health.health);
      if (current.at - this.lastQualityAt >= this.ctx.settings.qualityIntervalMs) {
        this.ctx.quality(qualityBetween(this.ctx.callId, this.previousQuality, current));
        this.previousQuality = current;
        this.lastQualityAt = current.at;
      }
    } catch {
      // the peer connection closed under us: the call is ending
    } finally {
      this.sampling = false;
    }
  }
}
