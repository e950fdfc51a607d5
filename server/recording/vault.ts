import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

/**
 * Where sealed recordings live (`CALLGATE_RECORDINGS_DIR`): `<yyyy>/<mm>/<recording id>.cgrec`, written
 * to a temporary name, fsync'd and renamed, so a crash never leaves half a file under the final name.
 * Paths stored in the database are relative to the folder.
 */
export class RecordingVault {
  constructor(readonly dir: string) {}

  private abs(relPath: string): string {
    const p = normalize(relPath);
    if (p.startsWith('..') || p.startsWith('/')) throw new Error(`recording path ${relPath} leaves the recordings folder`);
    return join(this.dir, p);
  }

  async write(id: string, at: Date, sealed: Buffer): Promise<string> {
    const rel = join(String(at.getUTCFullYear()), String(at.getUTCMonth() + 1).padStart(2, '0'), `${id}.cgrec`);
    const file = this.abs(rel);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(sealed);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    return rel;
  }

  open(relPath: string): Promise<FileHandle> {
    return open(this.abs(relPath), 'r');
  }

  async sha256(relPath: string): Promise<string | null> {
    let fh: FileHandle;
    try {
      fh = await this.open(relPath);
    } catch {
      return null;
    }
    try {
      const hash = createHash('sha256');
      for await (const chunk of fh.createReadStream()) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  async remove(relPath: string): Promise<void> {
    await rm(this.abs(relPath), { force: true });
  }
}
