/**
 * Anthropic thinking blocks carry an opaque `signature` that Claude Code echoes back verbatim on the next turn.
 * We use it to carry the Codex reasoning item's `encrypted_content`, tagged with the account that produced it:
 * encrypted reasoning only verifies on the account that issued it, so a blob from another account (or a real
 * Anthropic signature) is dropped instead of being replayed into a 400.
 *
 * Format: `ccp1.<accountTag>.<encrypted_content>` (base64 never contains '.').
 */
import { createHash } from 'node:crypto';

const PREFIX = 'ccp1';

/** A short, non-secret tag that identifies an account (hash of its stable key). */
export function accountTag(accountKey: string): string {
  return createHash('sha256').update(accountKey).digest('base64url').slice(0, 12);
}

export function encodeThinkingSignature(tag: string, encryptedContent: string): string {
  return `${PREFIX}.${tag}.${encryptedContent}`;
}

export function decodeThinkingSignature(signature: string | undefined): { tag: string; encryptedContent: string } | null {
  if (!signature || !signature.startsWith(`${PREFIX}.`)) return null;
  const second = signature.indexOf('.', PREFIX.length + 1);
  if (second < 0) return null;
  const tag = signature.slice(PREFIX.length + 1, second);
  const encryptedContent = signature.slice(second + 1);
  if (!tag || !encryptedContent) return null;
  return { tag, encryptedContent };
}
