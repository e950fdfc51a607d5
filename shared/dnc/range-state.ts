import type { NumberRange } from './number-range';

/** The storage of one range inside a DNC set: its chunk slots, each a bitset or not yet allocated. */
export interface RangeState {
  readonly range: NumberRange;
  readonly prefixLength: number;
  /** prefix length + digits: only strings of this length can fall in the range. */
  readonly totalLength: number;
  /** Digits that pick the chunk (digits - chunkDigits). */
  readonly highDigits: number;
  /** 32-bit words per chunk: ceil(10^chunkDigits / 32). */
  readonly chunkWords: number;
  readonly chunks: (Uint32Array | undefined)[];
}

/** Empty storage for a range: every chunk slot unallocated. */
export function newRangeState(range: NumberRange): RangeState {
  const highDigits = range.digits - range.chunkDigits;
  return {
    range,
    prefixLength: range.prefix.length,
    totalLength: range.prefix.length + range.digits,
    highDigits,
    chunkWords: Math.ceil(10 ** range.chunkDigits / 32),
    chunks: new Array<Uint32Array | undefined>(10 ** highDigits).fill(undefined),
  };
}

/** Everything a DNC set is made of: what the builder produces and the serializer reads and writes. */
export interface DncSetParts {
  readonly ranges: readonly RangeState[];
  /** Numbers outside every range, as float64 keys (digits without `+`), sorted ascending, no duplicates. */
  readonly fallback: Float64Array;
  readonly size: number;
  readonly snapshotTakenAt: string | undefined;
}

/** Index of the first range that can hold `e164` (right length, right prefix), or -1. */
export function rangeIndexOf(ranges: readonly RangeState[], e164: string): number {
  const len = e164.length;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (r !== undefined && len === r.totalLength && e164.startsWith(r.range.prefix)) return i;
  }
  return -1;
}

/** Set bits in a word array (population count), for sizes and integrity checks. */
export function popcount(words: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    let v = words[i] ?? 0;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}
