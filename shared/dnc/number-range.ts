/**
 * A block of numbers stored as a bitset: every E.164 number that is `prefix` followed by exactly `digits`
 * digits. The block is cut into chunks of 10^`chunkDigits` numbers, each allocated on first use, so a
 * block pays memory only for the parts it holds (US: one 1.25 MB chunk per area code in use).
 */
export interface NumberRange {
  /** Human name for reports (`KR mobile 010`). */
  readonly name: string;
  /** E.164 prefix including `+` and the country code (`+8210`). */
  readonly prefix: string;
  /** How many digits follow the prefix (8 for 010-XXXX-XXXX). */
  readonly digits: number;
  /** Digits addressed inside one chunk: a chunk holds 10^chunkDigits bits. */
  readonly chunkDigits: number;
}

/** Korean mobile numbers 010-XXXX-XXXX: 10^8 numbers, 12.5 MB when every chunk is in use. */
export const KR_MOBILE_RANGE: NumberRange = Object.freeze({ name: 'KR mobile 010', prefix: '+8210', digits: 8, chunkDigits: 7 });

/** North American numbers +1 NPA-NXX-XXXX: a 1.25 MB chunk per area code (NPA) in use. */
export const NANP_RANGE: NumberRange = Object.freeze({ name: 'NANP +1', prefix: '+1', digits: 10, chunkDigits: 7 });

/** The ranges a DNC set uses unless told otherwise; other numbers go to a small sorted fallback. */
export const DEFAULT_RANGES: readonly NumberRange[] = Object.freeze([KR_MOBILE_RANGE, NANP_RANGE]);

/** Thrown for a range list the bitset cannot use; names the range and the problem. */
export class DncRangeError extends Error {
  override readonly name = 'DncRangeError';
}

/**
 * Checks a range list: a valid E.164 prefix, at most 15 digits in all, chunks of at most 10^8 bits
 * (12.5 MB), at most 10^6 chunk slots, and no two ranges that could both claim one number.
 */
export function validateRanges(ranges: readonly NumberRange[]): void {
  ranges.forEach((r, i) => {
    const where = `ranges[${i}] (${r.name})`;
    if (!/^\+[1-9]\d{0,6}$/.test(r.prefix)) throw new DncRangeError(`${where}: prefix must be + and 1-7 digits`);
    if (!Number.isInteger(r.digits) || r.digits < 1 || r.prefix.length - 1 + r.digits > 15) {
      throw new DncRangeError(`${where}: digits must make a number of at most 15 digits`);
    }
    if (!Number.isInteger(r.chunkDigits) || r.chunkDigits < 1 || r.chunkDigits > 8 || r.chunkDigits > r.digits) {
      throw new DncRangeError(`${where}: chunkDigits must be 1..8 and at most digits`);
    }
    if (r.digits - r.chunkDigits > 6) throw new DncRangeError(`${where}: at most 10^6 chunks (digits - chunkDigits <= 6)`);
    ranges.forEach((o, j) => {
      if (j <= i) return;
      const sameLength = o.prefix.length + o.digits === r.prefix.length + r.digits;
      if (sameLength && (o.prefix.startsWith(r.prefix) || r.prefix.startsWith(o.prefix))) {
        throw new DncRangeError(`${where} overlaps ranges[${j}] (${o.name})`);
      }
    });
  });
}
