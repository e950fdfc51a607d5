import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, truncate, type FileHandle } from 'node:fs/promises';

/** An open journal file: whole writes (or an error), fsync, close. */
export interface JournalFile {
  /**
   * Each write returns only once its data is on disk (the file was opened O_DSYNC): a durable append is
   * then one system call, not a write and an fsync. False where the platform has no O_DSYNC (Windows).
   */
  readonly writesAreDurable: boolean;
  /** Writes all of `data` at the end of the file; on error some of it may have reached the file. */
  write(data: Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the journal needs from the file system, injectable so tests can make any call fail the way a
 * full or failing disk does (ENOSPC, EIO on write, on fsync, on truncate) without a broken disk.
 */
export interface JournalFs {
  mkdirp(dir: string): void;
  exists(path: string): boolean;
  readFile(path: string): Buffer;
  /** Opens for appending (created if missing), with durable writes where the platform allows. */
  openAppend(path: string): Promise<JournalFile>;
  /** Opens empty for writing (created or truncated). */
  openWrite(path: string): Promise<JournalFile>;
  truncate(path: string, length: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): void;
  /** Makes a create, rename or truncation of an entry of `dir` durable. */
  syncDir(dir: string): void;
}

/**
 * Append + O_DSYNC where the platform has it: every write is durable (data and the file size, what
 * fdatasync makes durable) when it returns, in one trip to the thread pool instead of two.
 */
const DSYNC: number | undefined = (constants as { O_DSYNC?: number }).O_DSYNC;
const APPEND_DURABLE = DSYNC === undefined ? undefined : constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | DSYNC;

function wrap(fh: FileHandle, writesAreDurable = false): JournalFile {
  return {
    writesAreDurable,
    async write(data) {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await fh.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
    },
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
}

/** The real file system (node:fs). */
export const nodeJournalFs: JournalFs = {
  mkdirp: (dir) => void mkdirSync(dir, { recursive: true }),
  exists: (path) => existsSync(path),
  readFile: (path) => readFileSync(path),
  openAppend: async (path) => (APPEND_DURABLE === undefined ? wrap(await open(path, 'a')) : wrap(await open(path, APPEND_DURABLE, 0o666), true)),
  openWrite: async (path) => wrap(await open(path, 'w')),
  truncate: (path, length) => truncate(path, length),
  rename: (from, to) => rename(from, to),
  remove: (path) => rmSync(path, { force: true }),
  syncDir(dir) {
    // Not supported on Windows; there NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};
