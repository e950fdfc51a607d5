// The central API as a real child process (tsx server/main.ts) on a free port and its own SQLite file,
// so a test can kill it mid-call and start it again on the same port and database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withApiNodeOptions } from '../../scripts/api-node-options.mjs';
import { freePort } from './ports';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface ApiProcess {
  readonly url: string;
  readonly port: number;
  readonly dbFile: string;
  /** The process group of the API (its leader's pid), e.g. to read its CPU time in /proc. */
  pgid(): number | undefined;
  /** Everything the server printed (for failure messages; it never prints numbers). */
  output(): string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Resolves when the API has printed its listening line (server/main.ts prints it after `listen`), rejects
 * when it exits first or `timeoutMs` passes. `out` is everything it printed so far (its own listener must
 * be registered before this one, so each chunk is in `out()` when we look).
 */
export async function waitListening(child: ChildProcess, out: () => string, timeoutMs = 30_000): Promise<void> {
  const listening = (): boolean => /^Callgate API on http/m.test(out());
  if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${out()}`);
  if (listening()) return;
  await new Promise<void>((resolve, reject) => {
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const onData = (): void => {
      if (listening()) done(resolve);
    };
    const onExit = (code: number | null): void => done(() => reject(new Error(`the API exited (${code}):\n${out()}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`the API did not listen within ${timeoutMs} ms:\n${out()}`))), timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cg-api-'));
  const dbFile = join(dir, 'callgate.sqlite');
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess;

  async function launch(): Promise<void> {
    child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts'], {
      cwd: process.cwd(),
      // The API's runtime options as shipped (scripts/api-node-options.mjs), so tests and benches measure what runs.
      env: withApiNodeOptions({ ...process.env, PORT: String(port), HOST: '127.0.0.1', CALLGATE_DB: dbFile, CALLGATE_DEMO_PASSWORD: DEMO_PASSWORD, DATABASE_URL: '', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    // Only this launch's output: an earlier launch's listening line must not count after a restart.
    const from = log.length;
    await waitListening(child, () => log.slice(from));
  }

  async function kill(): Promise<void> {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }

  await launch();
  process.once('exit', () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
  return { url, port, dbFile, pgid: () => child.pid, output: () => log, kill, restart: launch, stop: kill };
}
