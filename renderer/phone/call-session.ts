import { Invitation, Inviter, SessionState, UserAgent, type Info, type Session, type Web } from 'sip.js';
import { endForFailureResponse, type CallEnd, type CancelledBy } from '../../shared/phone/call-end-reason';
import type { CallQuality } from '../../shared/phone/call-quality';
import { canTransitionCall, isConnected, type CallState } from '../../shared/phone/call-state';
import { INITIAL_MEDIA_HEALTH } from '../../shared/phone/media-health';
import { dtmfFromInfoBody, dtmfRelayBody, isDtmfDigits, type DtmfMethod } from '../../shared/phone/dtmf';
import { IllegalTransitionError } from '../../shared/phone/registration-state';
import { PhoneError } from '../../shared/phone/phone-error';
import type { PhoneSettings } from '../../shared/phone/phone-settings';
import type { CallSnapshot, PhoneNoticeKind, ReceivedDtmf } from '../../shared/phone/sip-port';
import { RemoteAudio } from './audio-output';
import { microphoneConstraints } from './devices';
import type { PhoneEnvironment } from './environment';
import { Ringback } from './ringback';
import { audioSnapshot, qualityBetween, type AudioStatsSnapshot } from './stats-diff';

/** What a call needs from the phone that owns it. */
export interface CallContext {
  readonly settings: PhoneSettings;
  readonly env: PhoneEnvironment;
  changed(snapshot: CallSnapshot): void;
  notice(kind: PhoneNoticeKind, callId: string, sipStatus: number | null): void;
  dtmf(dtmf: ReceivedDtmf): void;
  quality(quality: CallQuality): void;
  ended(callId: string): void;
  inputDevice(): string | null;
  outputDevice(): string | null;
  /** The selected output device failed: fall back to the default. */
  outputFailed(): void;
}

/** How long hangUp waits for the far end's answer to BYE/CANCEL before ending the call locally. */
const HANGUP_WAIT_MS = 4_000;

/**
 * One call on top of a sip.js Session: drives the call state machine (call-state.ts) from the
 * session's events, works out the end reason, and owns the call's media side: remote audio,
 * ringback, quality sampling and the server-loss recovery.
 */
export class CallSession {
  private snap: CallSnapshot;
  private cancelledBy: CancelledBy = null;
  private hungUpLocally = false;
  private failureStatus: number | null = null;
  /** Decided before sip.js reports Terminated (transferred, server_lost). */
  private endOverride: CallEnd | null = null;
  private readonly timers = new Set<unknown>();
  private qualityTimer: unknown = null;
  private recoveryTimer: unknown = null;
  private previousStats: AudioStatsSnapshot | null = null;
  private readonly ringback: Ringback;
  private readonly remoteAudio: RemoteAudio;
  private readonly ownTracks = new Set<MediaStreamTrack>();
  /** Checks run after every snapshot change (waitFor). */
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly session: Session,
    direction: 'outgoing' | 'incoming',
    remoteLabel: string,
    private readonly ctx: CallContext,
  ) {
    this.ringback = new Ringback(() => ctx.env.createAudioContext());
    this.remoteAudio = new RemoteAudio(() => ctx.env.createAudioElement());
    this.snap = {
      id,
      direction,
      remoteLabel,
      state: direction === 'outgoing' ? 'dialing' : 'incoming',
      hold: 'none',
      media: INITIAL_MEDIA_HEALTH,
      muted: false,
      ringback: 'none',
      signalingLost: false,
      sipCallId: session instanceof Inviter || session instanceof Invitation ? session.request.callId : null,
      startedAt: ctx.env.now(),
      answeredAt: null,
      endedAt: null,
      end: null,
    };
    // No onBye here: with one, sip.js would leave the BYE unanswered for us to accept.
    session.delegate = {
      onInfo: (info) => this.receiveInfo(info),
      onRefer: (referral) => {
        // An agent's call is never transferred away from under the agent.
        void referral.reject({ statusCode: 603 }).catch(() => undefined);
      },
      onSessionDescriptionHandler: (sdh) => {
        const web = sdh as Web.SessionDescriptionHandler;
        this.remoteAudio.play(web.remoteMediaStream);
        void this.remoteAudio.setOutput(ctx.outputDevice()).catch(() => ctx.outputFailed());
      },
    };
    session.stateChange.addListener((state) => this.onSessionState(state));
    ctx.changed(this.snap);
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  /** Sends the INVITE of an outgoing call. */
  invite(extraHeaders: readonly string[] = []): void {
    const inviter = this.session as Inviter;
    const noAnswerMs = this.ctx.settings.noAnswerTimeoutMs;
    this.later(() => {
      if (this.snap.state === 'dialing' || this.snap.state === 'ringing') this.cancel('no_answer_timer');
    }, noAnswerMs);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            // A 180 racing our CANCEL changes nothing: the call is already ending.
            if (code < 180 || code > 183 || (this.snap.state !== 'dialing' && this.snap.state !== 'ringing')) return;
            const early = typeof response.message.body === 'string' && response.message.body.length > 0;
            this.transition('ringing', { ringback: early ? 'early_media' : 'tone' });
            if (!early) this.ringback.start(this.ctx.outputDevice());
            else this.ringback.stop();
          },
          onReject: (response) => {
            this.failureStatus = response.message.statusCode ?? null;
          },
        },
        requestOptions: { extraHeaders: [...extraHeaders] },
        sessionDescriptionHandlerOptions: this.sdhOptions(false),
      })
      .catch(() => {
        // getUserMedia refused, or the transport is gone: sip.js terminates the session.
        if (this.session.state === SessionState.Initial) this.finish({ reason: 'failed', sipStatus: null });
      });
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.snap.state !== 'incoming') {
      throw new PhoneError('invalid_state', `cannot answer a call in state '${this.snap.state}'`);
    }
    this.transition('answering');
    try {
      await this.session.accept({ sessionDescriptionHandlerOptions: this.sdhOptions(false) });
    } catch {
      throw new PhoneError('media_unavailable', 'the call could not be answered (microphone or connection)');
    }
    await this.waitFor(() => this.snap.state !== 'answering', 10_000);
    if (this.snapshot.state !== 'active') throw new PhoneError('invalid_state', 'the call ended before it could be answered');
  }

  /** Cancel, decline or BYE, whatever the state; resolves when the call has ended. */
  async hangUp(): Promise<void> {
    const state = this.snap.state;
    if (state === 'ended') return;
    if (state === 'dialing' || state === 'ringing') {
      this.cancel('agent');
    } else if (state === 'incoming' && this.session instanceof Invitation) {
      this.hungUpLocally = true;
      this.transition('ending');
      void this.session.reject({ statusCode: 603 }).catch(() => undefined);
    } else if (this.snap.signalingLost) {
      this.hungUpLocally = true;
      this.finish({ reason: 'local_hangup', sipStatus: null });
      void this.session.dispose().catch(() => undefined);
    } else {
      this.hungUpLocally = true;
      this.transition('ending');
      if (this.session.state === SessionState.Established) void this.session.bye().catch(() => undefined);
      else void this.session.dispose().catch(() => undefined);
    }
    const ended = await this.waitFor(() => this.snap.state === 'ended', HANGUP_WAIT_MS);
    if (!ended) {
      // The far end never answered our BYE/CANCEL: end locally, release the media.
      this.finish(this.endFromSession());
      void this.session.dispose().catch(() => undefined);
    }
  }

  /** Hold (true) or resume (false); resolves only once the far end accepted the re-INVITE. */
  async setHold(hold: boolean): Promise<void> {
    const from: CallState = hold ? 'active' : 'held';
    if (this.snap.state !== from) throw new PhoneError('invalid_state', `cannot ${hold ? 'hold' : 'resume'} a call in state '${this.snap.state}'`);
    this.transition(hold ? 'holding' : 'resuming');
    const status = await this.reinvite(hold);
    if (this.snapshot.state !== (hold ? 'holding' : 'resuming')) {
      throw new PhoneError('invalid_state', 'the call ended while the hold change was pending');
    }
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (status !== null && status >= 200 && status < 300) {
      sdh?.enableReceiverTracks(!hold);
      sdh?.enableSenderTracks(!hold && !this.snap.muted);
      this.transition(hold ? 'held' : 'active', { hold: hold ? 'local' : 'none' });
      return;
    }
    this.transition(from);
    this.ctx.notice('hold_refused', this.id, status);
    throw new PhoneError('hold_refused', hold ? 'the far end did not accept the hold' : 'the far end did not accept the resume', status);
  }

  setMuted(muted: boolean): void {
    if (this.snap.state === 'ended') throw new PhoneError('invalid_state', 'the call ended');
    this.update({ muted });
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (sdh && this.snap.state !== 'held') sdh.enableSenderTracks(!muted);
  }

  async sendDtmf(digits: string, method: DtmfMethod): Promise<void> {
    if (!isDtmfDigits(digits)) throw new PhoneError('invalid_dtmf', 'DTMF keys must be 0-9, A-D, * or #');
    if (!isConnected(this.snap.state)) throw new PhoneError('invalid_state', `cannot send DTMF in state '${this.snap.state}'`);
    if (method === 'info') {
      for (const digit of digits) await this.sendInfoDigit(digit);
      return;
    }
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const sender = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio' || s.dtmf) ?? null;
    const dtmf = sender?.dtmf ?? null;
    const toneMs = 100;
    const gapMs = 70;
    // Keys pressed right after the answer would be sent before DTLS is up, and lost.
    if (sdh?.peerConnection) await this.mediaConnected(sdh.peerConnection, 5_000);
    if (!sdh || !dtmf || !sdh.sendDtmf(digits, { duration: toneMs, interToneGap: gapMs })) {
      throw new PhoneError('media_unavailable', 'the call cannot send RFC 4733 DTMF');
    }
    // Resolve when the tone buffer has drained (tonechange with an empty tone).
    await new Promise<void>((resolve) => {
      const done = (): void => {
        dtmf.removeEventListener('tonechange', onTone);
        resolve();
      };
      const onTone = (event: Event): void => {
        if ((event as RTCDTMFToneChangeEvent).tone === '') done();
      };
      dtmf.addEventListener('tonechange', onTone);
      this.later(done, digits.length * (toneMs + gapMs) + 1_000);
    });
  }

  /** Blind transfer: REFER to `uri`; once the far end accepts, our leg ends as `transferred`. */
  async transfer(uri: string): Promise<void> {
    if (!isConnected(this.snap.state)) throw new PhoneError('invalid_state', `cannot transfer a call in state '${this.snap.state}'`);
    const target = UserAgent.makeURI(uri);
    if (!target) throw new PhoneError('invalid_target', 'the transfer target is not a valid SIP URI');
    const status = await new Promise<number | null>((resolve) => {
      this.session
        .refer(target, {
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 202),
            onReject: (response) => resolve(response.message.statusCode ?? null),
          },
          // Transfer progress (sipfrag NOTIFYs) is not needed for a blind transfer.
          onNotify: (notification) => void notification.accept().catch(() => undefined),
        })
        .catch(() => resolve(null));
    });
    if (status === null || status >= 300) {
      this.ctx.notice('transfer_failed', this.id, status);
      throw new PhoneError('transfer_failed', 'the far end did not accept the transfer', status);
    }
    this.endOverride = { reason: 'transferred', sipStatus: status };
    this.transition('ending');
    if (this.session.state === SessionState.Established) void this.session.bye().catch(() => undefined);
    if (!(await this.waitFor(() => this.snap.state === 'ended', HANGUP_WAIT_MS))) {
      this.finish(this.endOverride);
      void this.session.dispose().catch(() => undefined);
    }
  }

  /** Uses another microphone for this call at once (replaceTrack, no renegotiation). */
  async switchMicrophone(deviceId: string | null): Promise<void> {
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const sender = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sdh || !sender) return;
    const stream = await this.ctx.env.mediaDevices.getUserMedia(microphoneConstraints(deviceId));
    const track = stream.getAudioTracks()[0];
    if (!track) throw new PhoneError('media_unavailable', 'the microphone gave no audio track');
    track.enabled = !this.snap.muted && this.snap.state !== 'held';
    const old = sender.track;
    await sender.replaceTrack(track);
    this.ownTracks.add(track);
    if (old) {
      old.stop();
      this.ownTracks.delete(old);
    }
    // Later re-INVITEs must not go back to the old microphone.
    this.session.sessionDescriptionHandlerOptionsReInvite = this.sdhOptions(this.isHeldOrHolding());
  }

  async setOutput(deviceId: string | null): Promise<void> {
    await this.remoteAudio.setOutput(deviceId);
  }

  /** The server went away: an unanswered call is dropped; an answered one waits for recovery. */
  signalingLost(): void {
    const state = this.snap.state;
    if (state === 'ended') return;
    if (!isConnected(state)) {
      this.drop();
      return;
    }
    if (this.snap.signalingLost) return;
    this.update({ signalingLost: true });
    this.ctx.notice('call_signaling_lost', this.id, null);
    this.recoveryTimer = this.later(() => this.drop(), this.ctx.settings.callRecoveryTimeoutMs);
  }

  /**
   * Registered again: ask the far end whether the call still exists with a re-INVITE (which also
   * gives it our new contact, so its BYE can reach us). Any refusal means it cannot be reached.
   */
  probe(): void {
    if (!this.snap.signalingLost || this.snap.state === 'ended') return;
    void this.reinvite(this.isHeldOrHolding()).then((status) => {
      if (this.snap.state === 'ended') return;
      if (status !== null && status >= 200 && status < 300) {
        if (this.recoveryTimer !== null) this.clearLater(this.recoveryTimer);
        this.recoveryTimer = null;
        this.update({ signalingLost: false });
        this.ctx.notice('call_recovered', this.id, null);
      } else if (status !== null) {
        this.drop();
      }
      // null (a re-INVITE already pending): the recovery timer decides.
    });
  }

  /** Raw audio counters of the call (diagnostics and tests). */
  async mediaStats(): Promise<AudioStatsSnapshot | null> {
    const pc = (this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
    if (!pc) return null;
    const report = await pc.getStats();
    return audioSnapshot(report.values(), this.ctx.env.now());
  }

  /** Where the call's audio goes: the output device and the microphone track (diagnostics). */
  audioRouting(): { readonly sinkId: string; readonly microphone: string | null } {
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const track = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? null;
    return { sinkId: this.remoteAudio.sinkId, microphone: track ? track.label : null };
  }

  /** Ends the call at once without waiting for anyone (phone disposal). */
  abort(): void {
    if (this.snap.state === 'ended') return;
    this.hungUpLocally = true;
    this.finish(isConnected(this.snap.state) || this.snap.direction === 'incoming' ? { reason: 'local_hangup', sipStatus: null } : { reason: 'cancelled', sipStatus: null });
    void this.session.dispose().catch(() => undefined);
  }

  private drop(): void {
    if (this.snap.state === 'ended') return;
    this.ctx.notice('call_dropped', this.id, null);
    this.finish({ reason: 'server_lost', sipStatus: null });
    // Best effort BYE/CANCEL; closing the session description handler stops the media now.
    void this.session.dispose().catch(() => undefined);
  }

  private cancel(by: Exclude<CancelledBy, null>): void {
    if (this.cancelledBy) return;
    this.cancelledBy = by;
    this.transition('ending');
    const inviter = this.session as Inviter;
    if (inviter.state === SessionState.Initial || inviter.state === SessionState.Establishing) {
      void inviter.cancel().catch(() => undefined);
    } else {
      void this.session.dispose().catch(() => undefined);
    }
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      this.ringback.stop();
      // Answered while our CANCEL was on its way: sip.js ACKs and BYEs it; it stays `ending`.
      if (this.snap.state === 'ending') return;
      this.transition('active', { ringback: 'none', answeredAt: this.ctx.env.now() });
      this.startQualitySampling();
      this.watchIce();
      if (this.snap.muted) this.setMuted(true);
    } else if (state === SessionState.Terminated) {
      // sip.js reports Terminated before it calls our requestDelegate.onReject with the final
      // response: decide the end reason once that callback has run.
      void Promise.resolve().then(() => this.finish(this.endFromSession()));
    }
  }

  private endFromSession(): CallEnd {
    if (this.endOverride) return this.endOverride;
    if (this.failureStatus !== null) return endForFailureResponse(this.failureStatus, this.cancelledBy);
    if (this.cancelledBy) return { reason: this.cancelledBy === 'agent' ? 'cancelled' : 'no_answer', sipStatus: null };
    if (this.snap.answeredAt === null && this.snap.direction === 'outgoing') return { reason: 'failed', sipStatus: null };
    return { reason: this.hungUpLocally ? 'local_hangup' : 'remote_hangup', sipStatus: null };
  }

  private finish(end: CallEnd): void {
    if (this.snap.state === 'ended') return;
    this.ringback.stop();
    this.remoteAudio.stop();
    this.stopQualitySampling();
    for (const timer of this.timers) this.ctx.env.clearTimeout(timer);
    this.timers.clear();
    for (const track of this.ownTracks) track.stop();
    this.ownTracks.clear();
    this.snap = { ...this.snap, state: 'ended', ringback: 'none', end, endedAt: this.ctx.env.now() };
    this.ctx.changed(this.snap);
    this.ctx.ended(this.id);
    for (const check of [...this.waiters]) check();
  }

  private reinvite(hold: boolean): Promise<number | null> {
    return new Promise((resolve) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: (response) => resolve(this.session.state === SessionState.Established ? (response.message.statusCode ?? 200) : 500),
            onReject: (response) => resolve(response.message.statusCode ?? 500),
          },
          sessionDescriptionHandlerOptions: this.sdhOptions(hold),
        })
        .catch(() => resolve(null));
    });
  }

  private async sendInfoDigit(digit: string): Promise<void> {
    const status = await new Promise<number | null>((resolve) => {
      this.session
        .info({
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 200),
            onReject: (response) => resolve(response.message.statusCode ?? null),
          },
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmfRelayBody(digit) } },
        })
        .catch(() => resolve(null));
    });
    if (status === null || status >= 300) throw new PhoneError('rejected', 'the far end refused the DTMF INFO', status);
  }

  private receiveInfo(info: Info): void {
    const request = info.request;
    const digit = dtmfFromInfoBody(request.getHeader('content-type') ?? '', request.body ?? '');
    if (digit === null) {
      void info.reject({ statusCode: 415 }).catch(() => undefined);
      return;
    }
    void info.accept().catch(() => undefined);
    this.ctx.dtmf({ callId: this.id, digit });
  }

  private sdhOptions(hold: boolean): Web.SessionDescriptionHandlerOptions {
    return { constraints: microphoneConstraints(this.ctx.inputDevice()), hold, iceGatheringTimeout: this.ctx.settings.iceGatheringTimeoutMs };
  }

  /** Resolves once the peer connection's transport is connected (or after `timeoutMs`). */
  private mediaConnected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
    if (pc.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        pc.removeEventListener('connectionstatechange', onChange);
        resolve();
      };
      const onChange = (): void => {
        if (pc.connectionState === 'connected') done();
      };
      pc.addEventListener('connectionstatechange', onChange);
      this.later(done, timeoutMs);
    });
  }

  private isHeldOrHolding(): boolean {
    return this.snap.state === 'held' || this.snap.state === 'holding';
  }

  private startQualitySampling(): void {
    if (this.qualityTimer !== null) return;
    this.qualityTimer = this.ctx.env.setInterval(() => {
      void this.mediaStats().then((current) => {
        if (!current || this.snap.state === 'ended') return;
        this.ctx.quality(qualityBetween(this.id, this.previousStats, current));
        this.previousStats = current;
      });
    }, this.ctx.settings.qualityIntervalMs);
  }

  private stopQualitySampling(): void {
    if (this.qualityTimer !== null) this.ctx.env.clearInterval(this.qualityTimer);
    this.qualityTimer = null;
  }

  /** With the signalling gone, failed ICE means the far end is gone too: drop without waiting. */
  private watchIce(): void {
    const pc = (this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
    pc?.addEventListener('iceconnectionstatechange', () => {
      if (this.snap.signalingLost && pc.iceConnectionState === 'failed') this.drop();
    });
  }

  private transition(state: CallState, patch: Partial<CallSnapshot> = {}): void {
    if (this.snap.state === state && Object.keys(patch).length === 0) return;
    if (!canTransitionCall(this.snap.state, state)) {
      // A sequence sip.js should not produce: surface it loudly without breaking SIP handling.
      void Promise.reject(new IllegalTransitionError(`call ${this.id}: cannot go from '${this.snap.state}' to '${state}'`));
      return;
    }
    this.update({ ...patch, state });
  }

  private update(patch: Partial<CallSnapshot>): void {
    if (this.snap.state === 'ended') return;
    this.snap = { ...this.snap, ...patch };
    this.ctx.changed(this.snap);
    for (const check of [...this.waiters]) check();
  }

  private later(cb: () => void, ms: number): unknown {
    const handle = this.ctx.env.setTimeout(() => {
      this.timers.delete(handle);
      cb();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  private clearLater(handle: unknown): void {
    this.ctx.env.clearTimeout(handle);
    this.timers.delete(handle);
  }

  /** Resolves true once `done()` holds after a snapshot change, false after `timeoutMs`. */
  private waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!done()) return;
        this.waiters.delete(check);
        this.clearLater(timer);
        resolve(true);
      };
      const timer = this.later(() => {
        this.waiters.delete(check);
        resolve(done());
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}
