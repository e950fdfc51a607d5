import type { Row, Sql, SqlValue } from './sql';
import { placeholders } from './sql';

/** Reads a required text column (throws on a schema drift rather than passing `null` on). */
export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new Error(`column ${column}: expected text`);
  return v;
}

/** Reads a nullable text column. */
export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  return v === null || v === undefined ? null : String(v);
}

/** Reads a number column (BIGINT arrives as a number from both drivers). */
export function int(row: Row, column: string): number {
  const v = row[column];
  if (v === null || v === undefined) throw new Error(`column ${column}: expected a number`);
  return Number(v);
}

export function intOrNull(row: Row, column: string): number | null {
  const v = row[column];
  return v === null || v === undefined ? null : Number(v);
}

export function json<T>(row: Row, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

/** A stored instant: always `toISOString()` form so text order is time order in both databases. */
export function instant(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString();
}

/** Parameters per multi-row statement on PostgreSQL (its protocol allows 65,535). */
export const PG_PARAMS_PER_STATEMENT = 30_000;

/**
 * Multi-row INSERT in chunks on PostgreSQL (one round trip per chunk, far below its parameter limit);
 * one prepared row at a time on SQLite.
 * `suffix` is appended to each statement (e.g. `ON CONFLICT DO NOTHING`).
 */
export async function insertMany(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  suffix = '',
): Promise<void> {
  const tuple = `(${placeholders(columns.length)})`;
  // SQLite runs in process: one prepared single-row statement per row costs microseconds, where a
  // multi-row text differing by row count is prepared anew each time (decision 0025).
  if (sql.dialect === 'sqlite') {
    const one = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple} ${suffix}`;
    for (const row of rows) await sql.run(one, row);
    return;
  }
  const perChunk = Math.max(1, Math.floor(PG_PARAMS_PER_STATEMENT / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const values = chunk.map(() => tuple).join(', ');
    await sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${suffix}`, chunk.flat());
  }
}
