import { z } from 'zod';
import { DncSet } from './dnc-set';
import { digitsValue, e164Key } from './e164-digits';
import { DEFAULT_RANGES, validateRanges, type NumberRange } from './number-range';
import { newRangeState, rangeIndexOf, type RangeState } from './range-state';

/** Thrown for something that is not an E.164 number, or a bad snapshot date. Never echoes the number. */
export class DncInputError extends Error {
  override readonly name = 'DncInputError';
}

export interface DncSetOptions {
  /** Ranges stored as bitsets; {@link DEFAULT_RANGES} (KR mobile, NANP) when absent. */
  readonly ranges?: readonly NumberRange[];
  /** When the registry snapshot was taken (ISO instant); omit for a company's own list. Stored as UTC. */
  readonly snapshotTakenAt?: string;
}

const IsoInstant = z.iso.datetime({ offset: true });
// The pattern of E164Schema (shared/domain/phone-number), tested directly: a registry build adds millions
// of numbers and a zod safeParse per number would cost more than the bitset write. A test keeps them equal.
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

/**
 * Collects E.164 numbers into a {@link DncSet}. Bitset chunks are allocated on first use; numbers
 * outside the ranges are kept in a Set until {@link DncSetBuilder.build} sorts them.
 */
export class DncSetBuilder {
  readonly #ranges: RangeState[];
  readonly #snapshotTakenAt: string | undefined;
  #fallback = new Set<number>();
  #bitCount = 0;
  #built = false;

  constructor(options: DncSetOptions = {}) {
    const ranges = options.ranges ?? DEFAULT_RANGES;
    validateRanges(ranges);
    this.#ranges = ranges.map(newRangeState);
    if (options.snapshotTakenAt !== undefined && !IsoInstant.safeParse(options.snapshotTakenAt).success) {
      throw new DncInputError('snapshotTakenAt: expected an ISO instant like 2025-06-01T00:00:00Z');
    }
    this.#snapshotTakenAt = options.snapshotTakenAt === undefined ? undefined : new Date(options.snapshotTakenAt).toISOString();
  }

  /** Distinct numbers added so far. */
  get size(): number {
    return this.#bitCount + this.#fallback.size;
  }

  /** Adds an E.164 number; true if it was new. Throws {@link DncInputError} for anything else. */
  add(e164: string): boolean {
    if (this.#built) throw new Error('DncSetBuilder: build() was already called');
    if (typeof e164 !== 'string' || !E164_PATTERN.test(e164)) throw new DncInputError('not an E.164 number');
    const i = rangeIndexOf(this.#ranges, e164);
    if (i < 0) {
      const key = e164Key(e164);
      const before = this.#fallback.size;
      this.#fallback.add(key);
      return this.#fallback.size > before;
    }
    const r = this.#ranges[i] as RangeState;
    const start = r.prefixLength;
    const chunkIndex = digitsValue(e164, start, start + r.highDigits);
    const offset = digitsValue(e164, start + r.highDigits, r.totalLength);
    let words = r.chunks[chunkIndex];
    if (words === undefined) {
      words = new Uint32Array(r.chunkWords);
      r.chunks[chunkIndex] = words;
    }
    const w = offset >>> 5;
    const bit = 1 << (offset & 31);
    const old = words[w] ?? 0;
    if ((old & bit) !== 0) return false;
    words[w] = old | bit;
    this.#bitCount += 1;
    return true;
  }

  /** The finished, immutable set. The builder cannot be used afterwards (its arrays are handed over). */
  build(): DncSet {
    if (this.#built) throw new Error('DncSetBuilder: build() was already called');
    this.#built = true;
    const fallback = Float64Array.from(this.#fallback).sort();
    this.#fallback = new Set();
    return new DncSet({ ranges: this.#ranges, fallback, size: this.#bitCount + fallback.length, snapshotTakenAt: this.#snapshotTakenAt });
  }
}

/** A DNC set of the given E.164 numbers (e.g. a company's own list, or test data). */
export function dncSetOf(numbers: Iterable<string>, options: DncSetOptions = {}): DncSet {
  const b = new DncSetBuilder(options);
  for (const n of numbers) b.add(n);
  return b.build();
}
