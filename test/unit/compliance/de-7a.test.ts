import { describe, expect, it } from 'vitest';
import { PROOF_RETENTION, proofKeepUntil } from '../../../shared/compliance/proof-retention';

describe('DE-7A: keep each consent proof 5 years from its grant and from each use', () => {
  it('DE-7A: 5 years from the grant when the consent was never used', () => {
    expect(PROOF_RETENTION.DE).toEqual({ ruleId: 'DE-7A', keep: { months: 60 } });
    expect(proofKeepUntil('2024-02-29T10:00:00Z', [], { months: 60 })).toBe('2029-02-28T10:00:00.000Z');
  });

  it('DE-7A: each use starts the 5 years again (the latest use counts, in any order)', () => {
    expect(proofKeepUntil('2020-01-01T00:00:00Z', ['2023-06-01T00:00:00Z', '2021-01-01T00:00:00Z'], { months: 60 })).toBe('2028-06-01T00:00:00.000Z');
  });

  it('US-RETAIN: consent copies are kept 5 years as well; KR sets no fixed proof period here', () => {
    expect(PROOF_RETENTION.US?.ruleId).toBe('US-RETAIN');
    expect(PROOF_RETENTION.KR).toBeUndefined();
  });
});
