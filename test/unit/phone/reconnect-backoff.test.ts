import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../../shared/phone/reconnect-backoff';

const backoff = { baseMs: 500, maxMs: 30_000 };

describe('reconnect backoff (RFC 5626 section 4.5 style)', () => {
  it('PHONE-BACKOFF: doubles per attempt up to the cap, with the jitter between 50 % and 100 %', () => {
    expect([0, 1, 2, 3].map((a) => reconnectDelayMs(a, backoff, () => 0.999999))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([0, 1, 2, 3].map((a) => reconnectDelayMs(a, backoff, () => 0))).toEqual([250, 500, 1_000, 2_000]);
    expect(reconnectDelayMs(20, backoff, () => 0.999999)).toBe(30_000);
    expect(reconnectDelayMs(1_000, backoff, () => 0)).toBe(15_000);
  });

  it('PHONE-BACKOFF: any attempt and any random value give a wait in [ceiling/2, ceiling]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 50, max: 5_000 }), (attempt, r, base) => {
        const params = { baseMs: base, maxMs: base * 40 };
        const ceiling = Math.min(params.maxMs, base * 2 ** Math.min(attempt, 30));
        const wait = reconnectDelayMs(attempt, params, () => r);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(wait).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('PHONE-BACKOFF: a thousand phones losing the server at once spread their first retry over the window', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const waits = Array.from({ length: 1_000 }, () => reconnectDelayMs(0, backoff, random));
    const buckets = new Set(waits.map((w) => Math.floor(w / 25)));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...waits)).toBeLessThanOrEqual(500);
    expect(buckets.size).toBeGreaterThanOrEqual(10); // every 25 ms slice of 250..500 is used
  });
});
