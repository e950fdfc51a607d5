import pg from 'pg';
import type { Db, Row, Sql, SqlValue } from './sql';
import { toPgPlaceholders } from './sql';

// BIGINT (20) and NUMERIC (1700) come back as strings by default; our values fit in a double.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Quote an SQL identifier (schema names come from tests and config, never from requests). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function bind(client: pg.Pool | pg.PoolClient): Sql {
  return {
    dialect: 'postgres',
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPgPlaceholders(sql), params as SqlValue[])).rows as T[],
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPgPlaceholders(sql), params as SqlValue[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({
      changes: (await client.query(toPgPlaceholders(sql), params as SqlValue[])).rowCount ?? 0,
    }),
  };
}

/**
 * PostgreSQL via a `pg` pool. `schema` (optional) becomes the search_path of every connection, which is
 * how each test gets a schema of its own. Transactions run on one pooled client, READ COMMITTED; the
 * aggregates take row locks (`SELECT ... FOR UPDATE`) where order matters (the ledger head).
 */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  private readonly direct: Sql;

  constructor(connectionString: string, schema?: string) {
    this.pool = new pg.Pool({
      connectionString,
      max: 10,
      types,
      ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.direct = bind(this.pool);
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.direct.run(sql, params);
  }

  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(bind(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
