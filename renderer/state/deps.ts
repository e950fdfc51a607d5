import type { CallgateBridge } from '../../shared/ipc/channels';
import type { SipPort } from '../../shared/phone/sip-port';
import type { ScriptDefinition } from '../../shared/script';
import type { Speaker } from '../practice/speech';
import type { WhisperMedia } from './whisper-leg';

/** What the app store needs from outside; the app passes the real ones, tests pass fakes. */
export interface DeskDeps {
  readonly bridge: CallgateBridge;
  /** The phone, once SIP is configured; null when there is none (the desk says so). */
  readonly phone: () => SipPort | null;
  readonly scriptFor: (id: string, version: number) => ScriptDefinition;
  readonly now: () => Date;
  readonly newId: () => string;
  /** setTimeout with a cancel function (practice's simulated customer; tests drive it with a fake clock). */
  readonly schedule: (fn: () => void, ms: number) => () => void;
  /** Speaks the simulated customer's lines in practice. */
  readonly speaker: Speaker;
  /** Takes a lead's whisper on a WebRTC leg of its own (default: renderer/live/live-media.ts; tests pass a fake). */
  readonly takeWhisper?: (offerSdp: string, outputDeviceId: string | null, lost: () => void, iceServers: RTCIceServer[]) => Promise<{ answerSdp: string; media: WhisperMedia }>;
  /** Rows per page of the review table (tests make it small). */
  readonly reviewPageSize?: number;
}
