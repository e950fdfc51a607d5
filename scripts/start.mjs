// `npm start`: the desk on its embedded default.
// 1. builds the renderer and the Electron main/preload,
// 2. starts the central API on SQLite (server/, PORT 8787 unless set) unless CALLGATE_API_URL points elsewhere,
// 3. makes sure the Electron binary is there (npm 11 does not run electron's postinstall: we run it here),
// 4. opens the desk window; closing it stops the server.
// Where Electron can't be downloaded (no internet), the server keeps running and the desk can be used in a
// browser: see README "Running the desk in Chromium".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const port = process.env.PORT ?? '8787';
const apiUrl = process.env.CALLGATE_API_URL ?? `http://127.0.0.1:${port}`;
const children = [];

function run(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  children.push(child);
  return child;
}

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function ensureElectron() {
  if (electronBinary()) return electronBinary();
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  console.log(`start: downloading the Electron ${pkg.version} binary (first start only)...`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', env });
  return electronBinary();
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) stopAll(build.status ?? 1);

if (!process.env.CALLGATE_API_URL) {
  const server = run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'server', 'main.ts')], {
    env: { ...process.env, PORT: port },
  });
  server.on('exit', (code) => {
    console.error(`start: the API server stopped (exit ${code}).`);
    stopAll(code ?? 1);
  });
}

const mainBundle = join(root, 'dist', 'electron', 'main.cjs');
if (!existsSync(mainBundle)) {
  console.log(`start: the desktop shell is not built yet; the API runs at ${apiUrl}.`);
} else {
  const electron = ensureElectron();
  if (!electron) {
    console.error(
      `start: the Electron binary could not be downloaded (no internet?). The API keeps running at ${apiUrl};\n` +
        `       open the desk in Chromium instead: npm run desk:browser (see README).`,
    );
  } else {
    const app = run(electron, [mainBundle], { env: { ...process.env, CALLGATE_API_URL: apiUrl } });
    app.on('exit', (code) => stopAll(code ?? 0));
  }
}
