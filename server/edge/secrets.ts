import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config';

/**
 * The edge secret (edge-only routes) and the auth_ephemeral secret (SIP passwords), from the
 * environment, or generated once and kept in `<dataDir>/keys/` (mode 0600) for the embedded default, so
 * a restart keeps them and `npm run edge` can read them from there.
 */
export function withEdgeSecrets(config: ServerConfig): ServerConfig & { edgeSecret: string; sipSecret: string } {
  return {
    ...config,
    edgeSecret: config.edgeSecret ?? keptSecret(join(config.dataDir, 'keys', 'edge.secret')),
    sipSecret: config.sipSecret ?? keptSecret(join(config.dataDir, 'keys', 'sip.secret')),
  };
}

/** The secret in `file`, created (32 random bytes, base64url) if missing; two servers racing read the same one. */
export function keptSecret(file: string): string {
  const read = (): string | undefined => {
    try {
      const s = readFileSync(file, 'utf8').trim();
      return s.length > 0 ? s : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const found = read();
  if (found) return found;
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const made = read();
  if (!made) throw new Error(`could not keep a secret in ${file}`);
  return made;
}
