import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db, Row, Sql, SqlValue } from './sql';

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

  constructor(file: string) {
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
    return this.serial(async () => {
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    });
  }

  exec(script: string): Promise<void> {
    return this.serial(async () => {
      this.raw.exec(script);
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      this.raw.close();
    });
  }
}
