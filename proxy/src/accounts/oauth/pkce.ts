/** PKCE (S256) and state values for the ChatGPT sign-in (docs/codex-backend.md §2.1). */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** base64url (no padding) of 64 random bytes: 86 characters. */
  verifier: string;
  /** base64url(SHA-256(verifier)): 43 characters. */
  challenge: string;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createPkce(): PkcePair {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

/** Opaque state: base64url of 32 random bytes (43 characters), like Codex. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
