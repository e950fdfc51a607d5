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

/**
 * Multi-row INSERT in chunks (one round trip per chunk on PostgreSQL, far below both parameter limits).
 * `suffix` is appended to each statement (e.g. `ON CONFLICT DO NOTHING`).
 */
export async function insertMany(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  suffix = '',
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(4000 / columns.length));
  const tuple = `(${placeholders(columns.length)})`;
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const values = chunk.map(() => tuple).join(', ');
    await sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${suffix}`, chunk.flat());
  }
}
