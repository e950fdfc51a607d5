import { endForFailureResponse, type CallEnd, type CancelledBy } from '../../../shared/phone/call-end-reason';
import { isConnected, type CallState } from '../../../shared/phone/call-state';
import { isDtmfDigits, type DtmfMethod } from '../../../shared/phone/dtmf';
import { heldByRemote, holdState, type MediaDirection } from '../../../shared/phone/hold';
import { INITIAL_MEDIA_HEALTH, mediaNotices, type MediaHealth } from '../../../shared/phone/media-health';
import { PhoneError } from '../../../shared/phone/phone-error';
import type { CallSnapshot, PhoneNoticeKind } from '../../../shared/phone/sip-port';
import type { PhoneLogger } from '../sip-log';
import type { CallMediaPort } from './call-media-port';
import type { SessionEvent, SignallingSession } from './signalling-session';
import { delay, waitWithin, type CallClock } from './waits';

/**
 * What moves a call from one state to the next. Events that only change a detail of the snapshot
 * (mute, who holds, media health, signalling lost) do not move the state and are not listed.
 */
export const SIGNALLING_EVENTS = ['ring', 'answered', 'answer', 'hang_up', 'hold', 'unhold', 'reinvite_accepted', 'reinvite_refused', 'ended'] as const;
export type SignallingEvent = (typeof SIGNALLING_EVENTS)[number];

/**
 * The transition table of one call's signalling: state -> event -> next state. Every edge is one of
 * CALL_TRANSITIONS (shared/phone/call-state.ts, checked by a unit test); anything not here is an
 * illegal event for that state: logged and ignored, never thrown into SIP handling.
 *
 * ```
 *  dialing ──ring──▶ ringing          incoming ──answer──▶ answering
 *     │                 │                                      │
 *     └─────answered────┴──────────────▶ active ◀──answered────┘
 *                                        │  ▲  ▲
 *                                   hold │  │  └──────────── reinvite_accepted ───┐
 *                                        ▼  │ reinvite_refused                    │
 *                                      holding ──reinvite_accepted──▶ held ──unhold──▶ resuming
 *                                                                      ▲                │
 *                                                                      └─reinvite_refused┘
 *  any but ending/ended ──hang_up──▶ ending ──ended──▶ ended     (ending ──answered──▶ ending:
 *  any but ended ──ended──▶ ended                                 answered while our CANCEL flew)
 * ```
 * `ended` comes from the far end (BYE, a final refusal, CANCEL), from our own BYE/CANCEL being
 * answered, from a lost server that does not come back, or from a 408/481 to a re-INVITE.
 */
export const SIGNALLING_TRANSITIONS: Readonly<Record<CallState, Readonly<Partial<Record<SignallingEvent, CallState>>>>> = {
  dialing: { ring: 'ringing', answered: 'active', hang_up: 'ending', ended: 'ended' },
  ringing: { answered: 'active', hang_up: 'ending', ended: 'ended' },
  incoming: { answer: 'answering', hang_up: 'ending', ended: 'ended' },
  answering: { answered: 'active', hang_up: 'ending', ended: 'ended' },
  active: { hold: 'holding', hang_up: 'ending', ended: 'ended' },
  holding: { reinvite_accepted: 'held', reinvite_refused: 'active', hang_up: 'ending', ended: 'ended' },
  held: { unhold: 'resuming', hang_up: 'ending', ended: 'ended' },
  resuming: { reinvite_accepted: 'active', reinvite_refused: 'held', hang_up: 'ending', ended: 'ended' },
  ending: { answered: 'ending', ended: 'ended' },
  ended: {},
};

/** How long hangUp waits for the far end's answer to BYE/CANCEL before ending the call locally. */
export const HANGUP_WAIT_MS = 4_000;
/** How long answer() waits for the ACK of our 200 OK. */
export const ANSWER_WAIT_MS = 10_000;

/** What a call needs from the phone that owns it. */
export interface CallSignallingContext {
  readonly id: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly remoteLabel: string;
  readonly noAnswerTimeoutMs: number;
  readonly callRecoveryTimeoutMs: number;
  readonly clock: CallClock;
  readonly log: PhoneLogger;
  changed(snapshot: CallSnapshot): void;
  notice(kind: PhoneNoticeKind, sipStatus: number | null): void;
  dtmf(digit: string): void;
  /** The call has ended (its last snapshot was delivered): forget it. */
  ended(): void;
}

/**
 * One call's signalling: a state machine (SIGNALLING_TRANSITIONS) driven by the agent's commands
 * and by the events of an abstract SignallingSession, telling an abstract CallMediaPort what to
 * play and expect. It works out the end reason, who holds the call, the server-loss recovery and
 * the orphan clean-up, and turns media health into notices.
 *
 * Every wait of the call (the no-answer timer, answer, hang-up, hold, DTMF, transfer, recovery)
 * belongs to the call's AbortSignal: when the call ends, the signal aborts, every timer is cleared
 * and every pending promise settles. Nothing is left pending after the `ended` snapshot.
 */
export class CallSignalling {
  private snap: CallSnapshot;
  private readonly scope = new AbortController();
  /** Waits that end before the call does (no-answer timer, recovery), each aborted with the call too. */
  private readonly children = new Map<'noAnswer' | 'recovery', AbortController>();
  private cancelledBy: CancelledBy = null;
  private hungUpLocally = false;
  private failureStatus: number | null = null;
  private failurePhrase: string | null = null;
  /** Decided before the session reports the end (transferred, server_lost, dialog_lost). */
  private endOverride: CallEnd | null = null;
  /** The signalling path is down (the server was lost and the phone is not registered again). */
  private pathDown = false;
  private negotiated: MediaDirection | null = null;
  /** Checks re-run after every snapshot change (waitForState). */
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly ctx: CallSignallingContext,
    private readonly session: SignallingSession,
    private readonly media: CallMediaPort,
  ) {
    this.snap = {
      id: ctx.id,
      direction: ctx.direction,
      remoteLabel: ctx.remoteLabel,
      state: ctx.direction === 'outgoing' ? 'dialing' : 'incoming',
      hold: 'none',
      media: INITIAL_MEDIA_HEALTH,
      muted: false,
      ringback: 'none',
      signalingLost: false,
      sipCallId: session.sipCallId,
      startedAt: ctx.clock.now(),
      answeredAt: null,
      endedAt: null,
      end: null,
    };
    session.listen((event) => this.onSessionEvent(event));
    ctx.changed(this.snap);
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  /** Aborted when the call ends: every wait of the call is tied to it. */
  get signal(): AbortSignal {
    return this.scope.signal;
  }

  /** Sends the INVITE of an outgoing call and starts the no-answer timer. */
  invite(extraHeaders: readonly string[] = []): void {
    void delay(this.ctx.clock, this.ctx.noAnswerTimeoutMs, this.child('noAnswer')).then((fired) => {
      if (fired && (this.snap.state === 'dialing' || this.snap.state === 'ringing')) this.cancel('no_answer_timer');
    });
    this.session.invite(extraHeaders);
    if (this.session.sipCallId !== this.snap.sipCallId) this.update({ sipCallId: this.session.sipCallId });
  }

  async answer(): Promise<void> {
    if (this.snap.state !== 'incoming') throw new PhoneError('invalid_state', `cannot answer a call in state '${this.snap.state}'`);
    this.fire('answer');
    try {
      await this.session.accept();
    } catch {
      throw new PhoneError('media_unavailable', 'the call could not be answered (microphone or connection)');
    }
    await this.waitForState((s) => s !== 'answering', ANSWER_WAIT_MS);
    if (this.stateNow() !== 'active') throw new PhoneError('invalid_state', 'the call ended before it could be answered');
  }

  /** Cancel, decline or BYE, whatever the state; resolves when the call has ended. */
  async hangUp(): Promise<void> {
    const state = this.snap.state;
    if (state === 'ended') return;
    if (state === 'dialing' || state === 'ringing') {
      this.cancel('agent');
    } else if (state === 'incoming') {
      this.hungUpLocally = true;
      this.fire('hang_up');
      this.session.reject(603);
    } else if (this.pathDown) {
      // Nothing can reach the far end now: end here, and BYE once the phone is registered again.
      this.hungUpLocally = true;
      this.finish({ reason: 'local_hangup', sipStatus: null });
      this.session.abandon();
      return;
    } else if (state !== 'ending') {
      this.hungUpLocally = true;
      this.fire('hang_up');
      this.session.bye();
    }
    await this.endWithin(HANGUP_WAIT_MS);
  }

  /** Hold (true) or resume (false); resolves only once the far end accepted the re-INVITE. */
  async setHold(hold: boolean): Promise<void> {
    const from: CallState = hold ? 'active' : 'held';
    if (this.snap.state !== from) throw new PhoneError('invalid_state', `cannot ${hold ? 'hold' : 'resume'} a call in state '${this.snap.state}'`);
    this.fire(hold ? 'hold' : 'unhold');
    const status = await this.session.reinvite(hold, this.signal);
    if (this.stateNow() !== (hold ? 'holding' : 'resuming')) throw new PhoneError('invalid_state', 'the call ended while the hold change was pending');
    if (status !== null && status >= 200 && status < 300) {
      this.fire('reinvite_accepted', { hold: holdState(hold, this.negotiated) });
      this.applyMedia();
      if (!hold && heldByRemote(this.snap.hold)) this.ctx.notice('still_held_by_remote', null);
      return;
    }
    if (status === 408 || status === 481) {
      // RFC 3261 section 14.1: the dialog is gone. End it (a BYE, in case the far end still has it).
      this.ctx.notice('call_dialog_lost', status);
      this.endOverride = { reason: 'dialog_lost', sipStatus: status };
      this.session.bye();
      this.finish(this.endOverride);
      throw new PhoneError('hold_refused', 'the far end no longer knows the call; it was ended', status);
    }
    this.fire('reinvite_refused');
    this.ctx.notice('hold_refused', status);
    throw new PhoneError('hold_refused', hold ? 'the far end did not accept the hold' : 'the far end did not accept the resume', status);
  }

  setMuted(muted: boolean): void {
    if (this.snap.state === 'ended') throw new PhoneError('invalid_state', 'the call ended');
    this.update({ muted });
    this.applyMedia();
  }

  async sendDtmf(digits: string, method: DtmfMethod): Promise<void> {
    if (!isDtmfDigits(digits)) throw new PhoneError('invalid_dtmf', 'DTMF keys must be 0-9, A-D, * or #');
    if (!isConnected(this.snap.state)) throw new PhoneError('invalid_state', `cannot send DTMF in state '${this.snap.state}'`);
    if (method === 'info') {
      for (const digit of digits) {
        const status = await this.session.infoDtmf(digit, this.signal);
        this.assertNotEnded();
        if (status === null || status >= 300) throw new PhoneError('rejected', 'the far end refused the DTMF INFO', status);
      }
      return;
    }
    const sent = await this.media.sendDtmf(digits, this.signal);
    this.assertNotEnded();
    if (!sent) throw new PhoneError('media_unavailable', 'the call cannot send RFC 4733 DTMF');
  }

  /** Blind transfer: REFER to `uri`; once the far end accepts, our leg ends as `transferred`. */
  async transfer(uri: string): Promise<void> {
    if (!isConnected(this.snap.state)) throw new PhoneError('invalid_state', `cannot transfer a call in state '${this.snap.state}'`);
    const status = await this.session.refer(uri, this.signal);
    this.assertNotEnded();
    if (status === null || status >= 300) {
      this.ctx.notice('transfer_failed', status);
      throw new PhoneError('transfer_failed', 'the far end did not accept the transfer', status);
    }
    this.endOverride = { reason: 'transferred', sipStatus: status };
    this.fire('hang_up');
    this.session.bye();
    await this.endWithin(HANGUP_WAIT_MS);
  }

  /**
   * The connection to the server is gone. An unanswered call is dropped at once (its INVITE is
   * CANCELled after re-registration); an answered one waits `callRecoveryTimeoutMs` for the server
   * and the far end (probe()), then is dropped.
   */
  signalingLost(): void {
    const state = this.snap.state;
    if (state === 'ended') return;
    this.pathDown = true;
    if (!isConnected(state)) {
      this.drop();
      return;
    }
    if (this.snap.signalingLost) return;
    this.update({ signalingLost: true });
    this.ctx.notice('call_signaling_lost', null);
    void delay(this.ctx.clock, this.ctx.callRecoveryTimeoutMs, this.child('recovery')).then((fired) => {
      if (fired) this.drop();
    });
  }

  /**
   * Registered again: ask the far end whether the call still exists with a re-INVITE (which also
   * gives it our new contact, so its BYE can reach us). Any final refusal means it cannot be
   * reached; the call is ended with a BYE.
   */
  async probe(): Promise<void> {
    this.pathDown = false;
    if (!this.snap.signalingLost || this.snap.state === 'ended') return;
    const status = await this.session.probe(this.signal);
    if (this.stateNow() === 'ended') return;
    if (status !== null && status >= 200 && status < 300) {
      this.children.get('recovery')?.abort();
      this.update({ signalingLost: false });
      this.ctx.notice('call_recovered', null);
    } else if (status !== null) {
      this.drop();
    }
    // null (a re-INVITE already pending, or no answer): the recovery timer decides.
  }

  /** The media path failed (ICE) while the signalling is lost: the far end is gone too. */
  mediaFailed(): void {
    if (this.snap.signalingLost) this.drop();
  }

  /** A new media health reading from the media component. */
  mediaHealth(health: MediaHealth): void {
    if (!isConnected(this.snap.state)) return;
    const before = this.snap.media;
    if (before.inbound === health.inbound && before.outbound === health.outbound && before.deadAirMs === health.deadAirMs) return;
    this.update({ media: health });
    for (const kind of mediaNotices(before, health)) this.ctx.notice(kind, null);
  }

  /** Ends the call at once without waiting for anyone (phone disposal). */
  abort(): void {
    if (this.snap.state === 'ended') return;
    this.hungUpLocally = true;
    const answered = isConnected(this.snap.state) || this.snap.direction === 'incoming';
    this.finish(answered ? { reason: 'local_hangup', sipStatus: null } : { reason: 'cancelled', sipStatus: null });
    this.session.dispose();
  }

  private onSessionEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'progress': {
        const { state } = this.snap;
        // A 180 racing our CANCEL changes nothing: the call is already ending.
        if (event.sipStatus < 180 || event.sipStatus > 183 || (state !== 'dialing' && state !== 'ringing')) return;
        this.fire('ring', { ringback: event.earlyMedia ? 'early_media' : 'tone' });
        this.media.ringback(!event.earlyMedia);
        return;
      }
      case 'accepted':
        this.media.ringback(false);
        // Answered while our CANCEL was on its way: the session ACKs and BYEs it; it stays `ending`.
        if (this.snap.state === 'ending') return;
        this.children.get('noAnswer')?.abort();
        this.fire('answered', { ringback: 'none', answeredAt: this.ctx.clock.now() });
        if (this.snap.state !== 'active') return;
        this.media.connected();
        this.applyMedia();
        return;
      case 'failed':
        this.failureStatus = event.sipStatus;
        this.failurePhrase = event.reasonPhrase ?? null;
        this.finish(this.endFromSession());
        return;
      case 'terminated':
        this.finish(this.endFromSession());
        return;
      case 'negotiated':
        this.onNegotiated(event.direction, event.byRemoteOffer);
        return;
      case 'dtmf':
        if (this.snap.state !== 'ended') this.ctx.dtmf(event.digit);
        return;
    }
  }

  private onNegotiated(direction: MediaDirection, byRemoteOffer: boolean): void {
    this.negotiated = direction;
    if (!isConnected(this.snap.state)) return;
    const weHold = this.snap.state === 'held' || this.snap.state === 'holding';
    const before = this.snap.hold;
    const hold = holdState(weHold, direction);
    if (hold === before) return;
    this.update({ hold });
    this.applyMedia();
    if (byRemoteOffer && heldByRemote(hold) !== heldByRemote(before)) this.ctx.notice(heldByRemote(hold) ? 'remote_hold' : 'remote_resume', null);
  }

  /** Tells the media what should flow: nothing expected while anyone holds; the mute. */
  private applyMedia(): void {
    if (this.snap.state === 'ended') return;
    this.media.update({ hold: this.snap.hold, muted: this.snap.muted });
  }

  /** Ends the call because the server (and so the far end) cannot be reached. */
  private drop(): void {
    if (this.snap.state === 'ended') return;
    this.ctx.notice('call_dropped', null);
    this.endOverride = { reason: 'server_lost', sipStatus: null };
    this.finish(this.endOverride);
    if (this.pathDown) this.session.abandon();
    else if (this.snap.answeredAt !== null) this.session.bye();
    else this.session.cancel();
  }

  private cancel(by: Exclude<CancelledBy, null>): void {
    if (this.cancelledBy) return;
    this.cancelledBy = by;
    this.fire('hang_up');
    this.session.cancel();
  }

  private endFromSession(): CallEnd {
    if (this.endOverride) return this.endOverride;
    if (this.failureStatus !== null) return endForFailureResponse(this.failureStatus, this.cancelledBy, this.failurePhrase);
    if (this.cancelledBy) return { reason: this.cancelledBy === 'agent' ? 'cancelled' : 'no_answer', sipStatus: null };
    if (this.snap.answeredAt === null && this.snap.direction === 'outgoing') return { reason: 'failed', sipStatus: null };
    return { reason: this.hungUpLocally ? 'local_hangup' : 'remote_hangup', sipStatus: null };
  }

  /** Waits for the session to end; ends the call locally if the far end never answers. */
  private async endWithin(ms: number): Promise<void> {
    const ended = await this.waitForState((s) => s === 'ended', ms);
    if (ended || this.snap.state === 'ended') return;
    this.finish(this.endFromSession());
    this.session.dispose();
  }

  private finish(end: CallEnd): void {
    if (this.snap.state === 'ended') return;
    this.media.release();
    this.snap = { ...this.snap, state: 'ended', ringback: 'none', end, endedAt: this.ctx.clock.now() };
    // Every wait of the call settles now; its timers are cleared.
    this.scope.abort();
    this.ctx.changed(this.snap);
    this.ctx.ended();
    this.runWaiters();
  }

  /** A signal for a wait that may end before the call: aborted by `children.get(name).abort()` or the call's end. */
  private child(name: 'noAnswer' | 'recovery'): AbortSignal {
    this.children.get(name)?.abort();
    const controller = new AbortController();
    const onEnd = (): void => controller.abort();
    this.signal.addEventListener('abort', onEnd, { once: true });
    controller.signal.addEventListener('abort', () => {
      this.signal.removeEventListener('abort', onEnd);
      if (this.children.get(name) === controller) this.children.delete(name);
    }, { once: true });
    this.children.set(name, controller);
    return controller.signal;
  }

  /** The state now (a method, so the compiler does not keep a narrowing from before an await). */
  private stateNow(): CallState {
    return this.snap.state;
  }

  private assertNotEnded(): void {
    if (this.snap.state === 'ended') throw new PhoneError('invalid_state', 'the call ended');
  }

  /** Moves the state by the table; an event the table does not allow is logged and ignored. */
  private fire(event: SignallingEvent, patch: Partial<CallSnapshot> = {}): void {
    const next = SIGNALLING_TRANSITIONS[this.snap.state][event];
    if (next === undefined) {
      this.ctx.log('warn', `call ${this.ctx.id}: event '${event}' is not allowed in state '${this.snap.state}'; ignored`);
      return;
    }
    this.update({ ...patch, state: next });
  }

  private update(patch: Partial<CallSnapshot>): void {
    if (this.snap.state === 'ended') return;
    this.snap = { ...this.snap, ...patch };
    this.ctx.changed(this.snap);
    this.runWaiters();
  }

  private runWaiters(): void {
    for (const check of [...this.waiters]) check();
  }

  /** True once the state satisfies `done`, false after `ms`; settles when the call ends. */
  private waitForState(done: (state: CallState) => boolean, ms: number): Promise<boolean> {
    if (done(this.snap.state)) return Promise.resolve(true);
    // Waits for the end itself must not be cut short by the end's own abort: use a fresh signal.
    const signal = done('ended') ? new AbortController().signal : this.signal;
    return waitWithin(this.ctx.clock, ms, signal, false, (deliver) => {
      const check = (): void => {
        if (done(this.snap.state)) deliver(true);
      };
      this.waiters.add(check);
      return () => this.waiters.delete(check);
    });
  }
}
