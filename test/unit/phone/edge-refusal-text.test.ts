// The desk says why the SIP edge refused a call (issue 10): 403 = not authorized, 503 = the edge could
// not ask the API. Every other end keeps its usual text.
import { describe, expect, it } from 'vitest';
import { callEndText, phoneMessages } from '../../../renderer/phone/messages';

describe('callEndText', () => {
  for (const locale of ['ko', 'en'] as const) {
    const m = phoneMessages[locale];
    it(`${locale}: 403 and 503 on a failed call name the edge's refusal`, () => {
      expect(callEndText(m, { reason: 'failed', sipStatus: 403 })).toBe(m.edge.refused);
      expect(callEndText(m, { reason: 'failed', sipStatus: 503 })).toBe(m.edge.unavailable);
      expect(m.edge.refused).not.toBe(m.edge.unavailable);
      expect(m.edge.refused).not.toBe(m.endReason.failed);
    });
    it(`${locale}: other ends keep their reason text`, () => {
      expect(callEndText(m, { reason: 'failed', sipStatus: 500 })).toBe(m.endReason.failed);
      expect(callEndText(m, { reason: 'busy', sipStatus: 486 })).toBe(m.endReason.busy);
      expect(callEndText(m, { reason: 'failed', sipStatus: null })).toBe(m.endReason.failed);
    });
  }
});
