/**
 * The desktop app's S3 secret: encrypted with Electron's safeStorage (the OS keychain's key) into a 0600 file in
 * the data folder — never the database. Refused when the OS offers no real protection (safeStorage unavailable, or
 * Linux's `basic_text` backend, which only obfuscates): the coach then sets credentials in the environment.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { SecretVault } from '../sync/index.js';

/** The part of Electron's `safeStorage` the vault needs (injected, so it is tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export function createSafeStorageVault(safeStorage: SafeStorageLike, file: string): SecretVault {
  const refusal = (): string | null => {
    if (!safeStorage.isEncryptionAvailable()) return 'this system offers no encrypted storage for the secret';
    if (safeStorage.getSelectedStorageBackend?.() === 'basic_text')
      return 'no OS keychain is available (basic_text backend); set AWS_SECRET_ACCESS_KEY or AWS_PROFILE instead';
    return null;
  };
  return {
    get() {
      if (!existsSync(file) || refusal()) return null;
      try {
        return safeStorage.decryptString(readFileSync(file));
      } catch {
        return null; // written by another OS user or keychain: as if unset
      }
    },
    set(secret) {
      if (secret === null) {
        rmSync(file, { force: true });
        return;
      }
      const refused = refusal();
      if (refused) throw new Error(refused);
      writeFileSync(file + '.part', safeStorage.encryptString(secret), { mode: 0o600 });
      renameSync(file + '.part', file);
    },
  };
}
