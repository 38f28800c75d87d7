/**
 * Which account serves a request. Accounts cooling down after a usage limit, disabled, or needing a login are
 * skipped; accounts whose last quota snapshot says a window is used up go last (the upstream then confirms with a
 * 429 and the pipeline cools them down properly).
 *
 * Strategies (setting `rotation`):
 * - `sticky` (default): the active account while it is usable, then the others in order; a session stays on the
 *   account that first served it, so the upstream prompt cache stays warm.
 * - `round-robin`: each new session (or session-less request) goes to the next account; a session stays put.
 * - `quota-aware`: the account with the most headroom (tightest of the 5 h and weekly windows), ties broken by the
 *   soonest reset; a session stays put while its account keeps some headroom.
 * Switching the active account (from any process) drops the session pins, so the switch takes effect at once.
 */
import type { QuotaSnapshot } from '../contract.js';
import { headroom } from './quota.js';
import type { StoredAccount } from './store.js';

export type RotationStrategy = 'sticky' | 'round-robin' | 'quota-aware';

export interface PickOptions {
  accounts: StoredAccount[];
  activeId: string | null;
  /** Accounts already tried for this request. */
  exclude: ReadonlySet<string>;
  sessionId?: string;
  nowMs: number;
}

export interface PoolOptions {
  strategy?: () => RotationStrategy;
  quota?: (id: string) => QuotaSnapshot | null;
}

export function isUsable(a: StoredAccount, nowMs: number): boolean {
  return !a.disabled && !a.needsLogin && !(a.cooldownUntil !== null && a.cooldownUntil > nowMs);
}

/** A session pinned to an account with less headroom than this moves on under `quota-aware`. */
const QUOTA_AWARE_MIN_HEADROOM = 5;

export class AccountPool {
  private readonly affinity = new Map<string, string>();
  private static readonly MAX_SESSIONS = 1000;
  private lastActive: string | null | undefined;
  private cursor = 0;

  constructor(private readonly o: PoolOptions = {}) {}

  get strategy(): RotationStrategy {
    return this.o.strategy?.() ?? 'sticky';
  }

  pick(o: PickOptions): StoredAccount | undefined {
    if (o.activeId !== this.lastActive) {
      if (this.lastActive !== undefined) this.affinity.clear();
      this.lastActive = o.activeId;
    }
    const usable = o.accounts.filter((a) => !o.exclude.has(a.id) && isUsable(a, o.nowMs));
    if (usable.length === 0) return undefined;
    const left = (a: StoredAccount) => headroom(this.o.quota?.(a.id), o.nowMs);
    const fresh = usable.filter((a) => left(a).percentLeft > 0);
    const candidates = fresh.length > 0 ? fresh : usable;

    const pinnedId = o.sessionId ? this.affinity.get(o.sessionId) : undefined;
    const pinned = candidates.find((a) => a.id === pinnedId);
    const strategy = this.strategy;
    if (pinned && (strategy !== 'quota-aware' || left(pinned).percentLeft >= QUOTA_AWARE_MIN_HEADROOM)) return pinned;

    switch (strategy) {
      case 'round-robin': {
        const chosen = candidates[this.cursor % candidates.length]!;
        this.cursor = (this.cursor + 1) % Math.max(1, o.accounts.length);
        return chosen;
      }
      case 'quota-aware':
        return [...candidates].sort((a, b) => compareHeadroom(left(a), left(b)) || Number(b.id === o.activeId) - Number(a.id === o.activeId))[0];
      default:
        return candidates.find((a) => a.id === o.activeId) ?? candidates[0];
    }
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

  /** Drops every session pin (manual switch, account removed or disabled). */
  forgetSessions(accountId?: string): void {
    if (!accountId) return this.affinity.clear();
    for (const [s, a] of this.affinity) if (a === accountId) this.affinity.delete(s);
  }
}

/** More headroom first (differences under one point are ties); then the soonest reset. */
function compareHeadroom(a: ReturnType<typeof headroom>, b: ReturnType<typeof headroom>): number {
  if (Math.abs(a.percentLeft - b.percentLeft) >= 1) return b.percentLeft - a.percentLeft;
  const ra = a.resetsAt ?? Infinity;
  const rb = b.resetsAt ?? Infinity;
  return ra === rb ? 0 : ra < rb ? -1 : 1;
}
