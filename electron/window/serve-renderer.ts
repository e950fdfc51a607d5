import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_ORIGIN } from './security';

/** The content type of each kind of file the built renderer has; any other file is not served. */
export const RENDERER_FILE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/**
 * Answers an `app://desk/...` request from the built renderer folder, with the CSP as a header. Paths
 * that leave the folder, other hosts and unknown files are 404: the window loads nothing else.
 */
export async function serveRenderer(url: string, rootDir: string, csp: string): Promise<Response> {
  const notFound = (): Response => new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return notFound();
  }
  if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return notFound();
  const rel = decodeURIComponent(u.pathname === '/' ? '/index.html' : u.pathname);
  const file = normalize(join(rootDir, rel));
  if (!file.startsWith(normalize(rootDir) + sep)) return notFound();
  const type = RENDERER_FILE_TYPES[extname(file)];
  if (!type) return notFound();
  try {
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    });
  } catch {
    return notFound();
  }
}
