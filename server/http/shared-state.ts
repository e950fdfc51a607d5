import { Redis } from 'ioredis';

/**
 * Shared state for more than one API process (docs/decisions/0023-several-api-processes.md): the
 * per-address rate limits live in Redis when `CALLGATE_REDIS_URL` is set, so a client cannot multiply its
 * allowance by switching instance. The embedded SQLite default is one process and needs none.
 */
export async function openRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new Error(`Redis at ${redactUrl(url)} is not reachable (${err instanceof Error ? err.message : String(err)}); unset CALLGATE_REDIS_URL for a single API process`);
  }
  return client;
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'CALLGATE_REDIS_URL';
  }
}
