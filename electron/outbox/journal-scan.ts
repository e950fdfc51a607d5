import { crc32 } from 'node:zlib';

/** One journal line: `<crc32 of the JSON, 8 hex digits> <JSON>\n`. */
export function encodeLine(record: unknown): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** A byte range of the file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface JournalScan {
  /** The values of the good lines and of the records salvaged from bad ones, in file order. */
  readonly values: readonly unknown[];
  /**
   * Complete lines (ending in a newline) whose checksum or JSON is wrong. A crash never leaves such a
   * line (a write cut short has no newline), so these are damage to records that may have been
   * acknowledged: they are quarantined, never deleted.
   */
  readonly bad: readonly Span[];
  /**
   * Records found intact at the end of a bad line: a write cut short without a newline, then a
   * complete record appended after it (what a desk before issue 12 could leave after a failed write).
   * Their values are in `values`; the whole bad line is still quarantined.
   */
  readonly salvaged: number;
  /** Where a last line without its newline starts (a write cut short by a crash), or null. */
  readonly tornFrom: number | null;
}

/** A complete record inside a damaged line, starting after its first byte (the damage before it is kept aside). */
function salvage(line: string): unknown {
  for (let space = line.indexOf(' '); space !== -1; space = line.indexOf(' ', space + 1)) {
    const start = space - 8;
    if (start <= 0 || !/^[0-9a-f]{8}$/.test(line.slice(start, space))) continue;
    const tail = decodeLine(line.slice(start));
    if (tail.ok) return tail.value;
  }
  return undefined;
}

function decodeLine(line: string): { ok: true; value: unknown } | { ok: false } {
  if (line.charCodeAt(8) !== 0x20) return { ok: false };
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a journal's bytes: a torn tail (the last line, without newline: a write a crash cut short) is
 * told apart from a damaged line in the middle (complete, but its checksum fails), which must be kept.
 */
export function scanJournal(buf: Buffer): JournalScan {
  const values: unknown[] = [];
  const bad: Span[] = [];
  let salvaged = 0;
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) return { values, bad, salvaged, tornFrom: offset };
    const text = buf.subarray(offset, nl).toString('utf8');
    const line = decodeLine(text);
    if (line.ok) values.push(line.value);
    else {
      bad.push({ start: offset, end: nl + 1 });
      const rescued = salvage(text);
      if (rescued !== undefined) {
        values.push(rescued);
        salvaged += 1;
      }
    }
    offset = nl + 1;
  }
  return { values, bad, salvaged, tornFrom: null };
}
