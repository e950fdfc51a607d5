import { newId } from '../../shared/domain/ids';
import type { CallEnd, CallEndReason } from '../../shared/phone/call-end-reason';
import { endForFailureResponse } from '../../shared/phone/call-end-reason';
import type { CallQuality } from '../../shared/phone/call-quality';
import { assertCallTransition, isConnected, type CallState } from '../../shared/phone/call-state';
import { dialUri, remoteLabel } from '../../shared/phone/dial-target';
import { heldByRemote, type HoldState } from '../../shared/phone/hold';
import { INITIAL_MEDIA_HEALTH, type MediaHealth } from '../../shared/phone/media-health';
import { isDtmfDigits, type DtmfMethod } from '../../shared/phone/dtmf';
import { createListeners } from '../../shared/phone/listeners';
import { PhoneError } from '../../shared/phone/phone-error';
import {
  assertRegistrationTransition,
  registrationErrorFor,
  type RegistrationError,
  type RegistrationSnapshot,
  type RegistrationState,
} from '../../shared/phone/registration-state';
import type { AudioDevices, CallOptions, CallSnapshot, PhoneNotice, PhoneNoticeKind, ReceivedDtmf, SipPort, Unsubscribe } from '../../shared/phone/sip-port';

/** How the fake far end answers a hold or unhold re-INVITE. */
export type ReinvitePolicy = 'accept' | 'refuse' | 'manual';

export interface FakeSipPortOptions {
  readonly aor?: string;
  readonly now?: () => number;
}

interface PendingReinvite {
  readonly resolve: () => void;
  readonly reject: (err: PhoneError) => void;
  readonly from: CallState;
  readonly to: CallState;
}

/**
 * An in-memory SipPort with a scriptable far end and server, for unit tests of anything that
 * drives a phone (desk UI, stores) and for practice mode. It enforces the same state machines
 * as the real adapter: an illegal transition throws, so a test of the UI cannot pass on a path
 * the real phone would never take.
 *
 * The far end is driven through `remote`, the server through `server`:
 * ```ts
 * const phone = new FakeSipPort();
 * await phone.register();
 * const id = await phone.call('+821012345678');
 * phone.remote.ring(id);
 * phone.remote.answer(id);
 * phone.remote.hangUp(id);   // ends as remote_hangup
 * ```
 */
export class FakeSipPort implements SipPort {
  private readonly now: () => number;
  private readonly aor: string;
  private reg: RegistrationSnapshot;
  private readonly live = new Map<string, CallSnapshot>();
  private readonly pendingReinvites = new Map<string, PendingReinvite>();
  private readonly registrationListeners = createListeners<RegistrationSnapshot>();
  private readonly callListeners = createListeners<CallSnapshot>();
  private readonly dtmfListeners = createListeners<ReceivedDtmf>();
  private readonly qualityListeners = createListeners<CallQuality>();
  private readonly noticeListeners = createListeners<PhoneNotice>();
  private devices: { input: string | null; output: string | null } = { input: null, output: null };
  private disposed = false;

  /** What the next register() gets: null = 200 OK, a number = that final status. */
  nextRegisterStatus: number | null = 200;
  /** How the far end answers hold/unhold re-INVITEs. */
  reinvitePolicy: ReinvitePolicy = 'accept';
  /** Every DTMF key sent, in order, with its method. */
  readonly sentDtmf: { callId: string; digits: string; method: DtmfMethod }[] = [];
  /** The last URI dialled (tests only; a real phone never keeps it). */
  lastDialledUri: string | null = null;
  /** How many times prepareCall() was called. */
  prepared = 0;

  constructor(options: FakeSipPortOptions = {}) {
    this.now = options.now ?? Date.now;
    this.aor = options.aor ?? 'sip:agent@callgate.test';
    this.reg = { state: 'unregistered', aor: this.aor, error: null, attempt: 0, nextAttemptAt: null, since: this.now() };
  }

  registration(): RegistrationSnapshot {
    return this.reg;
  }

  calls(): readonly CallSnapshot[] {
    return [...this.live.values()];
  }

  async register(): Promise<void> {
    this.assertUsable();
    this.setRegistration('registering', null);
    await Promise.resolve();
    const status = this.nextRegisterStatus;
    if (status !== null && status >= 200 && status < 300) {
      this.setRegistration('registered', null);
      return;
    }
    const error = registrationErrorFor(status);
    this.setRegistration(error.kind === 'unreachable' ? 'reconnecting' : 'failed', error);
    throw new PhoneError(error.kind, `registration failed (${error.kind})`, error.sipStatus);
  }

  async unregister(): Promise<void> {
    for (const call of this.calls()) this.end(call.id, { reason: 'local_hangup', sipStatus: null });
    if (this.reg.state === 'unregistered') return;
    if (this.reg.state === 'offline' || this.reg.state === 'failed') {
      this.setRegistration('unregistered', null);
      return;
    }
    this.setRegistration('unregistering', null);
    await Promise.resolve();
    this.setRegistration('unregistered', null);
  }

  prepareCall(): void {
    this.assertUsable();
    this.prepared += 1;
  }

  async call(target: string, options: CallOptions = {}): Promise<string> {
    this.assertUsable();
    if (this.reg.state !== 'registered') throw new PhoneError('not_registered', 'the phone is not registered');
    const uri = dialUri(target, this.aor.replace(/^sips?:[^@]+@/, ''));
    this.lastDialledUri = uri;
    const user = /^sips?:([^@]+)@/.exec(uri)?.[1] ?? target;
    return this.open('outgoing', options.label ?? remoteLabel(user), 'dialing');
  }

  /** A new call on the phone, as listeners first see it; its id. */
  private open(direction: CallSnapshot['direction'], label: string, state: CallSnapshot['state']): string {
    const id = newId();
    const snapshot: CallSnapshot = {
      id,
      direction,
      remoteLabel: label,
      state,
      hold: 'none',
      media: INITIAL_MEDIA_HEALTH,
      muted: false,
      ringback: 'none',
      signalingLost: false,
      sipCallId: `fake-${id}`,
      startedAt: this.now(),
      answeredAt: null,
      endedAt: null,
      end: null,
    };
    this.live.set(id, snapshot);
    this.callListeners.emit(snapshot);
    return id;
  }

  async answer(callId: string): Promise<void> {
    const call = this.get(callId);
    if (call.state !== 'incoming') throw new PhoneError('invalid_state', `cannot answer a call in state '${call.state}'`);
    this.update(callId, { state: 'answering' });
    await Promise.resolve();
    this.update(callId, { state: 'active', answeredAt: this.now() });
  }

  async hangUp(callId: string): Promise<void> {
    const call = this.get(callId);
    const reason: CallEndReason = !isConnected(call.state) && call.direction === 'outgoing' ? 'cancelled' : 'local_hangup';
    this.update(callId, { state: 'ending' });
    await Promise.resolve();
    this.end(callId, { reason, sipStatus: null });
  }

  hold(callId: string): Promise<void> {
    return this.reinvite(callId, 'active', 'holding', 'held');
  }

  unhold(callId: string): Promise<void> {
    return this.reinvite(callId, 'held', 'resuming', 'active');
  }

  setMuted(callId: string, muted: boolean): void {
    this.get(callId);
    this.update(callId, { muted });
  }

  async sendDtmf(callId: string, digits: string, method: DtmfMethod = 'rfc4733'): Promise<void> {
    const call = this.get(callId);
    if (!isDtmfDigits(digits)) throw new PhoneError('invalid_dtmf', 'DTMF keys must be 0-9, A-D, * or #');
    if (!isConnected(call.state)) throw new PhoneError('invalid_state', `cannot send DTMF in state '${call.state}'`);
    this.sentDtmf.push({ callId, digits, method });
  }

  async transfer(callId: string, target: string): Promise<void> {
    const call = this.get(callId);
    if (!isConnected(call.state)) throw new PhoneError('invalid_state', `cannot transfer a call in state '${call.state}'`);
    dialUri(target, 'callgate.test');
    this.update(callId, { state: 'ending' });
    this.end(callId, { reason: 'transferred', sipStatus: null });
  }

  async audioDevices(): Promise<AudioDevices> {
    return {
      inputs: [{ deviceId: 'default', label: 'Fake microphone' }],
      outputs: [{ deviceId: 'default', label: 'Fake speaker' }],
      selectedInput: this.devices.input,
      selectedOutput: this.devices.output,
      canSelectOutput: true,
    };
  }

  async setAudioInput(deviceId: string | null): Promise<void> {
    this.devices = { ...this.devices, input: deviceId };
  }

  async setAudioOutput(deviceId: string | null): Promise<void> {
    this.devices = { ...this.devices, output: deviceId };
  }

  onRegistrationChange(cb: (registration: RegistrationSnapshot) => void): Unsubscribe {
    return this.registrationListeners.add(cb);
  }
  onCallChange(cb: (call: CallSnapshot) => void): Unsubscribe {
    return this.callListeners.add(cb);
  }
  onDtmfReceived(cb: (dtmf: ReceivedDtmf) => void): Unsubscribe {
    return this.dtmfListeners.add(cb);
  }
  onQuality(cb: (quality: CallQuality) => void): Unsubscribe {
    return this.qualityListeners.add(cb);
  }
  onNotice(cb: (notice: PhoneNotice) => void): Unsubscribe {
    return this.noticeListeners.add(cb);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    for (const call of this.calls()) this.end(call.id, { reason: 'local_hangup', sipStatus: null });
    if (this.reg.state !== 'unregistered') this.setRegistration('unregistered', null);
    this.disposed = true;
    for (const l of [this.registrationListeners, this.callListeners, this.dtmfListeners, this.qualityListeners, this.noticeListeners]) l.clear();
  }

  /** The scripted far end. */
  readonly remote = {
    /** An incoming call from `user`; returns its id. */
    call: (user: string): string => {
      return this.open('incoming', remoteLabel(user), 'incoming');
    },
    /** 180 Ringing: the agent hears the ringback tone. */
    ring: (callId: string): void => this.update(callId, { state: 'ringing', ringback: 'tone' }),
    /** 2xx: the call is active. */
    answer: (callId: string): void => this.update(callId, { state: 'active', ringback: 'none', answeredAt: this.now() }),
    /** A final failure response to the INVITE (486, 603, 480...), with its reason phrase (the edge's `Dial token refused (<reason>)`). */
    refuse: (callId: string, sipStatus: number, reasonPhrase: string | null = null): void => this.end(callId, endForFailureResponse(sipStatus, null, reasonPhrase)),
    /** BYE from the far end (or CANCEL of an incoming call). */
    hangUp: (callId: string): void => this.end(callId, { reason: 'remote_hangup', sipStatus: null }),
    /** SIP INFO DTMF from the far end. */
    sendDtmf: (callId: string, digit: string): void => {
      this.get(callId);
      this.dtmfListeners.emit({ callId, digit });
    },
    /** Completes a pending hold/unhold when `reinvitePolicy` is `manual`. */
    completeReinvite: (callId: string, accepted: boolean, sipStatus = 488): void => {
      const pending = this.pendingReinvites.get(callId);
      if (!pending) throw new Error(`no pending re-INVITE on call ${callId}`);
      this.pendingReinvites.delete(callId);
      if (accepted) {
        const weHold = pending.to === 'held';
        const theyHold = heldByRemote(this.get(callId).hold);
        this.update(callId, { state: pending.to, hold: holdOf(weHold, theyHold) });
        if (!weHold && theyHold) this.notice('still_held_by_remote', callId, null);
        pending.resolve();
      } else {
        this.update(callId, { state: pending.from });
        this.notice('hold_refused', callId, sipStatus);
        pending.reject(new PhoneError('hold_refused', 'the far end refused the hold change', sipStatus));
      }
    },
    /** A quality sample, as the adapter would take from getStats. */
    quality: (sample: CallQuality): void => this.qualityListeners.emit(sample),
    /** The far end puts the call on hold (re-INVITE with a=sendonly). */
    hold: (callId: string): void => {
      const weHold = this.get(callId).hold === 'local';
      this.update(callId, { hold: holdOf(weHold, true) });
      this.notice('remote_hold', callId, null);
    },
    /** The far end takes the call off hold (re-INVITE with a=sendrecv). */
    resume: (callId: string): void => {
      const weHold = this.get(callId).hold === 'both';
      this.update(callId, { hold: holdOf(weHold, false) });
      this.notice('remote_resume', callId, null);
    },
    /** The media health changes (no audio from the far end, our audio not sent...), with its notices. */
    media: (callId: string, media: MediaHealth): void => {
      const before = this.get(callId).media;
      this.update(callId, { media });
      if (media.inbound === 'silent' && before.inbound !== 'silent') this.notice('no_audio', callId, null);
      if (media.inbound === 'flowing' && before.inbound === 'silent') this.notice('audio_restored', callId, null);
      if (media.outbound === 'silent' && before.outbound !== 'silent') this.notice('outbound_stopped', callId, null);
    },
    /** The far end answers a re-INVITE with 408/481: the dialog is gone and the call ends. */
    loseDialog: (callId: string, sipStatus: 408 | 481 = 481): void => {
      this.notice('call_dialog_lost', callId, sipStatus);
      this.end(callId, { reason: 'dialog_lost', sipStatus });
    },
  };

  /** The scripted SIP server. */
  readonly server = {
    /** The server stops answering on an open connection: the keepalive times out, then as `lose`. */
    freeze: (): void => {
      if (this.reg.state === 'registered') this.notice('server_unresponsive', null, null);
      this.server.lose();
    },
    /** The server goes away: registration reconnects, calls lose signalling. */
    lose: (): void => {
      if (this.reg.state === 'registered' || this.reg.state === 'registering') {
        this.setRegistration('reconnecting', registrationErrorFor(null));
        this.notice('server_lost', null, null);
      }
      for (const call of this.calls()) {
        this.update(call.id, { signalingLost: true });
        this.notice('call_signaling_lost', call.id, null);
      }
    },
    /** The server is back: the phone re-registers; calls whose far end is gone are dropped. */
    restore: (options: { readonly callsSurvive?: boolean } = {}): void => {
      if (this.reg.state === 'reconnecting') {
        this.setRegistration('registering', null);
        this.setRegistration('registered', null);
        this.notice('server_restored', null, null);
      }
      for (const call of this.calls()) {
        if (!call.signalingLost) continue;
        if (options.callsSurvive) {
          this.update(call.id, { signalingLost: false });
          this.notice('call_recovered', call.id, null);
        } else {
          this.notice('call_dropped', call.id, null);
          this.end(call.id, { reason: 'server_lost', sipStatus: null });
        }
      }
    },
  };

  private reinvite(callId: string, from: CallState, pendingState: CallState, to: CallState): Promise<void> {
    const call = this.get(callId);
    if (call.state !== from) return Promise.reject(new PhoneError('invalid_state', `cannot change hold in state '${call.state}'`));
    this.update(callId, { state: pendingState });
    return new Promise<void>((resolve, reject) => {
      this.pendingReinvites.set(callId, { resolve, reject, from, to });
      if (this.reinvitePolicy === 'manual') return;
      const accepted = this.reinvitePolicy === 'accept';
      void Promise.resolve().then(() => this.remote.completeReinvite(callId, accepted));
    });
  }

  private get(callId: string): CallSnapshot {
    const call = this.live.get(callId);
    if (!call) throw new PhoneError('no_such_call', `no call ${callId}`);
    return call;
  }

  private update(callId: string, patch: Partial<Omit<CallSnapshot, 'id' | 'end' | 'endedAt'>>): void {
    const call = this.get(callId);
    if (patch.state) assertCallTransition(call.state, patch.state);
    const next: CallSnapshot = { ...call, ...patch };
    this.live.set(callId, next);
    this.callListeners.emit(next);
  }

  private end(callId: string, end: CallEnd): void {
    const call = this.get(callId);
    assertCallTransition(call.state, 'ended');
    const pending = this.pendingReinvites.get(callId);
    this.pendingReinvites.delete(callId);
    this.live.delete(callId);
    this.callListeners.emit({ ...call, state: 'ended', ringback: 'none', end, endedAt: this.now() });
    pending?.reject(new PhoneError('invalid_state', 'the call ended'));
  }

  private setRegistration(state: RegistrationState, error: RegistrationError | null): void {
    assertRegistrationTransition(this.reg.state, state);
    this.reg = { state, aor: this.aor, error, attempt: state === 'reconnecting' ? this.reg.attempt + 1 : 0, nextAttemptAt: null, since: this.now() };
    this.registrationListeners.emit(this.reg);
  }

  private notice(kind: PhoneNoticeKind, callId: string | null, sipStatus: number | null): void {
    this.noticeListeners.emit({ kind, at: this.now(), callId, sipStatus });
  }

  private assertUsable(): void {
    if (this.disposed) throw new PhoneError('invalid_state', 'the phone was disposed');
  }
}

function holdOf(weHold: boolean, theyHold: boolean): HoldState {
  if (weHold) return theyHold ? 'both' : 'local';
  return theyHold ? 'remote' : 'none';
}
