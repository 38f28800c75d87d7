/**
 * Derives notices from two consecutive account snapshots (pure, clock passed in). Transitions only: a state that
 * persists across snapshots yields nothing, so re-reading the same accounts never repeats a notice. The rate
 * limiter (rate-limit.ts) then drops repeats of a key that flaps.
 */
import type { AccountSummary } from '../contract.js';
import { availableAgainAt, isExhausted, isLow, LOW_QUOTA_PERCENT, tightestRemaining } from './quota-summary.js';
import type { Notice } from './types.js';

const OPEN_DASHBOARD = { kind: 'open-dashboard', label: 'Open dashboard' } as const;

export function accountName(a: Pick<AccountSummary, 'email' | 'accountId'>): string {
  return a.email ?? a.accountId;
}

/** "14:05 UTC" style reset time; `timeZone` injectable for tests. */
export function formatReset(ms: number | null, timeZone?: string): string {
  if (ms === null) return 'an unknown time';
  return new Date(ms).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short', timeZone, timeZoneName: 'short' });
}

function usable(a: AccountSummary, now: number): boolean {
  return a.status !== 'disabled' && a.status !== 'needs_login' && !isExhausted(a, now);
}

export interface DeriveOptions {
  now: number;
  timeZone?: string;
}

export function deriveNotices(prev: readonly AccountSummary[], next: readonly AccountSummary[], o: DeriveOptions): Notice[] {
  const before = new Map(prev.map((a) => [a.id, a]));
  const notices: Notice[] = [];
  const active = next.find((a) => a.active) ?? null;

  for (const a of next) {
    const was = before.get(a.id);
    if (!was) continue; // a new account is not news (its sign-in already said so)

    if (a.status === 'needs_login' && was.status !== 'needs_login') {
      notices.push({
        kind: 'needs-login',
        key: `needs-login:${a.id}`,
        title: `${accountName(a)} needs to sign in again`,
        body: a.needsLoginReason ? `ChatGPT refused its tokens (${a.needsLoginReason.split(':')[0]}).` : 'ChatGPT refused its tokens.',
        action: { kind: 'sign-in-again', accountId: a.id, label: 'Sign in again…' },
        at: o.now,
        accountId: a.id,
      });
    }

    if (a.status === 'cooldown' && was.status === 'ok') {
      const to = active && active.id !== a.id && usable(active, o.now) ? active : null;
      notices.push({
        kind: 'failover',
        key: `failover:${a.id}`,
        title: to ? `Switched to ${accountName(to)}` : `${accountName(a)} hit its usage limit`,
        body: `${accountName(a)} reached a usage limit until ${formatReset(availableAgainAt(a), o.timeZone)}.${to ? ' Requests now go to the next account.' : ''}`,
        action: OPEN_DASHBOARD,
        at: o.now,
        accountId: a.id,
        resetsAt: availableAgainAt(a),
      });
    }

    if (isLow(a) && !isLow(was) && a.status !== 'disabled') {
      const t = tightestRemaining(a)!;
      notices.push({
        kind: 'low-quota',
        key: `low-quota:${a.id}:${t.window}`,
        title: `${accountName(a)}: ${t.remainingPercent}% of the ${t.window} window left`,
        body: `Below ${LOW_QUOTA_PERCENT}%; it resets at ${formatReset(t.resetsAt, o.timeZone)}.`,
        action: OPEN_DASHBOARD,
        at: o.now,
        accountId: a.id,
        resetsAt: t.resetsAt,
      });
    }
  }

  // Accounts that need a login have their own notice; "out of quota" is about the ones that could otherwise serve.
  const candidates = (list: readonly AccountSummary[]) => list.filter((a) => a.status !== 'disabled' && a.status !== 'needs_login');
  const allExhausted = (list: readonly AccountSummary[]) =>
    candidates(list).length > 0 && candidates(list).every((a) => isExhausted(a, o.now));
  if (allExhausted(next) && !allExhausted(prev) && prev.length > 0) {
    const resets = candidates(next)
      .map(availableAgainAt)
      .filter((t): t is number => t !== null);
    const resetsAt = resets.length ? Math.min(...resets) : null;
    notices.push({
      kind: 'exhausted',
      key: 'exhausted',
      title: 'Every account is out of quota',
      body: `Claude Code requests fail until ${formatReset(resetsAt, o.timeZone)}. Use Claude directly in the meantime?`,
      action: { kind: 'use-claude-direct', label: 'Use Claude directly' },
      at: o.now,
      resetsAt,
    });
  }
  return notices;
}

/** The proxy could not start (e.g. the port is taken); `message` is the explained error. */
export function startFailedNotice(message: string, now: number): Notice {
  return {
    kind: 'start-failed',
    key: 'start-failed',
    title: 'The proxy could not start',
    body: message,
    action: OPEN_DASHBOARD,
    at: now,
  };
}
