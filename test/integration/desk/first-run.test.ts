// First run (issue 12): `npm start` where the Electron binary cannot be fetched and there is no display,
// as on this machine. One clear paragraph after the API is up, no stack trace; the desk opens in
// Chromium (headless here) against that same API, so the demo passwords it printed work.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../../support/api-fixtures';
import { freePort } from '../../support/ports';
import { requireBinary } from '../../support/system';

let child: ReturnType<typeof spawn> | undefined;

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }
});

describe('npm start without the Electron binary and without a display', () => {
  it('says so in one paragraph after the API is up, and opens the desk in Chromium against that API', async () => {
    requireBinary('chromium');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'cg-first-run-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CALLGATE_DB: join(dir, 'callgate.sqlite'), DATABASE_URL: '', CALLGATE_DEMO_PASSWORD: '' };
    // No internet here anyway; these make the download fail at once instead of after DNS timeouts.
    env['ELECTRON_MIRROR'] = 'http://127.0.0.1:9/';
    env['electron_config_cache'] = join(dir, 'electron-cache');
    for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'CALLGATE_API_URL', 'HEADLESS']) delete env[k];
    let out = '';
    child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const until = Date.now() + 240_000;
    while (!/desk: no display here/.test(out) && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    expect(out, out).toMatch(/desk: no display here/);

    const lines = out.split('\n');
    const apiUp = lines.findIndex((l) => l.startsWith(`Callgate API on http://127.0.0.1:${port}`));
    const paragraph = lines.findIndex((l) => l.startsWith('start: the Electron desktop shell could not be fetched'));
    expect(apiUp, out).toBeGreaterThanOrEqual(0);
    expect(paragraph, out).toBeGreaterThan(apiUp);
    expect(lines[paragraph]).toContain(`http://127.0.0.1:${port}`);
    // No stack trace anywhere (the installer's is kept to itself), and one API: the desk reuses it.
    expect(out).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
    expect(out).toContain(`desk: using the API that already answers at http://127.0.0.1:${port}`);
    expect(out).not.toContain('desk: starting the API');
    // The passwords printed at the first start work against the API the desk uses.
    const agentPw = /^\s+agent1\s+(\S+)$/m.exec(out)?.[1];
    expect(agentPw, out).toBeTruthy();
    const login = await api<{ token?: string }>(`http://127.0.0.1:${port}`, 'POST', '/v1/auth/login', undefined, { username: 'agent1', password: agentPw });
    expect(login.status).toBe(200);

    // Ctrl+C stops the desk, the browser and the API.
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await new Promise((r) => child?.once('exit', r));
    await expect(fetch(`http://127.0.0.1:${port}/openapi.json`)).rejects.toThrow();
  }, 300_000);
});
