// `npm start`: the desk on its embedded default.
// 1. builds the renderer and the Electron main/preload,
// 2. starts the central API on SQLite (server/, PORT 8787 unless set) unless CALLGATE_API_URL points
//    elsewhere or an API already answers there, and waits until it answers (its first start prints the
//    demo passwords),
// 3. makes sure the Electron binary is there (npm 11 runs no install script it was not told to trust:
//    Electron's installer is run here, its output kept unless it fails to say anything useful),
// 4. opens the desk window; closing it stops the API.
// Where the Electron binary cannot be fetched (no internet), one paragraph says so and the desk opens in
// the system Chromium instead, against the same API and database, so the printed passwords work.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiIsUp, localApiUrl, startLocalApi } from './local-api.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const children = [];

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

/** The Electron binary if it is installed, without triggering electron's own download (it prints a stack trace when offline). */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

/** Runs Electron's installer quietly; returns the binary, or the one-line reason it could not be fetched. */
function fetchElectron() {
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  console.log(`start: fetching the Electron ${version} binary (first start only)...`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env, encoding: 'utf8', timeout: 180_000 });
  const binary = electronBinary();
  if (binary) return { binary };
  const out = `${r.stderr ?? ''}\n${r.stdout ?? ''}`;
  // The installer prints a stack trace; keep one line of it, the most specific cause.
  const reason =
    /(getaddrinfo \w+ [\w.-]+|ECONNREFUSED [\d.:]+|ETIMEDOUT|certificate[^\n]*|HTTPError: [^\n]*|Response code \d+)/.exec(out)?.[1] ??
    /^\w*Error: (.+)$/m.exec(out)?.[1] ??
    (r.error ? r.error.message : `installer exit ${r.status}`);
  return { reason };
}

function run(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  children.push(child);
  return child;
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) stopAll(build.status ?? 1);

const apiUrl = process.env.CALLGATE_API_URL ?? localApiUrl();
if (!process.env.CALLGATE_API_URL) {
  if (await apiIsUp(apiUrl)) {
    console.log(`start: an API already answers at ${apiUrl}; the desk uses it.`);
  } else {
    try {
      const api = await startLocalApi();
      children.push(api.child);
      api.child.on('exit', (code) => {
        console.error(`start: the API stopped (exit ${code}).`);
        stopAll(code ?? 1);
      });
    } catch (err) {
      console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
      stopAll(1);
    }
  }
}

// The desk's SIP edge is provisioned, not a setting (decision 0015): a development desk takes it from
// CALLGATE_SIP_WS_URL, by default the edge `npm run edge` starts.
const env = { ...process.env, CALLGATE_API_URL: apiUrl, CALLGATE_SIP_WS_URL: process.env.CALLGATE_SIP_WS_URL ?? 'ws://127.0.0.1:8088' };
const fetched = electronBinary() ? { binary: electronBinary() } : fetchElectron();
if (fetched.binary) {
  const app = run(fetched.binary, [join(root, 'dist', 'electron', 'main.cjs')], { env });
  app.on('exit', (code) => stopAll(code ?? 0));
} else {
  console.log(
    `\nstart: the Electron desktop shell could not be fetched (${fetched.reason}; no internet access?). ` +
      `The API runs at ${apiUrl}, and the desk opens in Chromium instead, against this same API and database, ` +
      `so the demo passwords printed above work there (npm run desk:browser does the same later). ` +
      `Ctrl+C stops everything.\n`,
  );
  const browser = run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'test', 'tools', 'desk-browser.ts')], { env });
  browser.on('exit', (code) => stopAll(code ?? 0));
}
