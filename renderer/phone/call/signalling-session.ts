import type { MediaDirection } from '../../../shared/phone/hold';

/**
 * What the call's signalling state machine (call-signalling.ts) needs from one SIP session. The
 * sip.js adapter (../sipjs-session.ts) implements it on a sip.js Session; unit tests implement it
 * with a scripted fake. Nothing here knows sip.js, WebRTC or the DOM.
 *
 * Requests that expect an answer take the call's AbortSignal and settle with the final status,
 * or null if there was none (not sent, transport gone, or the call ended first).
 */
export interface SignallingSession {
  /** SIP Call-ID of the dialog, once the INVITE exists. */
  readonly sipCallId: string | null;
  /** Sends the INVITE of an outgoing call; progress and the answer come as events. */
  invite(extraHeaders: readonly string[]): void;
  /** Accepts an incoming INVITE (200 OK with our answer). Rejects if media could not be set up. */
  accept(): Promise<void>;
  /** Refuses an incoming INVITE with a final status (603 to decline). */
  reject(sipStatus: number): void;
  /** CANCELs an outgoing INVITE. */
  cancel(): void;
  /** BYE on an established dialog. */
  bye(): void;
  /** A hold (true) or resume (false) re-INVITE; settles with the final status. */
  reinvite(hold: boolean, signal: AbortSignal): Promise<number | null>;
  /** A re-INVITE that changes nothing, to learn whether the far end still has the dialog. */
  probe(signal: AbortSignal): Promise<number | null>;
  /** SIP INFO with one DTMF key (application/dtmf-relay). */
  infoDtmf(digit: string, signal: AbortSignal): Promise<number | null>;
  /** REFER (blind transfer) to a SIP URI. */
  refer(uri: string, signal: AbortSignal): Promise<number | null>;
  /** Ends the session locally now, sending nothing more. Media is released. */
  dispose(): void;
  /**
   * The signalling path is gone: release the media now but keep the dialog (or the pending
   * INVITE) so it can be ended (BYE or CANCEL) once the phone is registered again, and the far
   * end is not left with a call nobody is on (orphan).
   */
  abandon(): void;
  /** Receives every session event; set once by the state machine. */
  listen(listener: (event: SessionEvent) => void): void;
}

/** What happens to a session, as the state machine hears it. */
export type SessionEvent =
  /** A provisional response 180-183 to our INVITE; `earlyMedia` when it carried SDP. */
  | { readonly type: 'progress'; readonly sipStatus: number; readonly earlyMedia: boolean }
  /** The INVITE was answered (2xx, ACK) or our 200 OK acknowledged: the dialog is confirmed. */
  | { readonly type: 'accepted' }
  /**
   * A final non-2xx response to our INVITE (null: the INVITE could not be sent at all), with its reason
   * phrase when there was one (the SIP edge says there why it refused a dial token).
   */
  | { readonly type: 'failed'; readonly sipStatus: number | null; readonly reasonPhrase?: string | undefined }
  /** The session is over (BYE either way, CANCEL received, our CANCEL's 487...). */
  | { readonly type: 'terminated' }
  /** An offer/answer exchange completed; our audio's negotiated direction (for hold). */
  | { readonly type: 'negotiated'; readonly direction: MediaDirection; readonly byRemoteOffer: boolean }
  /** A DTMF key received by SIP INFO. */
  | { readonly type: 'dtmf'; readonly digit: string };
