/**
 * TokenVault over Electron's *async* safeStorage API (the sync API is deprecated in 45, removed in 46).
 * On macOS the key lives in the login Keychain ("<App name> Safe Storage"). Sealed values are `ss1:<base64>`;
 * the prefix keeps a token sealed by another vault from being misread.
 *
 * Shared data dir (decision): the app and the headless CLI use the same `~/.codex-claude-proxy/accounts.json`.
 * The CLI has no Keychain and seals tokens as `plain:<token>` (0600 file, the posture of Codex's own auth.json).
 * So that an account imported or refreshed with the CLI works in the app, this vault also OPENS `plain:` values
 * (without touching the Keychain) and reports `shouldReseal`, so the owner of the stored value can upgrade it to
 * `ss1:`. It always SEALS with `ss1:`. The reverse does not hold: once the app has written a token (login, refresh,
 * re-seal) the CLI's plaintext vault refuses it ("sealed by a different vault"); that account then has to be
 * re-imported for headless use. Any other prefix is refused.
 */
import { safeStorage as electronSafeStorage, type SafeStorage } from 'electron';
// The port is owned by proxy/ (its headless counterpart is createPlaintextVault, `plain:` values).
import type { TokenVault } from '../proxy/src/accounts/token-vault.js';

export type { TokenVault };

export interface SafeStorageVault extends TokenVault {
  kind: 'os-keychain';
  /**
   * Like `open`, and also says whether the stored value should be replaced: `shouldReseal` is true when
   * safeStorage reports `shouldReEncrypt` (key rotated or upgraded) or the value is a headless `plain:` one.
   * `resealed` is the replacement (`ss1:`), or null when none is needed or sealing is impossible right now
   * (no Keychain: the plain value still opens). The owner of the stored value should persist `resealed`.
   */
  openAndRefresh(sealed: string): Promise<OpenResult>;
}

export interface OpenResult {
  plain: string;
  shouldReseal: boolean;
  resealed: string | null;
}

export const SEALED_PREFIX = 'ss1:';
/** What proxy/'s headless vault (createPlaintextVault) writes. */
export const PLAIN_PREFIX = 'plain:';

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

  const openAndRefresh = async (sealed: string): Promise<OpenResult> => {
    if (sealed.startsWith(PLAIN_PREFIX)) {
      const plain = sealed.slice(PLAIN_PREFIX.length);
      const resealed = await seal(plain).catch(() => null);
      return { plain, shouldReseal: true, resealed };
    }
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('token was sealed by a different vault');
    await ensureAvailable();
    let decrypted;
    try {
      decrypted = await storage.decryptStringAsync(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'));
    } catch {
      // Never echo the ciphertext or the OS error detail; the account has to be logged in again.
      throw new Error('could not decrypt the stored token (Keychain key changed or value corrupted)');
    }
    const shouldReseal = decrypted.shouldReEncrypt;
    const resealed = shouldReseal ? await seal(decrypted.result) : null;
    return { plain: decrypted.result, shouldReseal, resealed };
  };

  return {
    kind: 'os-keychain',
    seal,
    // `open` never re-seals (no Keychain round trip for a value nobody will persist).
    open: async (sealed) =>
      sealed.startsWith(PLAIN_PREFIX) ? sealed.slice(PLAIN_PREFIX.length) : (await openAndRefresh(sealed)).plain,
    openAndRefresh,
  };
}

/** The slice of the account store (proxy/src/accounts/store.ts, public API) that re-sealing needs. */
export interface ResealableStore {
  list(): Promise<{ id: string; sealed: { idToken: string; accessToken: string; refreshToken: string } }[]>;
  open(acc: { sealed: { idToken: string; accessToken: string; refreshToken: string } }): Promise<{ idToken: string; accessToken: string; refreshToken: string }>;
  seal(tokens: { idToken: string; accessToken: string; refreshToken: string }): Promise<{ idToken: string; accessToken: string; refreshToken: string }>;
  update(id: string, patch: { sealed: { idToken: string; accessToken: string; refreshToken: string } }): Promise<void>;
}

/**
 * At app start: every account whose tokens the headless CLI stored as `plain:` is sealed into the Keychain (the
 * store's vault is this SafeStorageVault, so `seal` writes `ss1:`). Returns the ids it re-sealed. An account that
 * cannot be sealed (no Keychain right now) keeps working from its plain value and is tried again next start.
 */
export async function sealPlaintextTokens(store: ResealableStore, report: (id: string, err: unknown) => void = () => undefined): Promise<string[]> {
  const done: string[] = [];
  for (const acc of await store.list()) {
    if (!Object.values(acc.sealed).some((v) => v.startsWith(PLAIN_PREFIX))) continue;
    try {
      const sealed = await store.seal(await store.open(acc));
      if (Object.values(sealed).some((v) => !v.startsWith(SEALED_PREFIX))) continue;
      await store.update(acc.id, { sealed });
      done.push(acc.id);
    } catch (err) {
      report(acc.id, err);
    }
  }
  return done;
}
