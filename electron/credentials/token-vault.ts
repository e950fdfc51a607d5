import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The OS-backed cipher (Electron's safeStorage in the app; a fake in tests, since the OS keychain is a
 * boundary that can't run here).
 */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  /** Linux only: the backend in use; `basic_text` means "plain text with a hard-coded key". */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type PersistResult = { readonly persisted: true } | { readonly persisted: false; readonly reason: 'no-encryption' | 'plain-text-backend' };

/**
 * Keeps a secret (the session token, the SIP password). It is written to disk only encrypted by the OS keychain (safeStorage);
 * where only the plain-text fallback exists (Linux without a secret service), it is kept in memory
 * and the agent logs in again at the next start. It never goes to electron-store or a log.
 */
export class TokenVault {
  private memory: string | undefined;
  private readonly file: string;

  /** `name` picks the file: `session` for the API token, `sip` for the SIP password. */
  constructor(
    private readonly cipher: SecretCipher,
    dir: string,
    name = 'session',
  ) {
    this.file = join(dir, `${name}.bin`);
  }

  /** Why the token can't be stored on disk, or undefined when it can. */
  refusal(): 'no-encryption' | 'plain-text-backend' | undefined {
    if (!this.cipher.isEncryptionAvailable()) return 'no-encryption';
    if (this.cipher.getSelectedStorageBackend?.() === 'basic_text') return 'plain-text-backend';
    return undefined;
  }

  save(token: string): PersistResult {
    this.memory = token;
    const reason = this.refusal();
    if (reason) {
      this.removeFile();
      return { persisted: false, reason };
    }
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.cipher.encryptString(token), { mode: 0o600 });
    renameSync(tmp, this.file);
    return { persisted: true };
  }

  load(): string | undefined {
    if (this.memory !== undefined) return this.memory;
    if (this.refusal() || !existsSync(this.file)) return undefined;
    try {
      this.memory = this.cipher.decryptString(readFileSync(this.file));
      return this.memory;
    } catch {
      this.removeFile(); // written under another OS user or keychain: useless, log in again
      return undefined;
    }
  }

  clear(): void {
    this.memory = undefined;
    this.removeFile();
  }

  private removeFile(): void {
    rmSync(this.file, { force: true });
  }
}
