import { describe, expect, it, vi } from 'vitest';

// token-vault.ts imports safeStorage from electron at module load; every test injects its own fake anyway.
vi.mock('electron', () => ({ safeStorage: {} }));

import { createSafeStorageVault, SEALED_PREFIX } from '../../../main/token-vault.js';

/** A reversible fake "encryption" that is visibly not the plaintext. */
function fakeSafeStorage(overrides: { available?: boolean; backend?: string; shouldReEncrypt?: boolean } = {}) {
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => overrides.available ?? true),
    getSelectedStorageBackend: vi.fn(() => (overrides.backend ?? 'gnome_libsecret') as 'gnome_libsecret'),
    encryptStringAsync: vi.fn(async (s: string) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a))),
    decryptStringAsync: vi.fn(async (b: Buffer) => {
      if (b.length === 0) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
      return { result: Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8'), shouldReEncrypt: overrides.shouldReEncrypt ?? false };
    }),
  };
}

describe('safeStorage TokenVault', () => {
  it('seals to ss1:<base64> without the plaintext, and opens it again', async () => {
    const storage = fakeSafeStorage();
    const vault = createSafeStorageVault({ safeStorage: storage, platform: 'darwin' });
    expect(vault.kind).toBe('os-keychain');
    const sealed = await vault.seal('rt_secret-refresh-token');
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealed).not.toContain('secret');
    await expect(vault.open(sealed)).resolves.toBe('rt_secret-refresh-token');
    expect(storage.encryptStringAsync).toHaveBeenCalledOnce();
  });

  it('refuses values sealed by an unknown vault', async () => {
    const vault = createSafeStorageVault({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    for (const sealed of ['ss2:abc', 'rt_bare-token', '', 'PLAIN:x']) {
      await expect(vault.open(sealed), sealed).rejects.toThrow(/different vault/);
    }
  });

  it('opens the headless CLI\'s plain: values (shared data dir) without the Keychain, and asks for a re-seal', async () => {
    const storage = fakeSafeStorage({ available: false });
    const vault = createSafeStorageVault({ safeStorage: storage, platform: 'darwin' });
    await expect(vault.open('plain:rt_from-cli')).resolves.toBe('rt_from-cli');
    expect(storage.isAsyncEncryptionAvailable).not.toHaveBeenCalled();
    expect(storage.decryptStringAsync).not.toHaveBeenCalled();
    // No Keychain right now: still readable, re-seal later.
    await expect(vault.openAndRefresh('plain:rt_from-cli')).resolves.toEqual({ plain: 'rt_from-cli', shouldReseal: true, resealed: null });

    const keychain = createSafeStorageVault({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    const upgraded = await keychain.openAndRefresh('plain:rt_from-cli');
    expect(upgraded.shouldReseal).toBe(true);
    expect(upgraded.resealed?.startsWith(SEALED_PREFIX)).toBe(true);
    expect(upgraded.resealed).not.toContain('rt_from-cli');
    await expect(keychain.open(upgraded.resealed!)).resolves.toBe('rt_from-cli');
    // Sealing never writes plain: values.
    expect((await keychain.seal('x')).startsWith(SEALED_PREFIX)).toBe(true);
  });

  it('refuses to work without OS encryption, and with the Linux basic_text fallback', async () => {
    const unavailable = createSafeStorageVault({ safeStorage: fakeSafeStorage({ available: false }), platform: 'darwin' });
    await expect(unavailable.seal('x')).rejects.toThrow(/not available/);
    const basic = createSafeStorageVault({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), platform: 'linux' });
    await expect(basic.seal('x')).rejects.toThrow(/basic_text/);
  });

  it('reports a decryption failure without leaking the ciphertext', async () => {
    const vault = createSafeStorageVault({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    const err = await vault.open(SEALED_PREFIX).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/could not decrypt/);
  });

  it('re-seals when safeStorage asks for re-encryption', async () => {
    const storage = fakeSafeStorage({ shouldReEncrypt: true });
    const vault = createSafeStorageVault({ safeStorage: storage, platform: 'darwin' });
    const sealed = await vault.seal('token');
    const { plain, shouldReseal, resealed } = await vault.openAndRefresh(sealed);
    expect(plain).toBe('token');
    expect(shouldReseal).toBe(true);
    expect(resealed?.startsWith(SEALED_PREFIX)).toBe(true);

    const fresh = createSafeStorageVault({ safeStorage: fakeSafeStorage(), platform: 'darwin' });
    await expect(fresh.openAndRefresh(await fresh.seal('t'))).resolves.toEqual({ plain: 't', shouldReseal: false, resealed: null });
  });
});
