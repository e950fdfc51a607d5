import type { DncLookup } from '../compliance/verdict';
import { digitsValue, e164Key, keyToE164 } from './e164-digits';
import type { NumberRange } from './number-range';
import { rangeIndexOf, type DncSetParts, type RangeState } from './range-state';
import { decodeDncSet, encodeDncSet } from './serialize';

/**
 * A national (or company) do-not-call list in a compact, immutable form.
 *
 * E.164 -> (range, chunk, offset) -> one bit. KR mobile (+8210 + 8 digits) is 10^8 bits = 12.5 MB at
 * most; US (+1 + 10 digits) costs 1.25 MB per area code in use (253M numbers over ~400 NPAs is about
 * 2 bytes a number). Numbers outside every range live in a sorted float64 array (8 bytes each, binary
 * search). A lookup parses the digits in place, without allocating: well under a microsecond.
 *
 * Build one with {@link DncSetBuilder} (or `buildDncFromFile` on the server); move it between processes
 * with {@link DncSet.toBytes} / {@link DncSet.fromBytes}.
 */
export class DncSet implements DncLookup {
  /** How many distinct numbers the list holds. */
  readonly size: number;
  /** When the registry snapshot was taken (ISO instant, UTC); absent for a company's own list. */
  // `declare`: no own property unless set, so an internal list has no `snapshotTakenAt` key at all.
  declare readonly snapshotTakenAt?: string;
  readonly #ranges: readonly RangeState[];
  readonly #fallback: Float64Array;

  /** Use {@link DncSetBuilder} or {@link DncSet.fromBytes}; the parts are taken over, not copied. */
  constructor(parts: DncSetParts) {
    this.#ranges = parts.ranges;
    this.#fallback = parts.fallback;
    this.size = parts.size;
    if (parts.snapshotTakenAt !== undefined) this.snapshotTakenAt = parts.snapshotTakenAt;
  }

  /** True when the E.164 number is listed. Anything that is not an E.164 string is not listed. */
  has(e164: string): boolean {
    if (typeof e164 !== 'string') return false;
    const i = rangeIndexOf(this.#ranges, e164);
    if (i >= 0) {
      const r = this.#ranges[i] as RangeState;
      const start = r.prefixLength;
      const chunkIndex = digitsValue(e164, start, start + r.highDigits);
      const offset = digitsValue(e164, start + r.highDigits, r.totalLength);
      if (chunkIndex < 0 || offset < 0) return false;
      const words = r.chunks[chunkIndex];
      return words !== undefined && ((words[offset >>> 5] ?? 0) & (1 << (offset & 31))) !== 0;
    }
    const key = e164Key(e164);
    return key >= 0 && binarySearch(this.#fallback, key);
  }

  /** The ranges stored as bitsets. */
  get ranges(): readonly NumberRange[] {
    return this.#ranges.map((r) => r.range);
  }

  /** Bytes held by the structure's arrays (bitset chunks and fallback); the object itself is ~100 bytes. */
  get byteLength(): number {
    let n = this.#fallback.byteLength;
    for (const r of this.#ranges) for (const c of r.chunks) if (c !== undefined) n += c.byteLength;
    return n;
  }

  /** How many numbers sit in the sorted fallback (outside every range). */
  get fallbackSize(): number {
    return this.#fallback.length;
  }

  /** Every listed number in ascending order of its digits per range, then the fallback. For audits and tests. */
  *numbers(): IterableIterator<string> {
    for (const r of this.#ranges) {
      const width = r.range.chunkDigits;
      for (let chunk = 0; chunk < r.chunks.length; chunk++) {
        const words = r.chunks[chunk];
        if (words === undefined) continue;
        const high = r.highDigits > 0 ? String(chunk).padStart(r.highDigits, '0') : '';
        for (let w = 0; w < words.length; w++) {
          let bits = words[w] ?? 0;
          while (bits !== 0) {
            const bit = 31 - Math.clz32(bits & -bits);
            bits &= bits - 1;
            yield `${r.range.prefix}${high}${String(w * 32 + bit).padStart(width, '0')}`;
          }
        }
      }
    }
    for (const key of this.#fallback) yield keyToE164(key);
  }

  /** A self-describing binary form (see serialize.ts); {@link DncSet.fromBytes} reads it back. */
  toBytes(): Uint8Array {
    return encodeDncSet({ ranges: this.#ranges, fallback: this.#fallback, size: this.size, snapshotTakenAt: this.snapshotTakenAt });
  }

  /** Reads {@link DncSet.toBytes} output, checking its structure; throws `DncFormatError` when it is damaged. */
  static fromBytes(bytes: Uint8Array): DncSet {
    return new DncSet(decodeDncSet(bytes));
  }
}

function binarySearch(sorted: Float64Array, key: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] ?? 0;
    if (v === key) return true;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
