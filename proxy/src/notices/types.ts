/**
 * Notices: typed events the core derives from what it sees (account snapshots, start failures), shown as native
 * notifications by the app and as banners by the dashboard. Each carries the action its notification offers.
 * Never a token: only account ids, emails and figures.
 */

/** What a notice's button does (the app maps each to a core call). */
export type NoticeAction =
  | { kind: 'open-dashboard' }
  | { kind: 'sign-in-again'; accountId: string }
  | { kind: 'switch-account'; accountId: string }
  | { kind: 'use-claude-direct' };

export type NoticeKind = 'failover' | 'low-quota' | 'exhausted' | 'needs-login' | 'start-failed';

export interface Notice {
  kind: NoticeKind;
  /** Dedup key: one notice per key and rate-limit window (e.g. `low-quota:acct_1:5h`). */
  key: string;
  title: string;
  body: string;
  action: NoticeAction & { label: string };
  /** Unix ms. */
  at: number;
  accountId?: string;
  /** Unix ms when the limiting window resets, when known. */
  resetsAt?: number | null;
}
