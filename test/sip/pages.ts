// Test pages: esbuild bundles of browser entry points (the customer page, the agent harness, the
// bench pages), served over http://127.0.0.1 (a secure context: getUserMedia works there).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The browser customer's entry point (customer-page.ts), for servePages. */
export const CUSTOMER_PAGE = join(here, 'customer-page.ts');

export interface PageServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** URL of the page built from `entry` (its file name without .ts, plus .html). */
  url(entry: string): string;
  close(): Promise<void>;
}

const pageName = (entry: string): string => basename(entry).replace(/\.tsx?$/, '');

/** Bundles each entry point into a throwaway folder and serves one HTML page per entry. */
export async function servePages(entries: readonly string[]): Promise<PageServer> {
  const outdir = mkdtempSync(join(tmpdir(), 'callgate-pages-'));
  await build({
    entryPoints: [...entries],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outdir,
    // Flat output: one <name>.js per entry, whatever folder the entry lives in.
    entryNames: '[name]',
    jsx: 'automatic',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  for (const entry of entries) {
    const name = pageName(entry);
    writeFileSync(join(outdir, `${name}.html`), `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="./${name}.js"></script>\n`);
  }
  const server: Server = createServer((req, res) => {
    const file = basename(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const body = readFileSync(join(outdir, file));
      res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (entry) => `${origin}/${pageName(entry)}.html`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
