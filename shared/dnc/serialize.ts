import { DEFAULT_RANGES, validateRanges, type NumberRange } from './number-range';
import { newRangeState, popcount, type DncSetParts, type RangeState } from './range-state';

/**
 * The binary form of a DNC set (little-endian), version 1:
 *
 * ```
 * 0   "CGDN"            magic
 * 4   u32 version       1
 * 8   f64 snapshot      epoch ms, NaN when none
 * 16  f64 size          distinct numbers
 * 24  u32 rangeCount
 * 28  u32 fallbackCount
 * 32  per range: u8 prefixLength, prefix (ASCII), u8 digits, u8 chunkDigits,
 *     u32 presentChunks, presentChunks x u32 chunk index (ascending)
 *     zero padding to a multiple of 8
 *     per range, per present chunk: chunkWords x u32 bitset words
 *     zero padding to a multiple of 8
 *     fallbackCount x f64 keys (digits without "+", ascending)
 * ```
 * A KR mobile list is ~12.5 MB; reading checks every field, the order of keys and the total count.
 */
export const DNC_FORMAT_VERSION = 1;
const MAGIC = [0x43, 0x47, 0x44, 0x4e]; // "CGDN"

/** Thrown when bytes are not a valid DNC set; says which part is wrong. */
export class DncFormatError extends Error {
  override readonly name = 'DncFormatError';
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;
// On little-endian hosts (all we run on) the bitset words are copied in bulk, else word by word.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes of a DNC set's parts, in the format above. */
export function encodeDncSet(parts: DncSetParts): Uint8Array {
  const present = parts.ranges.map((r) => r.chunks.flatMap((c, i) => (c === undefined ? [] : [i])));
  let header = 32;
  parts.ranges.forEach((r, i) => {
    header += 1 + r.range.prefix.length + 2 + 4 + 4 * (present[i]?.length ?? 0);
  });
  header = pad8(header);
  let body = 0;
  parts.ranges.forEach((r, i) => {
    body += (present[i]?.length ?? 0) * r.chunkWords * 4;
  });
  const fallbackAt = header + pad8(body);
  const bytes = new Uint8Array(fallbackAt + parts.fallback.length * 8);
  const view = new DataView(bytes.buffer);

  MAGIC.forEach((b, i) => view.setUint8(i, b));
  view.setUint32(4, DNC_FORMAT_VERSION, true);
  view.setFloat64(8, parts.snapshotTakenAt === undefined ? Number.NaN : Date.parse(parts.snapshotTakenAt), true);
  view.setFloat64(16, parts.size, true);
  view.setUint32(24, parts.ranges.length, true);
  view.setUint32(28, parts.fallback.length, true);
  let at = 32;
  parts.ranges.forEach((r, i) => {
    view.setUint8(at++, r.range.prefix.length);
    for (let k = 0; k < r.range.prefix.length; k++) view.setUint8(at++, r.range.prefix.charCodeAt(k));
    view.setUint8(at++, r.range.digits);
    view.setUint8(at++, r.range.chunkDigits);
    const idx = present[i] ?? [];
    view.setUint32(at, idx.length, true);
    at += 4;
    for (const c of idx) {
      view.setUint32(at, c, true);
      at += 4;
    }
  });
  at = header;
  parts.ranges.forEach((r, i) => {
    for (const c of present[i] ?? []) {
      const words = r.chunks[c] as Uint32Array;
      if (LITTLE_ENDIAN) bytes.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength), at);
      else for (let w = 0; w < words.length; w++) view.setUint32(at + w * 4, words[w] ?? 0, true);
      at += words.length * 4;
    }
  });
  parts.fallback.forEach((key, i) => view.setFloat64(fallbackAt + i * 8, key, true));
  return bytes;
}

/** The parts of a DNC set read from bytes; throws {@link DncFormatError} naming what is wrong. */
export function decodeDncSet(bytes: Uint8Array): DncSetParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number, what: string): void => {
    if (at + n > bytes.byteLength) throw new DncFormatError(`truncated: ${what} needs bytes ${at}..${at + n}, have ${bytes.byteLength}`);
  };
  need(0, 32, 'header');
  if (!MAGIC.every((b, i) => view.getUint8(i) === b)) throw new DncFormatError('not a Callgate DNC set (magic "CGDN" missing)');
  const version = view.getUint32(4, true);
  if (version !== DNC_FORMAT_VERSION) throw new DncFormatError(`unsupported version ${version} (expected ${DNC_FORMAT_VERSION})`);
  const snapshotMs = view.getFloat64(8, true);
  const size = view.getFloat64(16, true);
  if (!Number.isInteger(size) || size < 0) throw new DncFormatError('size is not a count');
  const rangeCount = view.getUint32(24, true);
  const fallbackCount = view.getUint32(28, true);
  if (rangeCount > 64) throw new DncFormatError(`rangeCount ${rangeCount} is implausible`);

  let at = 32;
  const ranges: RangeState[] = [];
  const present: number[][] = [];
  for (let i = 0; i < rangeCount; i++) {
    need(at, 1, `ranges[${i}].prefix`);
    const plen = view.getUint8(at++);
    need(at, plen + 6, `ranges[${i}]`);
    let prefix = '';
    for (let k = 0; k < plen; k++) prefix += String.fromCharCode(view.getUint8(at++));
    const digits = view.getUint8(at);
    const chunkDigits = view.getUint8(at + 1);
    const known = DEFAULT_RANGES.find((r) => r.prefix === prefix && r.digits === digits && r.chunkDigits === chunkDigits);
    const range: NumberRange = known ?? { name: `${prefix} + ${digits} digits`, prefix, digits, chunkDigits };
    at += 2;
    const count = view.getUint32(at, true);
    at += 4;
    ranges.push(newRangeStateChecked(range, i));
    const state = ranges[i] as RangeState;
    if (count > state.chunks.length) throw new DncFormatError(`ranges[${i}]: ${count} chunks, at most ${state.chunks.length}`);
    need(at, count * 4, `ranges[${i}].chunkIndexes`);
    const idx: number[] = [];
    for (let k = 0; k < count; k++) {
      const c = view.getUint32(at, true);
      at += 4;
      if (c >= state.chunks.length || (k > 0 && c <= (idx[k - 1] ?? -1))) throw new DncFormatError(`ranges[${i}]: chunk index ${k} out of order or range`);
      idx.push(c);
    }
    present.push(idx);
  }
  try {
    validateRanges(ranges.map((r) => r.range));
  } catch (err) {
    throw new DncFormatError(`ranges: ${(err as Error).message}`);
  }

  at = pad8(at);
  let bits = 0;
  ranges.forEach((r, i) => {
    for (const c of present[i] ?? []) {
      need(at, r.chunkWords * 4, `ranges[${i}].chunks[${c}]`);
      const words = new Uint32Array(r.chunkWords);
      if (LITTLE_ENDIAN) new Uint8Array(words.buffer).set(bytes.subarray(at, at + r.chunkWords * 4));
      else for (let w = 0; w < words.length; w++) words[w] = view.getUint32(at + w * 4, true);
      at += r.chunkWords * 4;
      r.chunks[c] = words;
      bits += popcount(words);
    }
  });
  at = pad8(at);
  need(at, fallbackCount * 8, 'fallback');
  if (at + fallbackCount * 8 !== bytes.byteLength) throw new DncFormatError(`${bytes.byteLength - at - fallbackCount * 8} trailing bytes`);
  const fallback = new Float64Array(fallbackCount);
  for (let k = 0; k < fallbackCount; k++) {
    const key = view.getFloat64(at + k * 8, true);
    if (!Number.isInteger(key) || key < 1e7 || key >= 1e15 || (k > 0 && key <= (fallback[k - 1] ?? 0))) {
      throw new DncFormatError(`fallback[${k}]: not an ascending E.164 key`);
    }
    fallback[k] = key;
  }
  if (bits + fallbackCount !== size) throw new DncFormatError(`size ${size} does not match the ${bits + fallbackCount} numbers stored`);
  if (!Number.isNaN(snapshotMs) && !Number.isFinite(new Date(snapshotMs).getTime())) throw new DncFormatError('snapshot date out of range');
  const snapshotTakenAt = Number.isNaN(snapshotMs) ? undefined : new Date(snapshotMs).toISOString();
  return { ranges, fallback, size, snapshotTakenAt };
}

function newRangeStateChecked(range: NumberRange, i: number): RangeState {
  try {
    validateRanges([range]);
  } catch (err) {
    throw new DncFormatError(`ranges[${i}]: ${(err as Error).message}`);
  }
  return newRangeState(range);
}
