import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E164Schema } from '../../../shared/domain/phone-number';
import {
  DEFAULT_RANGES,
  DncFormatError,
  DncInputError,
  DncRangeError,
  DncSet,
  DncSetBuilder,
  KR_MOBILE_RANGE,
  dncSetOf,
  validateRanges,
} from '../../../shared/dnc';

const MB = 1_250_000; // one 10^7-bit chunk

/** Numbers of every kind the set stores: KR mobile (bitset), NANP (bitset), and others (fallback). */
const krMobile = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+8210${String(n).padStart(8, '0')}`);
const nanp = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9_999_999 })).map(([npa, rest]) => `+1${npa}${String(rest).padStart(7, '0')}`);
const other = fc.oneof(
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+822${String(n).padStart(7, '0')}`), // Seoul landline, 7 digits
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+8210${String(n).padStart(7, '0')}`), // legacy 010 + 7 digits
  fc.stringMatching(/^\+44[1-9]\d{9}$/),
  fc.stringMatching(/^\+[2-9]\d{7,14}$/),
);
const anyNumber = fc.oneof(krMobile, nanp, other);

describe('DncSet: a bitset per number range, a sorted fallback for the rest', () => {
  it('KR-DNC: lookup agrees with a JS Set for members and non-members (property)', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 60 }), fc.array(anyNumber, { maxLength: 60 }), (listed, probes) => {
        const set = new Set(listed);
        const dnc = dncSetOf(listed);
        expect(dnc.size).toBe(set.size);
        for (const n of [...listed, ...probes]) expect(dnc.has(n)).toBe(set.has(n));
      }),
      { numRuns: 150 },
    );
  });

  it('KR-DNC: serialisation round trip keeps every answer, the size and the snapshot date (property)', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 40 }), fc.array(anyNumber, { maxLength: 40 }), fc.boolean(), (listed, probes, snap) => {
        const dnc = dncSetOf(listed, snap ? { snapshotTakenAt: '2025-06-01T09:00:00+09:00' } : {});
        const back = DncSet.fromBytes(dnc.toBytes());
        expect(back.size).toBe(dnc.size);
        expect(back.snapshotTakenAt).toBe(snap ? '2025-06-01T00:00:00.000Z' : undefined);
        expect([...back.numbers()]).toEqual([...dnc.numbers()]);
        for (const n of [...listed, ...probes]) expect(back.has(n)).toBe(dnc.has(n));
      }),
      { numRuns: 60 },
    );
  });

  it('KR-DNC: numbers() lists exactly the distinct numbers added', () => {
    const input = ['+821000000000', '+821099999999', '+821012345678', '+12125550123', '+442071234567', '+821012345678', '+82212345678'];
    expect(new Set(dncSetOf(input).numbers())).toEqual(new Set(input));
  });

  it('KR-DNC: the first and last number of each range are stored in the bitset, not the fallback', () => {
    const edges = ['+821000000000', '+821099999999', '+12000000000', '+19999999999'];
    const dnc = dncSetOf(edges);
    expect(dnc.fallbackSize).toBe(0);
    for (const n of edges) expect(dnc.has(n)).toBe(true);
    expect(dnc.has('+821000000001')).toBe(false);
    expect(dnc.has('+19999999998')).toBe(false);
  });

  it('KR-DNC: memory is one 1.25 MB chunk per 10^7 numbers in use (at most 12.5 MB for all KR mobiles)', () => {
    expect(dncSetOf(['+821012345678']).byteLength).toBe(MB);
    expect(dncSetOf(['+821012345678', '+821019999999']).byteLength).toBe(MB); // same chunk 1xxxxxxx
    const allChunks = Array.from({ length: 10 }, (_, i) => `+8210${i}1234567`);
    expect(dncSetOf(allChunks).byteLength).toBe(10 * MB);
    expect(dncSetOf(['+12125550123', '+13105550123']).byteLength).toBe(2 * MB); // one chunk per US area code
    expect(dncSetOf(['+442071234567']).byteLength).toBe(8); // fallback: 8 bytes a number
  });

  it('KR-DNC: anything that is not an E.164 string is not listed', () => {
    const dnc = dncSetOf(['+821012345678', '+442071234567']);
    for (const probe of ['821012345678', '+8210123456789', '+82101234567a', '', '+', '+0442071234567', '010-1234-5678', ' +821012345678']) {
      expect(dnc.has(probe)).toBe(false);
    }
    expect(dnc.has(12 as unknown as string)).toBe(false);
  });

  it('KR-DNC: the builder rejects a non-E.164 number without echoing it, and counts duplicates', () => {
    const b = new DncSetBuilder();
    expect(b.add('+821012345678')).toBe(true);
    expect(b.add('+821012345678')).toBe(false);
    expect(b.add('+442071234567')).toBe(true);
    expect(b.add('+442071234567')).toBe(false);
    expect(b.size).toBe(2);
    expect(() => b.add('010-1234-5678')).toThrow(DncInputError);
    expect(() => b.add('010-1234-5678')).toThrow(/^not an E\.164 number$/);
    const set = b.build();
    expect(set.size).toBe(2);
    expect(() => b.add('+821012345679')).toThrow(/already/);
  });

  it('KR-DNC: the builder accepts exactly what E164Schema accepts (property)', () => {
    const candidates = fc.oneof(anyNumber, fc.string({ maxLength: 18 }), fc.stringMatching(/^\+?\d{0,17}$/));
    fc.assert(
      fc.property(candidates, (s) => {
        let accepted = true;
        try {
          new DncSetBuilder().add(s);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(E164Schema.safeParse(s).success);
      }),
      { numRuns: 1000 },
    );
  });

  it('KR-DNC: a bad snapshot date is refused; a good one is kept in UTC', () => {
    expect(() => new DncSetBuilder({ snapshotTakenAt: 'last Monday' })).toThrow(/snapshotTakenAt/);
    expect(dncSetOf([], { snapshotTakenAt: '2025-06-01T09:00:00+09:00' }).snapshotTakenAt).toBe('2025-06-01T00:00:00.000Z');
    expect('snapshotTakenAt' in dncSetOf([])).toBe(false);
  });

  it('KR-DNC: custom ranges (e.g. Seoul landlines +822 + 8 digits) are used; overlapping ranges are refused', () => {
    const seoul = { name: 'Seoul 8-digit', prefix: '+822', digits: 8, chunkDigits: 7 };
    const dnc = dncSetOf(['+82212345678', '+8221234567'], { ranges: [KR_MOBILE_RANGE, seoul] });
    expect(dnc.fallbackSize).toBe(1); // the 7-digit Seoul number
    expect(dnc.has('+82212345678')).toBe(true);
    expect(dnc.has('+8221234567')).toBe(true);
    expect(() => validateRanges([...DEFAULT_RANGES, { name: 'clash', prefix: '+82101', digits: 7, chunkDigits: 7 }])).toThrow(DncRangeError);
    expect(() => validateRanges([{ name: 'huge', prefix: '+1', digits: 10, chunkDigits: 9 }])).toThrow(/chunkDigits/);
  });
});

describe('DncSet bytes: damaged input is refused with a clear error', () => {
  const good = dncSetOf(['+821012345678', '+12125550123', '+442071234567'], { snapshotTakenAt: '2025-06-01T00:00:00Z' }).toBytes();

  it('KR-DNC: the format is compact: two 1.25 MB chunks, one fallback key, a small header', () => {
    expect(good.byteLength).toBeGreaterThanOrEqual(2 * MB + 8);
    expect(good.byteLength).toBeLessThan(2 * MB + 200);
  });

  it('KR-DNC: wrong magic, version, truncation, trailing bytes and a wrong size are all refused', () => {
    const mutate = (f: (b: Uint8Array) => Uint8Array): Uint8Array => f(good.slice());
    expect(() => DncSet.fromBytes(mutate((b) => ((b[0] = 0), b)))).toThrow(/magic/);
    expect(() => DncSet.fromBytes(mutate((b) => (new DataView(b.buffer).setUint32(4, 9, true), b)))).toThrow(/version 9/);
    expect(() => DncSet.fromBytes(good.subarray(0, good.byteLength - 1))).toThrow(DncFormatError);
    expect(() => DncSet.fromBytes(good.subarray(0, 20))).toThrow(/truncated/);
    const longer = new Uint8Array(good.byteLength + 8);
    longer.set(good);
    expect(() => DncSet.fromBytes(longer)).toThrow(/trailing/);
    expect(() => DncSet.fromBytes(mutate((b) => (new DataView(b.buffer).setFloat64(16, 4, true), b)))).toThrow(/size 4/);
  });

  it('KR-DNC: a flipped bit in a bitset is caught by the size check', () => {
    const b = good.slice();
    // Find the first non-zero bitset byte after the header and clear it.
    const idx = b.findIndex((x, i) => i > 64 && x !== 0);
    b[idx] = 0;
    expect(() => DncSet.fromBytes(b)).toThrow(/size/);
  });

  it('KR-DNC: bytes at an odd offset in a larger buffer are read correctly', () => {
    const host = new Uint8Array(good.byteLength + 3);
    host.set(good, 3);
    const back = DncSet.fromBytes(host.subarray(3));
    expect(back.has('+12125550123')).toBe(true);
    expect(back.has('+442071234567')).toBe(true);
  });
});
