import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryE164 } from '../../../shared/domain/phone-number';
import { normalizeDncLine } from '../../../shared/dnc';

describe('normalizeDncLine: any common format to E.164, fast path for clean digits', () => {
  it.each([
    ['010-1234-5678', '+821012345678', true],
    ['01012345678', '+821012345678', true],
    ['010 1234 5678', '+821012345678', true],
    ['010.1234.5678', '+821012345678', true],
    ['(010) 1234-5678', '+821012345678', true],
    ['+82 10-1234-5678', '+821012345678', true],
    ['+821012345678', '+821012345678', true],
    ['  010-1234-5678\r', '+821012345678', true],
    ['\t01012345678 ', '+821012345678', true],
    ['02-1234-5678', '+82212345678', false],
    ['010-123-4567', '+82101234567', false],
    ['+82 010 1234 5678', '+821012345678', false],
    ['+44 20 7123 4567', '+442071234567', false],
    ['+1 (212) 555-0123', '+12125550123', true],
  ])('KR-DNC: %j -> %s (fast path: %s)', (line, e164, fast) => {
    expect(normalizeDncLine(line, 'KR')).toEqual({ ok: true, e164, fast });
  });

  it.each([
    ['(212) 555-0123', '+12125550123', true],
    ['212-555-0123', '+12125550123', true],
    ['212.555.0123', '+12125550123', true],
    ['2125550123', '+12125550123', true],
    ['1-212-555-0123', '+12125550123', true],
    ['+1 212 555 0123', '+12125550123', true],
    ['+82 10 1234 5678', '+821012345678', true],
    ['(212) 555-0123 ext. 12', '+12125550123', false],
  ])('US-NDNC: %j -> %s (fast path: %s)', (line, e164, fast) => {
    expect(normalizeDncLine(line, 'US')).toEqual({ ok: true, e164, fast });
  });

  it.each([
    ['phone', 'not-a-number'],
    ['n/a', 'not-a-number'],
    ['12345', 'invalid-number'],
    ['010-1234-56789', 'invalid-number'],
    ['123-456-7890', 'invalid-number'],
    ['1'.repeat(80), 'too-long'],
  ])('KR-DNC: %j is rejected as %s', (line, reason) => {
    expect(normalizeDncLine(line, line === '123-456-7890' ? 'US' : 'KR')).toEqual({ ok: false, reason });
  });

  it.each(['', '   ', '\r', '# national DNC snapshot 2025-06', '  # comment'])('KR-DNC: blank or comment line %j is skipped', (line) => {
    expect(normalizeDncLine(line)).toBeUndefined();
  });

  it('KR-DNC: the fast path gives what libphonenumber gives for KR mobile numbers (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom('-', ' ', '', '.'), (n, sep) => {
        const d = String(n).padStart(8, '0');
        const line = `010${sep}${d.slice(0, 4)}${sep}${d.slice(4)}`;
        const r = normalizeDncLine(line, 'KR');
        expect(r).toEqual({ ok: true, e164: `+8210${d}`, fast: true });
        // Where libphonenumber knows the number, it agrees; it marks the 010-597x..599x blocks unassigned,
        // which the DNC keeps (listing a number nobody can be dialled on blocks nothing).
        const slow = tryE164(line, 'KR');
        if (slow !== undefined) expect(slow).toBe(`+8210${d}`);
        else expect(d.slice(0, 3)).toMatch(/^59[7-9]$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('US-NDNC: wherever libphonenumber accepts a NANP number, the fast path gives the same E.164 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9_999_999 }), (npa, rest) => {
        const r7 = String(rest).padStart(7, '0');
        const line = `(${npa}) ${r7.slice(0, 3)}-${r7.slice(3)}`;
        const slow = tryE164(line, 'US');
        const fast = normalizeDncLine(line, 'US');
        if (slow !== undefined) expect(fast).toMatchObject({ ok: true, e164: slow });
        // Where libphonenumber says no, the fast path may only keep a syntactically valid NANP number.
        else if (fast?.ok) expect(fast.e164).toMatch(/^\+1[2-9]\d{2}[2-9]\d{6}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
