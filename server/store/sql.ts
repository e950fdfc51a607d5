/**
 * The one seam between the aggregate modules and a database driver. SQL is written once with `?`
 * placeholders in the subset SQLite and PostgreSQL share; each driver adapts it (PostgreSQL gets `$n`).
 * Values are strings, numbers or null: booleans are stored as 0/1 and instants as ISO-8601 UTC text
 * (`2025-01-01T00:00:00.000Z`), so both databases sort and compare them the same way.
 */
export type SqlValue = string | number | null;
export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, SqlValue>;

/** Runs statements; inside `Db.tx` it is bound to the transaction. */
export interface Sql {
  readonly dialect: Dialect;
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** A committed group transaction: its value, and when its commit is durable. */
export interface Committed<T> {
  readonly value: T;
  readonly durable: Promise<void>;
}

/** A database: statements, transactions, DDL. */
export interface Db extends Sql {
  /**
   * Runs `fn` in one transaction: all of it is committed, or (on any throw) none of it. On SQLite the
   * transaction takes the write lock at BEGIN, so writers are serialised like PostgreSQL's row locks.
   */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * `tx` for a group commit (decisions 0021, 0026), in two steps: resolves once the transaction is
   * committed (the connection is free for the next one) with its value and `durable`, which resolves once
   * the commit is on disk (rejects if it cannot be made so). Nothing may be acknowledged before `durable`.
   * On SQLite the COMMIT writes the WAL without waiting for the disk and the WAL is flushed (fdatasync) off
   * the event loop, so the next group's work overlaps the flush; on PostgreSQL a COMMIT returns once the
   * server flushed its WAL (the event loop was free meanwhile), so `durable` is already resolved.
   */
  groupTx<T>(fn: (sql: Sql) => Promise<T>): Promise<Committed<T>>;
  /** Runs a script of DDL statements. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

// Statement texts seen so far, converted: the same texts come back on every request (a multi-row INSERT
// of thousands of parameters differs only by its row count), so each is converted once.
const pgTexts = new Map<string, string>();
const MAX_PG_TEXTS = 512;

/** `?`-placeholders to PostgreSQL's `$1, $2...` (our SQL has no `?` inside literals). */
export function toPgPlaceholders(sql: string): string {
  const known = pgTexts.get(sql);
  if (known !== undefined) return known;
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (pgTexts.size >= MAX_PG_TEXTS) pgTexts.clear();
  pgTexts.set(sql, text);
  return text;
}

/** `?, ?, ?` for an IN list or a multi-row VALUES. */
export function placeholders(count: number): string {
  return count > 0 ? `?${', ?'.repeat(count - 1)}` : '';
}

/**
 * `(...)` for `col IN <list>` over `values`, and its parameters. PostgreSQL gets one placeholder per
 * value; SQLite one JSON array through json_each, so the statement's text (and its prepared statement,
 * cached by text) is the same whatever the count (decision 0025).
 */
export function inList(dialect: Dialect, values: readonly string[]): { list: string; params: SqlValue[] } {
  return dialect === 'sqlite' ? { list: '(SELECT value FROM json_each(?))', params: [JSON.stringify(values)] } : { list: `(${placeholders(values.length)})`, params: [...values] };
}
