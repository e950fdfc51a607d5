// Serves a built folder over http://127.0.0.1 for Chromium (a loopback http page is a secure context).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_FILE_TYPES } from '../../electron/window/serve-renderer';

/** The app's own content types (electron/window/serve-renderer.ts), and source maps for debugging. */
const TYPES: Readonly<Record<string, string>> = { ...RENDERER_FILE_TYPES, '.map': 'application/json' };

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `headers` are added to every response (the desk harness sends the same CSP as the app). */
export async function serveFolder(root: string, headers: Record<string, string> = {}): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
