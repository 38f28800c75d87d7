/**
 * Which account serves a request. Default strategy "sticky": the active account while it is usable (keeps the
 * upstream prompt cache warm), then the others in order; sessions stay on the account that first served them.
 * Accounts cooling down after a usage limit, disabled, or needing a login are skipped.
 */
import type { StoredAccount } from './store.js';

export interface PickOptions {
  accounts: StoredAccount[];
  activeId: string | null;
  /** Accounts already tried for this request. */
  exclude: ReadonlySet<string>;
  sessionId?: string;
  nowMs: number;
}

export function isUsable(a: StoredAccount, nowMs: number): boolean {
  return !a.disabled && !a.needsLogin && !(a.cooldownUntil !== null && a.cooldownUntil > nowMs);
}

export class AccountPool {
  private readonly affinity = new Map<string, string>();
  private static readonly MAX_SESSIONS = 1000;

  pick(o: PickOptions): StoredAccount | undefined {
    const candidates = o.accounts.filter((a) => !o.exclude.has(a.id) && isUsable(a, o.nowMs));
    if (candidates.length === 0) return undefined;
    const pinned = o.sessionId ? this.affinity.get(o.sessionId) : undefined;
    const chosen =
      candidates.find((a) => a.id === pinned) ?? candidates.find((a) => a.id === o.activeId) ?? candidates[0]!;
    return chosen;
  }

  /** Remembers which account served a session (called after a successful response). */
  remember(sessionId: string | undefined, accountId: string): void {
    if (!sessionId) return;
    this.affinity.delete(sessionId);
    this.affinity.set(sessionId, accountId);
    if (this.affinity.size > AccountPool.MAX_SESSIONS) {
      const oldest = this.affinity.keys().next().value;
      if (oldest !== undefined) this.affinity.delete(oldest);
    }
  }
}
