import type { CallOutcome } from '../domain/consent-event';

/**
 * Why a call ended. Each one is a distinct outcome for the agent and the dial statistics:
 * - `busy`: 486 Busy Here / 600 Busy Everywhere;
 * - `no_answer`: rang until the phone's no-answer timer cancelled it, or 480 / 408 from the far side;
 * - `rejected`: the callee declined (603 Decline);
 * - `failed`: the call could not be set up (unknown number, server error, media failure...);
 * - `cancelled`: the agent hung up an outgoing call before the far end answered;
 * - `remote_hangup`: the far end hung up (or gave up calling us before we answered);
 * - `local_hangup`: the agent hung up an answered call, or declined an incoming one;
 * - `transferred`: the agent transferred the call (REFER accepted and the target reached);
 * - `server_lost`: the SIP server went away (or stopped answering) during the call and the far
 *   end can no longer be reached: the phone ended the call itself and told the agent;
 * - `dialog_lost`: the far end answered a re-INVITE with 408 or 481 (it no longer knows the call):
 *   RFC 3261 section 14.1 says the dialog is over, so the phone ended it.
 */
export const CALL_END_REASONS = [
  'busy',
  'no_answer',
  'rejected',
  'failed',
  'cancelled',
  'remote_hangup',
  'local_hangup',
  'transferred',
  'server_lost',
  'dialog_lost',
] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/** How a call ended: the reason and, when a SIP response decided it, its status. */
export interface CallEnd {
  readonly reason: CallEndReason;
  readonly sipStatus: number | null;
  /**
   * Why the SIP edge refused a dial token (`used`, `expired`, `gate-changed`...), from its 403 reason
   * phrase `Dial token refused (<reason>)` (deploy/kamailio/kamailio.cfg); absent otherwise.
   */
  readonly edgeRefusal?: string;
}

/** The edge's refusal reason in a reason phrase `Dial token refused (<reason>)`, or null. */
export function edgeRefusalOf(reasonPhrase: string | null | undefined): string | null {
  return /^Dial token refused \(([a-z-]{1,32})\)$/.exec(reasonPhrase ?? '')?.[1] ?? null;
}

/** Who cancelled an unanswered outgoing call, if anyone did. */
export type CancelledBy = 'agent' | 'no_answer_timer' | null;

/**
 * The end of an outgoing call that got a final non-2xx response. 487 Request Terminated follows
 * our own CANCEL, so it means what the cancel meant.
 */
export function endForFailureResponse(sipStatus: number, cancelledBy: CancelledBy = null, reasonPhrase: string | null = null): CallEnd {
  const reason = ((): CallEndReason => {
    if (sipStatus === 487) return cancelledBy === 'agent' ? 'cancelled' : 'no_answer';
    if (sipStatus === 486 || sipStatus === 600) return 'busy';
    if (sipStatus === 603) return 'rejected';
    if (sipStatus === 480 || sipStatus === 408) return 'no_answer';
    return 'failed';
  })();
  const edgeRefusal = sipStatus === 403 ? edgeRefusalOf(reasonPhrase) : null;
  return edgeRefusal ? { reason, sipStatus, edgeRefusal } : { reason, sipStatus };
}

/**
 * The call outcome (DESIGN.md "Call") the desk can record without asking the agent, or null when
 * the call was answered and only the agent knows how it went (sale, callback, opt-out...).
 */
export function automaticOutcome(reason: CallEndReason): CallOutcome | null {
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'no_answer':
    case 'cancelled':
      return 'no_answer';
    case 'rejected':
      return 'rejected';
    case 'failed':
      return 'failed';
    case 'server_lost':
    case 'dialog_lost':
      return 'dropped';
    case 'remote_hangup':
    case 'local_hangup':
    case 'transferred':
      return null;
  }
}
