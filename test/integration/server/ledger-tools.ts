// What the ledger tests do outside the API: edit the ledger the way an attacker with database access
// would, and run the ledger CLIs (server/cli/ledger-*.ts) against the test server's database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { TestServer } from '../../support/server-harness';
import { TEST_DATABASE_URL } from '../../support/system';

const run = promisify(execFile);

/**
 * Edits the database behind the API's back with the ledger's append-only triggers dropped: on SQLite by
 * opening the file directly, on PostgreSQL by dropping the trigger first.
 */
export async function tamper(s: TestServer, statements: { sql: string; params?: (string | number)[] }[]): Promise<void> {
  if (s.kind === 'sqlite') {
    const raw = new Database(s.sqliteFile);
    raw.exec('DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete;');
    for (const st of statements) raw.prepare(st.sql).run(...(st.params ?? []));
    raw.close();
    return;
  }
  await s.ctx.store.db.exec('DROP TRIGGER IF EXISTS ledger_no_update ON ledger');
  for (const st of statements) await s.ctx.store.db.run(st.sql, st.params ?? []);
}

/** The CLIs' environment for the test server's database (never a DATABASE_URL from outside on SQLite). */
function cliEnv(s: TestServer): NodeJS.ProcessEnv {
  return { ...process.env, CALLGATE_DB: s.sqliteFile, ...(s.kind === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL, CALLGATE_PG_SCHEMA: s.schema ?? '' } : { DATABASE_URL: '' }) };
}

/** Runs a CLI script (`server/cli/...`) on the test server's database: its exit code and its output (stdout, then stderr). */
export async function cli(s: TestServer, script: string, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], { env: cliEnv(s), cwd: process.cwd() });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** `ledger:verify` on the test server's database. */
export const verifyCli = (s: TestServer, ...args: string[]): Promise<{ code: number; out: string }> => cli(s, 'server/cli/ledger-verify.ts', args);
