import type { HoldState } from '../../../shared/phone/hold';
import type { MediaExpectation, MediaHealth } from '../../../shared/phone/media-health';

/**
 * What the call's signalling state machine asks of the call's media (../call-media.ts in the
 * browser: devices, ringback, statistics, health; a fake in unit tests). The media side reports
 * back through `onHealth`, wired by the phone.
 */
export interface CallMediaPort {
  /** Plays (true) or stops (false) the local ringback tone. */
  ringback(on: boolean): void;
  /** The call is answered: media health and quality sampling start. */
  connected(): void;
  /**
   * Who holds the call and whether the agent muted: the microphone is silenced while muted or
   * while we hold, the far end's audio while we hold, and no audio is expected while anyone holds
   * (a hold is not dead air; expectationFor).
   */
  update(state: { readonly hold: HoldState; readonly muted: boolean }): void;
  /** RFC 4733 DTMF in the media; resolves when the tones were played, false if they could not be. */
  sendDtmf(digits: string, signal: AbortSignal): Promise<boolean>;
  /** Stops everything the call's media holds: ringback, sampling, remote audio, own tracks. */
  release(): void;
}

/** Health changes from the media side, for the state machine's snapshot and notices. */
export type MediaHealthListener = (health: MediaHealth) => void;

/** What should flow given who holds the call: both ways, or nothing while anyone holds. */
export function expectationFor(hold: HoldState): MediaExpectation {
  const flowing = hold === 'none';
  return { inbound: flowing, outbound: flowing };
}
