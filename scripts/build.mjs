// Builds what `npm start` runs: the renderer bundle (Vite) and the Electron main + preload (esbuild).
// Usage: node scripts/build.mjs [renderer|electron]...   (no argument: both)
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const want = (part) => wanted.length === 0 || wanted.includes(part);

export async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

export async function buildElectron() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    external: ['electron'],
    logLevel: 'warning',
  };
  await esbuild({ ...common, entryPoints: [join(root, 'electron', 'main.ts')], outfile: join(root, 'dist', 'electron', 'main.cjs') });
  // A sandboxed preload can only require('electron'): everything else is bundled in.
  await esbuild({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(root, 'dist', 'electron', 'preload.cjs') });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (want('renderer') && existsSync(join(root, 'renderer', 'vite.config.ts'))) await buildRenderer();
  if (want('electron') && existsSync(join(root, 'electron', 'main.ts'))) await buildElectron();
  console.log('build: done');
}
