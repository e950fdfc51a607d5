import { join } from 'node:path';
import { nodeJournalFs, type JournalFile, type JournalFs } from './journal-fs';
import { encodeLine, scanJournal } from './journal-scan';

/**
 * An append-only journal of JSON records, one per line (`<crc32> <json>\n`), that never loses a record
 * it acknowledged.
 *
 * Why not electron-store: its writes are atomic renames of the whole file and rewrite everything on each
 * change. Evidence needs "on disk before the UI moves on": the journal appends and fsyncs, then
 * resolves.
 *
 * Speed: a lone record is written and made durable at once, in one system call where the platform
 * allows (the file is opened O_DSYNC; elsewhere a write and an fsync). Records that arrive while a write
 * is in flight are written together next and share it (group commit of what is already waiting; it
 * never waits for a window). Records appended with `durable: false` (delivery marks: losing one only
 * means a repeat the API acknowledges as a duplicate) are applied at once but not written on their own:
 * they ride along with the next durable record, or are written after `deferMs` of quiet (and at close),
 * so a mark's write is never in flight when an answer comes.
 *
 * Faults (states of the file):
 * ```
 *   ok ──write or fsync fails──▶ broken ──repair: truncate to the last fsync'd length, reopen, fsync──▶ ok
 *                                  ▲   └──repair fails──▶ broken (appends refused: JournalUnavailableError;
 *                                  │                       the next append tries the repair again)
 * ```
 * A failed batch is never acknowledged, and after a failed write or fsync nothing more is appended to
 * that file handle (the kernel may have dropped the dirty pages and report success later): the file
 * goes back to what was durable first.
 *
 * Recovery at open: a last line without newline (a write a crash cut short, never acknowledged) is
 * truncated; a complete line whose checksum fails (damage, possibly to an acknowledged record) is copied
 * to `quarantine/` and the journal rewritten without it: nothing is deleted unseen. Both are reported.
 *
 * Compaction writes the live records to a temporary file, fsyncs it and renames it over the journal
 * (atomic), then fsyncs the folder.
 */
export interface Journal {
  /** The records found at open, in order, as parsed JSON (the caller checks their schema). */
  readonly recovered: readonly unknown[];
  /** What opening had to repair. */
  readonly recovery: JournalRecovery;
  /**
   * Appends the records; resolves once they are durable (`durable`, the default). `onApplied` runs
   * synchronously right after, before anything else can touch the journal: the caller's in-memory view
   * changes in the same step, so a compaction never misses them. Rejects (and applies nothing) when the
   * write or fsync failed, or the journal is broken.
   * With `durable: false` the records are applied and the promise resolved at once; they are written
   * with the next durable append or after `deferMs` of quiet (a failure then loses them, nothing else).
   */
  append(records: readonly unknown[], options?: AppendOptions): Promise<void>;
  /**
   * Replaces the whole journal with `live()` (atomic). Appends that arrive meanwhile wait and go to the
   * new file; `live` is called only once every earlier append is written and applied.
   */
  compact(live: () => readonly unknown[]): Promise<void>;
  /** Bytes in the journal file. */
  size(): number;
  /** Why appends are refused now (a failed write or fsync that could not be repaired yet), or null. */
  fault(): string | null;
  close(): Promise<void>;
}

export interface AppendOptions {
  /** Wait for the disk (default true); false: deferred, see `append`. */
  readonly durable?: boolean;
  readonly onApplied?: () => void;
}

export interface JournalRecovery {
  /** Bytes of a torn last line cut at open (a crash mid-write; 0 after a clean shutdown). */
  readonly tornTailBytes: number;
  /** Bytes of damaged complete lines moved to the quarantine file at open. */
  readonly quarantinedBytes: number;
  /** Where they were kept, or null. */
  readonly quarantineFile: string | null;
}

export interface JournalOptions {
  readonly fs?: JournalFs;
  readonly now?: () => Date;
  /** How long deferred (`durable: false`) records wait for a durable one to ride along with (default 500 ms). */
  readonly deferMs?: number;
}

/** The journal refuses appends: its last write or fsync failed and the file could not be repaired yet. */
export class JournalUnavailableError extends Error {
  override readonly name = 'JournalUnavailableError';
}

const FILE = 'journal.ndjson';

function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

interface Waiting {
  readonly lines: string;
  /** Appended with `durable: false`: already applied and answered; written when convenient. */
  readonly deferred: boolean;
  readonly onApplied: (() => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

async function writeWhole(fs: JournalFs, path: string, data: Buffer): Promise<void> {
  const out = await fs.openWrite(path);
  try {
    await out.write(data);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Opens (and if needed repairs) the journal in `dir`. */
export async function openJournal(dir: string, options: JournalOptions = {}): Promise<Journal> {
  const fs = options.fs ?? nodeJournalFs;
  const now = options.now ?? (() => new Date());
  const deferMs = options.deferMs ?? 500;
  fs.mkdirp(dir);
  const path = join(dir, FILE);
  const tmp = `${path}.tmp`;
  if (fs.exists(tmp)) fs.remove(tmp); // an interrupted compaction: the journal itself is intact

  const existed = fs.exists(path);
  const buf = existed ? fs.readFile(path) : Buffer.alloc(0);
  const scan = scanJournal(buf);
  let quarantineFile: string | null = null;
  let quarantinedBytes = 0;
  const tornTailBytes = scan.tornFrom === null ? 0 : buf.length - scan.tornFrom;
  let bytes = scan.tornFrom ?? buf.length;
  if (scan.bad.length > 0) {
    // Keep the damaged lines first (durably), then rewrite the journal from the good ones.
    const qdir = join(dir, 'quarantine');
    fs.mkdirp(qdir);
    quarantineFile = join(qdir, `journal-${now().toISOString().replace(/[:.]/g, '-')}.bin`);
    const damaged = Buffer.concat(scan.bad.map((s) => buf.subarray(s.start, s.end)));
    quarantinedBytes = damaged.length;
    await writeWhole(fs, quarantineFile, damaged);
    fs.syncDir(qdir);
    // Every readable record, the salvaged ones included, in file order.
    const kept = Buffer.from(scan.values.map(encodeLine).join(''));
    await writeWhole(fs, tmp, kept);
    await fs.rename(tmp, path);
    fs.syncDir(dir);
    bytes = kept.length;
  } else if (scan.tornFrom !== null) {
    await fs.truncate(path, scan.tornFrom);
  }
  let fh: JournalFile | null = await fs.openAppend(path);
  if (!existed) fs.syncDir(dir);
  else if (tornTailBytes > 0) await fh.sync(); // the truncation itself is durable before anything new is written

  /** Bytes known to be on disk (fsync'd); a repair truncates back to this. */
  let durableBytes = bytes;
  let broken: string | null = null;
  let queue: Waiting[] = [];
  let flushing: Promise<void> | undefined;
  let compacting = false;
  let deferTimer: ReturnType<typeof setTimeout> | undefined;

  /** Deferred records may be written on their own now (quiet for deferMs, or closing). */
  let writeDeferred = false;
  const answerWaits = (): boolean => queue.some((w) => !w.deferred);

  /** Starts writing what waits (unless a write or a compaction is under way; they continue with it). */
  function kick(): void {
    if (!compacting) flushing ??= flush();
  }

  /** Deferred records wait for an answer to ride along with, or for deferMs of quiet. */
  function deferLater(): void {
    if (deferTimer !== undefined || queue.length === 0) return;
    deferTimer = setTimeout(() => {
      deferTimer = undefined;
      writeDeferred = true;
      kick();
    }, deferMs);
    deferTimer.unref?.();
  }

  /** Back to the last durable length, on a fresh file handle. */
  async function repair(): Promise<void> {
    const old = fh;
    fh = null;
    await old?.close().catch(() => undefined);
    await fs.truncate(path, durableBytes);
    const fresh = await fs.openAppend(path);
    try {
      await fresh.sync();
    } catch (err) {
      await fresh.close().catch(() => undefined);
      throw err;
    }
    fh = fresh;
    bytes = durableBytes;
    broken = null;
  }

  async function flush(): Promise<void> {
    while (!compacting && (answerWaits() || (writeDeferred && queue.length > 0))) {
      if (deferTimer !== undefined) {
        clearTimeout(deferTimer);
        deferTimer = undefined;
      }
      writeDeferred = false;
      const batch = queue;
      queue = [];
      const answered = batch.filter((b) => !b.deferred);
      if (broken !== null || fh === null) {
        try {
          await repair();
        } catch (err) {
          broken = `the outbox journal could not be repaired (${describe(err)})`;
          const refusal = new JournalUnavailableError(broken);
          for (const b of answered) b.reject(refusal);
          continue;
        }
      }
      const data = Buffer.from(batch.length === 1 ? batch[0]!.lines : batch.map((b) => b.lines).join(''));
      const durable = answered.length > 0;
      try {
        await fh!.write(data);
        bytes += data.length;
        if (fh!.writesAreDurable) durableBytes = bytes;
        else if (durable) {
          await fh!.sync();
          durableBytes = bytes;
        }
      } catch (err) {
        broken = `the outbox journal could not be written (${describe(err)})`;
        // Repair before answering, so the caller sees the journal as it now is (a lasting fault shows at once).
        await repair().catch((e: unknown) => {
          broken = `the outbox journal could not be repaired (${describe(e)})`;
        });
        for (const b of answered) b.reject(err);
        continue;
      }
      for (const b of answered) b.onApplied?.();
      for (const b of answered) b.resolve();
    }
    flushing = undefined;
    if (!compacting) deferLater();
  }

  return {
    recovered: scan.values,
    recovery: { tornTailBytes, quarantinedBytes, quarantineFile },
    append(items, opts = {}) {
      if (items.length === 0) {
        opts.onApplied?.();
        return Promise.resolve();
      }
      const lines = items.length === 1 ? encodeLine(items[0]) : items.map(encodeLine).join('');
      if (opts.durable === false) {
        queue.push({ lines, deferred: true, onApplied: undefined, resolve: () => undefined, reject: () => undefined });
        opts.onApplied?.();
        if (flushing === undefined && !compacting) deferLater();
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ lines, deferred: false, onApplied: opts.onApplied, resolve, reject });
        kick();
      });
    },
    async compact(live) {
      if (compacting || broken !== null) return;
      compacting = true;
      try {
        await flushing; // every earlier append is written and applied now
        // The live records reflect every deferred record applied so far: those need no writing any more.
        queue = queue.filter((w) => !w.deferred);
        const data = Buffer.from(live().map(encodeLine).join(''));
        await writeWhole(fs, tmp, data);
        const old = fh;
        fh = null;
        await old?.close();
        try {
          await fs.rename(tmp, path);
          bytes = data.length;
          durableBytes = bytes;
          fs.syncDir(dir);
        } finally {
          fh = await fs.openAppend(path);
        }
      } catch (err) {
        // The old journal is intact (the rename is atomic); drop the temporary file and carry on.
        fs.remove(tmp);
        if (fh === null) broken = `the outbox journal could not be reopened (${describe(err)})`;
      } finally {
        compacting = false;
        if (answerWaits()) kick();
        else deferLater();
      }
    },
    size: () => bytes,
    fault: () => broken,
    async close() {
      writeDeferred = true; // deferred records are written before the file closes
      kick();
      await flushing;
      if (deferTimer !== undefined) clearTimeout(deferTimer);
      await fh?.close();
      fh = null;
    },
  };
}
