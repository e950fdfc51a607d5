import { describe, expect, it } from 'vitest';
import { clock, momentOf, peaksPath, positionAt } from '../../../renderer/review/recording-moments';

const rec = { startedAt: '2026-03-10T01:00:20.000Z', durationMs: 25_000 };

describe('recording moments (review)', () => {
  it('an event inside the recording jumps to its offset; before it to the start; after it nowhere', () => {
    expect(momentOf('2026-03-10T01:00:30.500Z', rec)).toEqual({ where: 'inside', ms: 10_500 });
    expect(momentOf('2026-03-10T01:00:20.000Z', rec)).toEqual({ where: 'inside', ms: 0 });
    expect(momentOf('2026-03-10T01:00:45.000Z', rec)).toEqual({ where: 'inside', ms: 25_000 });
    expect(momentOf('2026-03-10T01:00:06.000Z', rec)).toEqual({ where: 'before', ms: 0 });
    expect(momentOf('2026-03-10T01:00:45.001Z', rec)).toEqual({ where: 'after', ms: null });
  });

  it('no moments without a stored recording or with a bad time', () => {
    expect(momentOf('2026-03-10T01:00:30Z', { startedAt: null, durationMs: null })).toBeNull();
    expect(momentOf('not a time', rec)).toBeNull();
  });

  it('clock reads m:ss and h:mm:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(7_999)).toBe('0:07');
    expect(clock(723_000)).toBe('12:03');
    expect(clock(3_729_000)).toBe('1:02:09');
    expect(clock(-5)).toBe('0:00');
  });

  it('a click maps to a position clamped to the recording', () => {
    expect(positionAt(150, 100, 200, 30_000)).toBe(7500);
    expect(positionAt(50, 100, 200, 30_000)).toBe(0);
    expect(positionAt(400, 100, 200, 30_000)).toBe(30_000);
    expect(positionAt(120, 100, 0, 30_000)).toBe(0);
  });

  it('peaks draw one stroke per bucket, as tall as the peak, a hairline when silent', () => {
    expect(peaksPath([0, 1, 0.5], 25, 40)).toBe('M0 24.5V25.5M1 5.0V45.0M2 15.0V35.0');
  });
});
