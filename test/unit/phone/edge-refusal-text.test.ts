// The desk says why the SIP edge refused a call (issue 10): 403 = not authorized, 503 = the edge could
// not ask the API. Every other end keeps its usual text.
import { describe, expect, it } from 'vitest';
import { callEndText, phoneMessages } from '../../../renderer/phone/messages';
import { endForFailureResponse } from '../../../shared/phone/call-end-reason';

describe('callEndText', () => {
  for (const locale of ['ko', 'en'] as const) {
    const m = phoneMessages[locale];
    it(`${locale}: 403 and 503 on a failed call name the edge's refusal`, () => {
      expect(callEndText(m, { reason: 'failed', sipStatus: 403 })).toBe(m.edge.refused);
      expect(callEndText(m, { reason: 'failed', sipStatus: 503 })).toBe(m.edge.unavailable);
      expect(m.edge.refused).not.toBe(m.edge.unavailable);
      expect(m.edge.refused).not.toBe(m.endReason.failed);
    });
    it(`${locale}: the gate run again at the edge's redemption (403 Dial token refused (gate-changed)) has its own text`, () => {
      const end = endForFailureResponse(403, null, 'Dial token refused (gate-changed)');
      expect(end).toEqual({ reason: 'failed', sipStatus: 403, edgeRefusal: 'gate-changed' });
      expect(callEndText(m, end)).toBe(m.edge.gateChanged);
      expect(m.edge.gateChanged).not.toBe(m.edge.refused);
      expect(callEndText(m, endForFailureResponse(403, null, 'Dial token refused (used)'))).toBe(m.edge.refused);
      // Only the edge's exact phrase on a 403 counts.
      expect(endForFailureResponse(403, null, 'Forbidden')).toEqual({ reason: 'failed', sipStatus: 403 });
      expect(endForFailureResponse(486, null, 'Dial token refused (gate-changed)')).toEqual({ reason: 'busy', sipStatus: 486 });
      expect(endForFailureResponse(403, null, 'Dial token refused (gate-changed) <b>')).toEqual({ reason: 'failed', sipStatus: 403 });
    });
    it(`${locale}: taken off the lead's campaign since the authorization (403 Dial token refused (not-assigned)) has its own text`, () => {
      const end = endForFailureResponse(403, null, 'Dial token refused (not-assigned)');
      expect(end).toEqual({ reason: 'failed', sipStatus: 403, edgeRefusal: 'not-assigned' });
      expect(callEndText(m, end)).toBe(m.edge.notAssigned);
      expect(new Set([m.edge.notAssigned, m.edge.gateChanged, m.edge.refused]).size).toBe(3);
      expect(m.edge.notAssigned).toMatch(locale === 'ko' ? /캠페인/ : /campaign/);
    });
    it(`${locale}: other ends keep their reason text`, () => {
      expect(callEndText(m, { reason: 'failed', sipStatus: 500 })).toBe(m.endReason.failed);
      expect(callEndText(m, { reason: 'busy', sipStatus: 486 })).toBe(m.endReason.busy);
      expect(callEndText(m, { reason: 'failed', sipStatus: null })).toBe(m.endReason.failed);
    });
  }
});
