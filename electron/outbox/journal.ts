import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * An append-only journal of JSON records, one per line, each line `<crc32 hex> <json>\n`.
 *
 * Why not electron-store: its writes are atomic renames of the whole file, not crash-safe on every
 * platform, and rewrite everything on each change. Evidence needs "on disk before the UI moves on":
 * the journal appends and fsyncs, then resolves. Appends that arrive while an fsync is running are
 * written together and share the next fsync (group commit), so a burst of answers costs one flush.
 *
 * Recovery: a process killed mid-write can leave a torn last line (no newline, or a bad checksum);
 * `openJournal` truncates it. Records before it were acknowledged only after their fsync, so none is lost.
 * Compaction writes the live records to a temporary file, fsyncs it and renames it over the journal
 * (atomic), then fsyncs the folder.
 */
export interface Journal<R> {
  /** Records recovered at open, in order. */
  readonly recovered: readonly R[];
  /** How many damaged bytes were cut from the end at open (0 on a clean shutdown). */
  readonly truncatedBytes: number;
  /**
   * Appends the records and resolves once they are fsync'd. `onDurable` runs synchronously right after
   * the fsync, before anything else can touch the journal: the caller's in-memory view is updated in
   * the same step that makes the records durable, so a compaction never misses them.
   */
  append(records: readonly R[], onDurable?: () => void): Promise<void>;
  /**
   * Replaces the whole journal with `live()` (atomic). Appends that arrive meanwhile wait and go to the
   * new file; `live` is called only once every earlier append is durable and applied.
   */
  compact(live: () => readonly R[]): Promise<void>;
  /** Bytes currently in the journal file. */
  size(): number;
  close(): Promise<void>;
}

const FILE = 'journal.ndjson';

function encode(record: unknown): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

function fsyncDir(dir: string): void {
  // Makes a create or rename durable. Not supported on Windows; there the rename itself is journaled by NTFS.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Parses the file, returning the good records and the byte length of the good prefix. */
function readRecords<R>(path: string, parse: (value: unknown) => R): { records: R[]; goodBytes: number; totalBytes: number } {
  const buf = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  const records: R[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) break; // torn last line
    const line = buf.subarray(offset, nl).toString('utf8');
    const space = line.indexOf(' ');
    const json = line.slice(space + 1);
    if (space !== 8 || crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) break;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      break;
    }
    records.push(parse(value));
    offset = nl + 1;
  }
  return { records, goodBytes: offset, totalBytes: buf.length };
}

export async function openJournal<R>(dir: string, parse: (value: unknown) => R): Promise<Journal<R>> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FILE);
  const tmp = `${path}.tmp`;
  if (existsSync(tmp)) rmSync(tmp); // an interrupted compaction: the journal itself is intact
  const { records, goodBytes, totalBytes } = readRecords(path, parse);
  if (goodBytes < totalBytes) truncateSync(path, goodBytes);
  const created = !existsSync(path);
  let fh: FileHandle = await open(path, 'a');
  if (created) fsyncDir(dir);
  let bytes = goodBytes;

  // Group commit: `queue` collects lines while a write+fsync is in flight; they share the next fsync.
  let queue: { lines: string; onDurable: (() => void) | undefined; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;
  let compacting = false;

  async function flush(): Promise<void> {
    while (queue.length > 0 && !compacting) {
      const batch = queue;
      queue = [];
      const data = batch.map((b) => b.lines).join('');
      try {
        await fh.write(data);
        await fh.sync();
        bytes += Buffer.byteLength(data);
        for (const b of batch) b.onDurable?.();
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    flushing = undefined;
  }

  return {
    recovered: records,
    truncatedBytes: totalBytes - goodBytes,
    append(items, onDurable) {
      if (items.length === 0) {
        onDurable?.();
        return Promise.resolve();
      }
      const lines = items.map(encode).join('');
      return new Promise<void>((resolve, reject) => {
        queue.push({ lines, onDurable, resolve, reject });
        if (!compacting) flushing ??= flush();
      });
    },
    async compact(live) {
      if (compacting) return;
      compacting = true;
      try {
        await flushing; // every earlier append is durable and applied now
        const data = live().map(encode).join('');
        const out = await open(tmp, 'w');
        try {
          await out.write(data);
          await out.sync();
        } finally {
          await out.close();
        }
        await fh.close();
        try {
          renameSync(tmp, path);
          fsyncDir(dir);
          bytes = Buffer.byteLength(data);
        } finally {
          fh = await open(path, 'a');
        }
      } finally {
        compacting = false;
        if (queue.length > 0) flushing ??= flush();
      }
    },
    size: () => bytes,
    async close() {
      await flushing;
      await fh.close();
    },
  };
}
