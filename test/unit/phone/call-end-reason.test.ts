import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES } from '../../../shared/domain/consent-event';
import { CALL_END_REASONS, automaticOutcome, endForFailureResponse } from '../../../shared/phone/call-end-reason';

describe('call end reasons', () => {
  it('PHONE-END: busy, no answer, rejected and failed are distinct outcomes of distinct SIP answers', () => {
    expect(endForFailureResponse(486)).toEqual({ reason: 'busy', sipStatus: 486 });
    expect(endForFailureResponse(600).reason).toBe('busy');
    expect(endForFailureResponse(603)).toEqual({ reason: 'rejected', sipStatus: 603 });
    expect(endForFailureResponse(480).reason).toBe('no_answer');
    expect(endForFailureResponse(408).reason).toBe('no_answer');
    for (const status of [403, 404, 484, 488, 500, 503]) expect(endForFailureResponse(status).reason).toBe('failed');
  });

  it('PHONE-END: 487 after our own CANCEL means what the cancel meant', () => {
    expect(endForFailureResponse(487, 'agent').reason).toBe('cancelled');
    expect(endForFailureResponse(487, 'no_answer_timer').reason).toBe('no_answer');
    expect(endForFailureResponse(487, null).reason).toBe('no_answer');
  });

  it('PHONE-END: unanswered ends map to call outcomes automatically; answered calls are the agent\'s to classify', () => {
    const auto = Object.fromEntries(CALL_END_REASONS.map((r) => [r, automaticOutcome(r)]));
    expect(auto).toEqual({
      busy: 'busy',
      no_answer: 'no_answer',
      rejected: 'rejected',
      failed: 'failed',
      cancelled: 'no_answer',
      remote_hangup: null,
      local_hangup: null,
      transferred: null,
      server_lost: 'dropped',
      dialog_lost: 'dropped',
    });
    for (const outcome of Object.values(auto)) if (outcome !== null) expect(CALL_OUTCOMES).toContain(outcome);
  });
});
