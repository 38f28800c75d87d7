/**
 * Rate limiting for notices (pure state machine, clock passed in): a key shows at most once per `perKeyMs`, and at
 * most `burst` notices show per `windowMs` overall, so a flapping account or a storm of failures never floods the
 * notification centre. Dropped notices are counted, not queued (stale news is worse than none).
 */
import type { Notice } from './types.js';

export interface RateLimitOptions {
  /** Same key again within this long is dropped. Default 30 min. */
  perKeyMs?: number;
  /** At most `burst` notices per `windowMs`. Defaults 3 per minute. */
  burst?: number;
  windowMs?: number;
}

export class NoticeRateLimiter {
  private readonly lastByKey = new Map<string, number>();
  private recent: number[] = [];
  dropped = 0;
  private readonly perKeyMs: number;
  private readonly burst: number;
  private readonly windowMs: number;

  constructor(o: RateLimitOptions = {}) {
    this.perKeyMs = o.perKeyMs ?? 30 * 60_000;
    this.burst = o.burst ?? 3;
    this.windowMs = o.windowMs ?? 60_000;
  }

  /** Whether `notice` should show at `now`; records it when it does. */
  admit(notice: Pick<Notice, 'key'>, now: number): boolean {
    const last = this.lastByKey.get(notice.key);
    this.recent = this.recent.filter((t) => now - t < this.windowMs);
    if ((last !== undefined && now - last < this.perKeyMs) || this.recent.length >= this.burst) {
      this.dropped++;
      return false;
    }
    this.lastByKey.set(notice.key, now);
    this.recent.push(now);
    if (this.lastByKey.size > 500) this.lastByKey.delete(this.lastByKey.keys().next().value!);
    return true;
  }
}
