import type { Db, Dialect } from './sql';
import { migrate } from './migrations';
import { SqliteDb } from './sqlite-db';
import { PostgresDb, quoteIdent } from './postgres-db';

/**
 * The central store: one database behind the `Db` seam, migrated. Two implementations, the same
 * behaviour: SQLite (embedded default, one file) and PostgreSQL. The SQL of each aggregate lives in its
 * own module (users, leads, calls, consent-events, ledger...) written once for both dialects.
 */
export interface Store {
  readonly kind: Dialect;
  readonly db: Db;
  close(): Promise<void>;
}

/** SQLite file (created with its folder if missing), WAL + synchronous=FULL, migrated. */
export async function openSqliteStore(file: string): Promise<Store & { db: SqliteDb }> {
  const db = new SqliteDb(file);
  await migrate(db);
  return { kind: 'sqlite', db, close: () => db.close() };
}

/** PostgreSQL at `url`; with `schema`, everything lives in that schema (created if missing). */
export async function openPostgresStore(url: string, schema?: string): Promise<Store & { db: PostgresDb }> {
  if (schema) {
    const admin = new PostgresDb(url);
    try {
      await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await admin.close();
    }
  }
  const db = new PostgresDb(url, schema);
  await migrate(db);
  return { kind: 'postgres', db, close: () => db.close() };
}

/** Opens the store the environment asks for: `DATABASE_URL=postgres://...` or the SQLite file. */
export async function openStore(opts: { databaseUrl?: string | undefined; sqliteFile: string; pgSchema?: string | undefined }): Promise<Store> {
  if (opts.databaseUrl) return openPostgresStore(opts.databaseUrl, opts.pgSchema);
  return openSqliteStore(opts.sqliteFile);
}
