import Database from 'better-sqlite3';
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer';
import type { Committed, Db, Row, Sql, SqlValue } from './sql';

/** SQLite's default auto-checkpoint threshold (pages), and the writer's while checkpoints run on their own thread. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
const SAFETY_NET_PAGES = 10 * DEFAULT_AUTOCHECKPOINT_PAGES;
const CHECKPOINT_INTERVAL_MS = 200;

/** Flushes a file's data to disk off the event loop (node:fs `fdatasync`; a test may fail it). */
export type FlushFile = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/**
 * better-sqlite3 behind the async `Db` seam. WAL with `synchronous=FULL`: a write is on disk when its
 * COMMIT returns, which is when the API answers. better-sqlite3 is synchronous, so a transaction that
 * awaits between statements must keep every other caller out of the connection until it ends: a
 * promise queue does that (statements outside a transaction wait their turn too).
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly raw: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly cache = new Map<string, Database.Statement>();

  /** The WAL, opened for flushing after a group commit (decision 0026); undefined until the first one. */
  private walFd: number | undefined;
  /** The first failed WAL flush: after it nothing more is acknowledged as durable (see groupTx). */
  private flushFailure: Error | undefined;
  /** Checkpoints off the event loop, started with the first group commit (decision 0026). */
  private checkpointer: Checkpointer | undefined;

  constructor(
    readonly file: string,
    private readonly flushFile: FlushFile = fdatasync,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.raw = new Database(file);
    this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('synchronous = FULL');
    this.raw.pragma('foreign_keys = ON');
    this.raw.pragma('busy_timeout = 5000');
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  private readonly direct: Sql = {
    dialect: 'sqlite',
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) => this.stmt(sql).all(...params) as T[],
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      this.stmt(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: this.stmt(sql).run(...params).changes }),
  };

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.serial(() => this.direct.all<T>(sql, params));
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.serial(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.serial(() => this.direct.run(sql, params));
  }

  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.serial(() => this.transaction(fn));
  }

  /** BEGIN IMMEDIATE, `fn`, COMMIT; ROLLBACK on any throw. Runs inside `serial`. */
  private async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(this.direct);
      this.raw.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      throw err;
    }
  }

  /**
   * A group's transaction (decision 0026): COMMIT with `synchronous=NORMAL` writes the WAL frames
   * without waiting for the disk, the connection goes on to the next transaction at once, and the WAL is
   * flushed with fdatasync on libuv's thread pool; `durable` resolves when that flush returns. WAL frames
   * are appended in commit order, so a flush covers this commit and every one before it, and a crash
   * loses at most commits nobody was told about (SQLite's recovery keeps the WAL's valid prefix). Other
   * transactions keep `synchronous=FULL`. A failed flush is sticky: the kernel may drop the dirty pages
   * and report success next time, so every later group is refused rather than acknowledged.
   */
  async groupTx<T>(fn: (sql: Sql) => Promise<T>): Promise<Committed<T>> {
    if (!this.checkpointer && this.file !== ':memory:') this.startCheckpoints();
    const value = await this.serial(async () => {
      if (this.flushFailure) throw this.flushFailure;
      this.raw.pragma('synchronous = NORMAL');
      try {
        return await this.transaction(fn);
      } finally {
        this.raw.pragma('synchronous = FULL');
      }
    });
    return { value, durable: this.flushWal() };
  }

  /**
   * The WAL's checkpoints move to a thread of their own (sqlite-checkpointer.ts): this connection keeps an
   * auto-checkpoint threshold ten times the default as a safety net, and returns to the default if the
   * thread fails.
   */
  private startCheckpoints(): void {
    this.raw.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    this.checkpointer = startCheckpointer(this.file, {
      intervalMs: CHECKPOINT_INTERVAL_MS,
      onError: (message) => {
        if (this.raw.open) this.raw.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
        process.emitWarning(`SQLite checkpoints are back on the writer: the checkpoint thread failed (${message})`);
      },
    });
  }

  private flushWal(): Promise<void> {
    if (this.file === ':memory:') return Promise.resolve();
    if (this.flushFailure) return Promise.reject(this.flushFailure);
    this.walFd ??= openSync(`${this.file}-wal`, 'r');
    const fd = this.walFd;
    return new Promise((resolve, reject) => {
      this.flushFile(fd, (err) => {
        if (!err) return resolve();
        this.flushFailure ??= new Error(`the database's WAL could not be flushed to disk (${err.code ?? err.message}); nothing more is acknowledged until the API restarts`);
        reject(this.flushFailure);
      });
    });
  }

  exec(script: string): Promise<void> {
    return this.serial(async () => {
      this.raw.exec(script);
    });
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    this.checkpointer = undefined;
    await this.serial(async () => {
      this.raw.close();
      if (this.walFd !== undefined) closeSync(this.walFd);
      this.walFd = undefined;
    });
  }
}
