/** The desktop secret vault: encrypted file (never plain), refused on basic_text or without encryption. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSafeStorageVault, type SafeStorageLike } from '../../../main/app/s3-secret-vault.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-vault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for Electron's safeStorage (this is a pure unit test: Electron is not loaded here). */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (t) => Buffer.from(Buffer.from(t).map((b) => b ^ 0x5a)),
    decryptString: (d) => Buffer.from(d.map((b) => b ^ 0x5a)).toString(),
  };
}

describe('safeStorage vault', () => {
  it('keeps the secret encrypted in a 0600 file and reads it back', () => {
    const file = join(dir, 'a.bin');
    const vault = createSafeStorageVault(fakeSafeStorage(), file);
    expect(vault.get()).toBeNull();
    vault.set('super-secret-value');
    expect(vault.get()).toBe('super-secret-value');
    expect(readFileSync(file).toString()).not.toContain('super-secret-value');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    vault.set(null);
    expect(vault.get()).toBeNull();
  });

  it('refuses the basic_text backend and systems without encryption', () => {
    expect(() => createSafeStorageVault(fakeSafeStorage('basic_text'), join(dir, 'b.bin')).set('x')).toThrow(
      /basic_text/,
    );
    expect(() => createSafeStorageVault(fakeSafeStorage('kwallet', false), join(dir, 'c.bin')).set('x')).toThrow(
      /no encrypted storage/,
    );
  });
});
