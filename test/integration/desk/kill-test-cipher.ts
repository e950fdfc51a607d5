import type { SecretCipher } from '../../../electron/credentials/token-vault';

/** Stand-in for the OS keychain (a boundary that can't run here), shared by the kill test and its writer. */
export const KILL_TEST_CIPHER: SecretCipher = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'test_keychain',
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x3c)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x3c)).toString('utf8'),
};
