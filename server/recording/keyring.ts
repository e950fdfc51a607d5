import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A server key that wraps recording keys; `id` names it inside each file (rotation keeps old ids readable). */
export interface ServerKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The server keys: the current one seals new recordings; every one listed opens old ones. */
export interface Keyring {
  current(): ServerKey;
  byId(id: string): ServerKey | undefined;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function keyringOf(keys: readonly Buffer[]): Keyring {
  const list = keys.map((key) => ({ id: keyId(key), key }));
  const first = list[0];
  if (!first) throw new Error('the recording keyring is empty');
  return { current: () => first, byId: (id) => list.find((k) => k.id === id) };
}

/**
 * Reads the keyring file: one base64 key of 32 bytes per line, the first is current (add a new first
 * line to rotate; keep old lines to read old recordings). A missing file is created with one fresh key,
 * readable by this user only (the embedded default; production keeps it on a secrets volume).
 */
export function loadKeyring(file: string): Keyring {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const keys = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l, i) => {
      const k = Buffer.from(l, 'base64');
      if (k.length !== 32) throw new Error(`${file}: line ${i + 1} is not a base64 key of 32 bytes`);
      return k;
    });
  return keyringOf(keys);
}
