import pg from 'pg';
import type { Committed, Db, Row, Sql, SqlValue } from './sql';
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

function bindQuery(query: (text: string, params: readonly SqlValue[]) => Promise<pg.QueryResult>): Sql {
  return {
    dialect: 'postgres',
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  };
}

function bind(client: pg.Pool | pg.PoolClient): Sql {
  return bindQuery((text, params) => client.query(toPgPlaceholders(text), params as SqlValue[]));
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

  /**
   * BEGIN goes with the transaction's first statement when that one has no parameters (the ledger head
   * lock usually: one simple-protocol round trip for both, decision 0025); a transaction that ran no
   * statement sends nothing.
   */
  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let begun = false;
    const query = async (text: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
      if (!begun) {
        begun = true;
        if (params.length === 0) {
          const results = (await client.query(`BEGIN; ${text}`)) as unknown as pg.QueryResult[];
          const last = results[results.length - 1];
          if (!last) throw new Error('BEGIN with the first statement returned no result');
          return last;
        }
        await client.query('BEGIN');
      }
      return client.query(toPgPlaceholders(text), params as SqlValue[]);
    };
    try {
      const result = await fn(bindQuery(query));
      if (begun) await client.query('COMMIT');
      return result;
    } catch (err) {
      if (begun) await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A COMMIT returns once the server flushed its WAL (synchronous_commit on): durable when committed. */
  async groupTx<T>(fn: (sql: Sql) => Promise<T>): Promise<Committed<T>> {
    return { value: await this.tx(fn), durable: Promise.resolve() };
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
