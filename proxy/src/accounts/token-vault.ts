/**
 * Tokens are sealed before they are written anywhere. The app plugs in an OS-keychain vault (Electron
 * safeStorage); headless uses `plain:` values inside a 0600 file — the same posture as Codex's own auth.json.
 * Prefixes keep a token sealed by one vault from being misread by the other.
 */
export interface TokenVault {
  readonly kind: string;
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

export function createPlaintextVault(): TokenVault {
  return {
    kind: 'plaintext-file',
    async seal(plain) {
      return `plain:${plain}`;
    },
    async open(sealed) {
      if (!sealed.startsWith('plain:')) throw new VaultError('token was sealed by a different vault (e.g. the app\'s keychain)');
      return sealed.slice('plain:'.length);
    },
  };
}
