/**
 * The notices' one seam: feed it account snapshots (and start failures); it derives, rate-limits and hands each
 * admitted notice to its listeners (the app's notifications, the dashboard). No I/O of its own.
 */
import type { AccountSummary } from '../contract.js';
import { deriveNotices, startFailedNotice } from './derive.js';
import { NoticeRateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { Notice } from './types.js';

export interface NoticeCenterOptions extends RateLimitOptions {
  now?: () => number;
  timeZone?: string;
}

export class NoticeCenter {
  private last: AccountSummary[] | null = null;
  private readonly limiter: NoticeRateLimiter;
  private readonly listeners = new Set<(n: Notice) => void>();
  private readonly now: () => number;

  constructor(private readonly o: NoticeCenterOptions = {}) {
    this.limiter = new NoticeRateLimiter(o);
    this.now = o.now ?? Date.now;
  }

  on(listener: (n: Notice) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** A new account snapshot; the first one only sets the baseline (no notices for the state found at start). */
  observeAccounts(accounts: AccountSummary[]): Notice[] {
    const prev = this.last;
    this.last = accounts;
    if (!prev) return [];
    return this.publish(deriveNotices(prev, accounts, { now: this.now(), timeZone: this.o.timeZone }));
  }

  startFailed(message: string): Notice[] {
    return this.publish([startFailedNotice(message, this.now())]);
  }

  get dropped(): number {
    return this.limiter.dropped;
  }

  private publish(candidates: Notice[]): Notice[] {
    const now = this.now();
    const admitted = candidates.filter((n) => this.limiter.admit(n, now));
    for (const n of admitted) for (const l of this.listeners) l(n);
    return admitted;
  }
}
