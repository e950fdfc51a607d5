import type { CallEnd } from './call-end-reason';
import type { CallQuality } from './call-quality';
import type { CallState } from './call-state';
import type { DtmfMethod } from './dtmf';
import type { HoldState } from './hold';
import type { MediaHealth } from './media-health';
import type { RegistrationSnapshot } from './registration-state';

/** Returned by every `on...` subscription: call it to stop listening. */
export type Unsubscribe = () => void;

/** What the UI may know about one call. Immutable: every change is a new snapshot. */
export interface CallSnapshot {
  /** The phone's own id for the call (UUIDv7), stable for its whole life. */
  readonly id: string;
  readonly direction: 'outgoing' | 'incoming';
  /** The far end for display: numbers masked to their last four digits (dial-target.ts). */
  readonly remoteLabel: string;
  readonly state: CallState;
  /**
   * Who holds the call: `local` only once the far end accepted our hold (state `held`), `remote`
   * when the far end put us on hold (our audio reaches nobody), `both`, or `none`.
   */
  readonly hold: HoldState;
  /** Whether audio flows each way (from getStats packet counters), and the dead air so far. */
  readonly media: MediaHealth;
  readonly muted: boolean;
  /** What the agent hears before an answer: a local ringback tone, the far end's early media, or nothing. */
  readonly ringback: 'none' | 'tone' | 'early_media';
  /**
   * True while the connection to the SIP server is lost during the call: media may still flow, but
   * the far end can no longer hear a hang-up. The phone recovers or ends the call as `server_lost`.
   */
  readonly signalingLost: boolean;
  /** SIP Call-ID of the dialog, for ConsentEvent.sipCallId; null before the INVITE exists. */
  readonly sipCallId: string | null;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  /** Set exactly when `state` is `ended`. */
  readonly end: CallEnd | null;
}

/** Things the agent must be told that are not a state: the UI shows them as toasts. */
export const PHONE_NOTICE_KINDS = [
  /** The connection to the SIP server was lost; the phone is reconnecting. */
  'server_lost',
  /** Registered again after a loss. */
  'server_restored',
  /** The server went away during this call: the far end may not hear a hang-up. */
  'call_signaling_lost',
  /**
   * The SIP server stopped answering on an open connection (keepalive timed out): the phone
   * drops the connection and reconnects (registration `reconnecting`).
   */
  'server_unresponsive',
  /** The far end confirmed the call after the server came back. */
  'call_recovered',
  /** The call could not be recovered after a server loss and was ended (reason `server_lost`). */
  'call_dropped',
  /** The far end refused to put the call on hold (or to resume it). */
  'hold_refused',
  /** The far end answered a re-INVITE with 408 or 481: the dialog is gone, the call ended (`dialog_lost`). */
  'call_dialog_lost',
  /** The customer put the call on hold: the agent's audio reaches nobody. */
  'remote_hold',
  /** The customer took the call off hold. */
  'remote_resume',
  /** The agent resumed, but the customer still holds the call. */
  'still_held_by_remote',
  /** No audio arrives from the far end (answered without audio, or it stopped mid-call). */
  'no_audio',
  /** Audio from the far end arrives again. */
  'audio_restored',
  /** Our audio is not being sent although the call is not on hold. */
  'outbound_stopped',
  /** Our audio is being sent again. */
  'outbound_restored',
  'transfer_failed',
  /** The computer slept (timers stalled): the phone checks its registration. */
  'woke_from_sleep',
  'network_offline',
  'network_online',
  /** The selected output device is gone; audio falls back to the default device. */
  'output_device_lost',
] as const;
export type PhoneNoticeKind = (typeof PHONE_NOTICE_KINDS)[number];

export interface PhoneNotice {
  readonly kind: PhoneNoticeKind;
  readonly at: number;
  readonly callId: string | null;
  readonly sipStatus: number | null;
}

/** A DTMF key the far end sent by SIP INFO (RFC 4733 digits are not reported by browsers). */
export interface ReceivedDtmf {
  readonly callId: string;
  readonly digit: string;
}

export interface AudioDevice {
  readonly deviceId: string;
  /** Empty until the page has had microphone permission once. */
  readonly label: string;
}

export interface AudioDevices {
  readonly inputs: readonly AudioDevice[];
  readonly outputs: readonly AudioDevice[];
  /** The chosen devices; null means the system default. */
  readonly selectedInput: string | null;
  readonly selectedOutput: string | null;
  /** False where the platform cannot route audio to a chosen output (no setSinkId). */
  readonly canSelectOutput: boolean;
}

export interface CallOptions {
  /** Overrides PhoneSettings.noAnswerTimeoutMs for this call. */
  readonly noAnswerTimeoutMs?: number;
  /** Extra SIP headers for the INVITE (e.g. an X-Dial-Authorization from the API). */
  readonly extraHeaders?: readonly string[];
  /**
   * What the far end is called on screen: the masked number of a dial authorization (`010-****-1234`).
   * Without it, the label comes from the URI (a dial URI's token is never shown).
   */
  readonly label?: string;
}

/**
 * What the UI needs from a phone. The sip.js adapter (renderer/phone) implements it against a
 * real SIP server; FakeSipPort implements it in memory for unit tests and practice mode. Every
 * method that talks to the far end rejects with PhoneError only (phone-error.ts).
 *
 * Ordering guarantee: a `call` snapshot listener sees every state of a call in the order of
 * CALL_TRANSITIONS, ending with exactly one `ended` snapshot.
 */
export interface SipPort {
  /** The current registration. */
  registration(): RegistrationSnapshot;
  /** Calls not yet ended (plus nothing else: ended calls are reported once, then forgotten). */
  calls(): readonly CallSnapshot[];

  /**
   * Connects and registers. Resolves once registered. Rejects with `auth_failed` or `rejected`
   * (the phone stops) or `unreachable` (the phone keeps retrying with backoff in the background).
   */
  register(): Promise<void>;
  /** Unregisters and disconnects; stops any reconnection. Calls in progress are hung up first. */
  unregister(): Promise<void>;

  /**
   * The agent is about to call (a lead card is on screen): open the microphone and a peer
   * connection with its ICE candidates gathered now, so the next call() connects faster. Nothing
   * is signalled. Released after `prewarmIdleMs` without a call, on unregister and on dispose.
   */
  prepareCall(): void;
  /** Starts an outgoing call; resolves with its id as soon as the INVITE is on its way. */
  call(target: string, options?: CallOptions): Promise<string>;
  /** Answers an incoming call; resolves when it is active. */
  answer(callId: string): Promise<void>;
  /** Cancels, declines or hangs up, whatever the state; resolves when the call has ended. */
  hangUp(callId: string): Promise<void>;
  /** Puts the far end on hold; resolves only after the far end accepted (state `held`). */
  hold(callId: string): Promise<void>;
  /** Takes the call off hold; resolves only after the far end accepted (state `active`). */
  unhold(callId: string): Promise<void>;
  /** Mutes or unmutes the microphone toward the far end (local only: no signalling). */
  setMuted(callId: string, muted: boolean): void;
  /** Sends DTMF keys (DTMF_PATTERN) by RFC 4733 or SIP INFO (default from the settings). */
  sendDtmf(callId: string, digits: string, method?: DtmfMethod): Promise<void>;
  /**
   * Blind transfer (REFER). Resolves once the far end accepted the REFER and our leg has ended as
   * `transferred`; rejects with `transfer_failed` (the call goes on) if it refused.
   */
  transfer(callId: string, target: string): Promise<void>;

  audioDevices(): Promise<AudioDevices>;
  /** Uses this microphone (null: system default), also for a call in progress. */
  setAudioInput(deviceId: string | null): Promise<void>;
  /** Plays the far end and the ringback on this output (null: system default). */
  setAudioOutput(deviceId: string | null): Promise<void>;

  onRegistrationChange(cb: (registration: RegistrationSnapshot) => void): Unsubscribe;
  onCallChange(cb: (call: CallSnapshot) => void): Unsubscribe;
  onDtmfReceived(cb: (dtmf: ReceivedDtmf) => void): Unsubscribe;
  onQuality(cb: (quality: CallQuality) => void): Unsubscribe;
  onNotice(cb: (notice: PhoneNotice) => void): Unsubscribe;

  /** Ends every call, unregisters, releases devices and timers. The port is unusable afterwards. */
  dispose(): Promise<void>;
}
