import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The desk bundle: served by the Electron app from app://desk, and by the test harness over http.
export default defineConfig({
  root: here,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: resolve(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod's sources carry esbuild-style pure annotations Rollup can't place; harmless, silence them.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
