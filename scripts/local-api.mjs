// The central API on this machine, as `npm start` runs it and `npm run desk:browser` reuses it: one
// process, one database (data/callgate.sqlite unless CALLGATE_DB / DATABASE_URL say otherwise), so the
// demo passwords printed at its first start work in whichever desk opens.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withApiNodeOptions } from './api-node-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The local API's address for a port (PORT, default 8787). */
export function localApiUrl(port = process.env.PORT ?? '8787') {
  return `http://127.0.0.1:${port}`;
}

/** True when a Callgate API answers at `url` (its OpenAPI document), within `timeoutMs`. */
export async function apiIsUp(url, timeoutMs = 1000) {
  try {
    const res = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const doc = await res.json();
    return typeof doc?.info?.title === 'string' && /callgate/i.test(doc.info.title);
  } catch {
    return false;
  }
}

/**
 * Starts `server/main.ts` (its output passes through, so the demo passwords are printed) and resolves
 * once it answers; rejects if it exits first. The child is returned so the caller can stop it.
 */
export async function startLocalApi({ port = process.env.PORT ?? '8787', env = process.env, timeoutMs = 60_000 } = {}) {
  const url = localApiUrl(port);
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'server', 'main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: withApiNodeOptions({ ...env, PORT: String(port) }),
  });
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the API stopped before it answered (exit ${code})`))));
  const up = (async () => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await apiIsUp(url, 500)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the API did not answer at ${url} within ${timeoutMs / 1000} s`);
  })();
  await Promise.race([up, exited]);
  return { url, child };
}
