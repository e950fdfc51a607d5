// The real file system under the outbox journal, with faults a full or failing disk produces, on demand:
// ENOSPC / EIO on write (optionally after writing part of the data, as a real short write does), on
// fsync, on truncate, on open. The boundary the journal's fault handling is tested at.
import { nodeJournalFs, type JournalFile, type JournalFs } from '../../electron/outbox/journal-fs';

export type FaultOp = 'write' | 'sync' | 'truncate' | 'openAppend';

export interface Fault {
  readonly op: FaultOp;
  readonly code: 'ENOSPC' | 'EIO';
  /** For `write`: how much of the data reaches the file before the error (0..1). */
  readonly partial?: number;
  /** How many times it fails before the disk works again (default 1). */
  readonly times?: number;
}

export class FaultyFs implements JournalFs {
  private readonly faults: { fault: Fault; left: number }[] = [];
  /** Every call made, in order (`write 120`, `sync`, `truncate 340`...), to see what the journal did. */
  readonly calls: string[] = [];

  constructor(private readonly real: JournalFs = nodeJournalFs) {}

  /** The next `op` fails (`times` times). */
  inject(fault: Fault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  private take(op: FaultOp): Fault | undefined {
    const f = this.faults.find((x) => x.fault.op === op && x.left > 0);
    if (!f) return undefined;
    f.left -= 1;
    return f.fault;
  }

  private static error(f: Fault, op: string): Error {
    return Object.assign(new Error(`${f.code}: ${f.code === 'ENOSPC' ? 'no space left on device' : 'i/o error'}, ${op}`), { code: f.code });
  }

  private wrapFile(file: JournalFile): JournalFile {
    return {
      writesAreDurable: file.writesAreDurable,
      write: async (data) => {
        this.calls.push(`write ${data.length}`);
        const f = this.take('write');
        if (f) {
          const part = Math.floor(data.length * (f.partial ?? 0));
          if (part > 0) await file.write(data.subarray(0, part));
          throw FaultyFs.error(f, 'write');
        }
        await file.write(data);
        // A file opened O_DSYNC syncs inside the write: a failing fsync fails the write, after the data
        // reached the page cache (what the kernel reports when writeback fails).
        const s = file.writesAreDurable ? this.take('sync') : undefined;
        if (s) throw FaultyFs.error(s, 'write (O_DSYNC)');
      },
      sync: async () => {
        this.calls.push('sync');
        const f = this.take('sync');
        if (f) throw FaultyFs.error(f, 'fsync');
        await file.sync();
      },
      close: () => file.close(),
    };
  }

  mkdirp(dir: string): void {
    this.real.mkdirp(dir);
  }
  exists(path: string): boolean {
    return this.real.exists(path);
  }
  readFile(path: string): Buffer {
    return this.real.readFile(path);
  }
  async openAppend(path: string): Promise<JournalFile> {
    this.calls.push('openAppend');
    const f = this.take('openAppend');
    if (f) throw FaultyFs.error(f, 'open');
    return this.wrapFile(await this.real.openAppend(path));
  }
  async openWrite(path: string): Promise<JournalFile> {
    return this.wrapFile(await this.real.openWrite(path));
  }
  async truncate(path: string, length: number): Promise<void> {
    this.calls.push(`truncate ${length}`);
    const f = this.take('truncate');
    if (f) throw FaultyFs.error(f, 'ftruncate');
    await this.real.truncate(path, length);
  }
  rename(from: string, to: string): Promise<void> {
    return this.real.rename(from, to);
  }
  remove(path: string): void {
    this.real.remove(path);
  }
  syncDir(dir: string): void {
    this.real.syncDir(dir);
  }
}
