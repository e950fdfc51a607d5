/**
 * Do-not-call lookups for national registries (KR ~4M numbers, US 253M): a bitset per number range
 * (KR mobile +8210, NANP +1 per area code) with a sorted fallback for other numbers, serialisable to
 * bytes, implementing the gate's `DncLookup`. The streaming file builder lives in server/dnc.
 */
export { DncSet } from './dnc-set';
export { DncInputError, DncSetBuilder, dncSetOf, type DncSetOptions } from './dnc-set-builder';
export { DEFAULT_RANGES, DncRangeError, KR_MOBILE_RANGE, NANP_RANGE, validateRanges, type NumberRange } from './number-range';
export { DNC_FORMAT_VERSION, DncFormatError } from './serialize';
export { normalizeDncLine, type DncLineRejection, type DncLineResult } from './normalize-line';
