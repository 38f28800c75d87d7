/**
 * TokenVault over Electron's *async* safeStorage API (the sync API is deprecated in 45, removed in 46).
 * On macOS the key lives in the login Keychain ("<App name> Safe Storage"). Sealed values are `ss1:<base64>`;
 * the prefix keeps a token sealed by another vault (the headless `plain:` vault) from being misread.
 */
import { safeStorage as electronSafeStorage, type SafeStorage } from 'electron';
// The port is owned by proxy/ (its headless counterpart is createPlaintextVault, `plain:` values).
import type { TokenVault } from '../proxy/src/accounts/token-vault.js';

export type { TokenVault };

export interface SafeStorageVault extends TokenVault {
  kind: 'os-keychain';
  /**
   * Like `open`, and also returns a freshly sealed value when safeStorage reports `shouldReEncrypt` (key
   * rotated or upgraded); the owner of the stored value should persist `resealed` when it is not null.
   */
  openAndRefresh(sealed: string): Promise<{ plain: string; resealed: string | null }>;
}

export const SEALED_PREFIX = 'ss1:';

type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface SafeStorageVaultOptions {
  /** Injected for tests; defaults to Electron's safeStorage. */
  safeStorage?: SafeStorageApi;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
}

export function createSafeStorageVault(options: SafeStorageVaultOptions = {}): SafeStorageVault {
  const storage = options.safeStorage ?? electronSafeStorage;
  const platform = options.platform ?? process.platform;

  const ensureAvailable = async (): Promise<void> => {
    if (!(await storage.isAsyncEncryptionAvailable())) throw new Error('OS encryption (Keychain) is not available');
    // Linux without a keyring falls back to a hard-coded key: that is obfuscation, not protection. Refuse it.
    if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no OS keyring available (safeStorage backend is basic_text); refusing to store tokens');
    }
  };

  const seal = async (plain: string): Promise<string> => {
    await ensureAvailable();
    return SEALED_PREFIX + (await storage.encryptStringAsync(plain)).toString('base64');
  };

  const openAndRefresh = async (sealed: string): Promise<{ plain: string; resealed: string | null }> => {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('token was sealed by a different vault');
    await ensureAvailable();
    let decrypted;
    try {
      decrypted = await storage.decryptStringAsync(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'));
    } catch {
      // Never echo the ciphertext or the OS error detail; the account has to be logged in again.
      throw new Error('could not decrypt the stored token (Keychain key changed or value corrupted)');
    }
    const resealed = decrypted.shouldReEncrypt ? await seal(decrypted.result) : null;
    return { plain: decrypted.result, resealed };
  };

  return {
    kind: 'os-keychain',
    seal,
    open: async (sealed) => (await openAndRefresh(sealed)).plain,
    openAndRefresh,
  };
}
