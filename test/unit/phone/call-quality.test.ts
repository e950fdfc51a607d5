import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateMos, qualityLevel } from '../../../shared/phone/call-quality';

describe('MOS estimate (simplified E-model)', () => {
  it('PHONE-QUALITY: a clean LAN line scores about 4.4 (the E-model ceiling without codec impairment)', () => {
    expect(estimateMos({ lossPercent: 0, jitterMs: 0, rttMs: 20 })).toBeCloseTo(4.4, 1);
    expect(qualityLevel(estimateMos({ lossPercent: 0, jitterMs: 2, rttMs: 10 }))).toBe('good');
  });

  it('PHONE-QUALITY: known points: 5 % loss is still fair, 10 % is poor, 400 ms latency is poor', () => {
    expect(estimateMos({ lossPercent: 5, jitterMs: 0, rttMs: 20 })).toBeCloseTo(4.03, 1);
    expect(qualityLevel(estimateMos({ lossPercent: 10, jitterMs: 0, rttMs: 20 }))).toBe('poor');
    expect(qualityLevel(estimateMos({ lossPercent: 0, jitterMs: 30, rttMs: 700 }))).toBe('poor');
  });

  it('PHONE-QUALITY: stays within 1..4.5 and never improves when loss, jitter or RTT grow', () => {
    const line = fc.record({ lossPercent: fc.double({ min: 0, max: 100, noNaN: true }), jitterMs: fc.double({ min: 0, max: 500, noNaN: true }), rttMs: fc.double({ min: 0, max: 3000, noNaN: true }) });
    fc.assert(
      fc.property(line, fc.double({ min: 0, max: 50, noNaN: true }), (l, extra) => {
        const base = estimateMos(l);
        expect(base).toBeGreaterThanOrEqual(1);
        expect(base).toBeLessThanOrEqual(4.5);
        expect(estimateMos({ ...l, lossPercent: Math.min(100, l.lossPercent + extra) })).toBeLessThanOrEqual(base);
        expect(estimateMos({ ...l, jitterMs: l.jitterMs + extra })).toBeLessThanOrEqual(base);
        expect(estimateMos({ ...l, rttMs: l.rttMs + extra })).toBeLessThanOrEqual(base);
      }),
    );
  });
});
