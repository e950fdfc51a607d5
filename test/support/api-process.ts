// The central API as a real child process (tsx server/main.ts) on a free port and its own SQLite file,
// so a test can kill it mid-call and start it again on the same port and database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function waitHealthy(url: string, child: ChildProcess, out: () => string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${out()}`);
    try {
      const res = await fetch(`${url}/openapi.json`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the API did not answer within ${timeoutMs} ms:\n${out()}`);
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
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CALLGATE_DB: dbFile, CALLGATE_DEMO_PASSWORD: DEMO_PASSWORD, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitHealthy(url, child, () => log);
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
