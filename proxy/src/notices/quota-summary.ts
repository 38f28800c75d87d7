/**
 * Quota figures for the menu-bar title and the low-quota notices. Pure. The tightest window is the one with the
 * least remaining (proxy/src/claude-code/statusline.ts tightestWindow); this adds what the tray shows.
 */
import type { AccountSummary } from '../contract.js';
import { tightestWindow } from '../claude-code/statusline.js';

/** Below this remaining percentage an account is "low" (the 10 %). */
export const LOW_QUOTA_PERCENT = 10;

export interface TightestRemaining {
  window: string;
  /** 0..100, rounded down to a whole percent (never shows 100 % when a little is used). */
  remainingPercent: number;
  /** Unix ms, or null when unknown. */
  resetsAt: number | null;
}

export function tightestRemaining(account: Pick<AccountSummary, 'quota'> | null | undefined): TightestRemaining | null {
  const q = tightestWindow(account?.quota);
  if (!q) return null;
  return {
    window: q.window,
    remainingPercent: Math.max(0, Math.floor(q.remainingPercent)),
    resetsAt: q.resetsAt === null ? null : q.resetsAt * 1000,
  };
}

/** The menu-bar title: the active account's tightest remaining quota ("72%"), or "" when hidden / unknown. */
export function menuBarTitle(accounts: readonly AccountSummary[], show: boolean): string {
  if (!show) return '';
  const t = tightestRemaining(accounts.find((a) => a.active));
  return t ? `${t.remainingPercent}%` : '';
}

export function isLow(account: AccountSummary): boolean {
  const t = tightestRemaining(account);
  return t !== null && t.remainingPercent < LOW_QUOTA_PERCENT;
}

/** An account that cannot serve right now: cooling down after a usage limit, or a window used up. */
export function isExhausted(account: AccountSummary, now: number): boolean {
  if (account.status === 'cooldown') return true;
  const t = tightestRemaining(account);
  return t !== null && t.remainingPercent <= 0 && (t.resetsAt === null || t.resetsAt > now);
}

/** When the account can serve again (Unix ms), or null when unknown. */
export function availableAgainAt(account: AccountSummary): number | null {
  if (account.status === 'cooldown' && typeof account.cooldownUntil === 'number') return account.cooldownUntil;
  return tightestRemaining(account)?.resetsAt ?? null;
}
