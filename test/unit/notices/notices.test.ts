import { describe, expect, it } from 'vitest';
import type { AccountSummary, QuotaSnapshot } from '../../../proxy/src/contract.js';
import { deriveNotices, startFailedNotice } from '../../../proxy/src/notices/derive.js';
import { NoticeCenter } from '../../../proxy/src/notices/notice-center.js';
import { menuBarTitle, tightestRemaining } from '../../../proxy/src/notices/quota-summary.js';
import { NoticeRateLimiter } from '../../../proxy/src/notices/rate-limit.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0);
const RESET_S = Math.floor(NOW / 1000) + 3600;

function quota(usedPercent: number, resetsAt: number | null = RESET_S): QuotaSnapshot {
  return {
    plan: 'plus',
    primary: { usedPercent, windowMinutes: 300, resetsAt },
    secondary: { usedPercent: 20, windowMinutes: 10_080, resetsAt: null },
    credits: null,
    observedAt: NOW,
    source: 'headers',
  };
}

function acct(id: string, o: Partial<AccountSummary> = {}): AccountSummary {
  return { id, email: `${id}@example.com`, accountId: `acct-${id}`, plan: 'plus', active: false, status: 'ok', source: 'login', quota: null, ...o };
}

const opts = { now: NOW, timeZone: 'UTC' };

describe('tightestRemaining / menuBarTitle', () => {
  it('shows the active account\'s tightest remaining quota as a whole percent, or nothing', () => {
    expect(tightestRemaining(acct('a', { quota: quota(27.5) }))).toEqual({ window: '5h', remainingPercent: 72, resetsAt: RESET_S * 1000 });
    expect(menuBarTitle([acct('a', { quota: quota(90) }), acct('b', { active: true, quota: quota(28) })], true)).toBe('72%');
    expect(menuBarTitle([acct('b', { active: true, quota: quota(28) })], false)).toBe('');
    expect(menuBarTitle([acct('b', { active: true })], true)).toBe('');
    expect(menuBarTitle([], true)).toBe('');
  });
});

describe('deriveNotices', () => {
  it('a usage-limit cooldown of the serving account announces the switch to the next one', () => {
    const prev = [acct('a', { active: true }), acct('b')];
    const next = [acct('a', { status: 'cooldown', cooldownUntil: NOW + 30 * 60_000 }), acct('b', { active: true })];
    const [n, ...rest] = deriveNotices(prev, next, opts);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: 'failover', key: 'failover:a', title: 'Switched to b@example.com', accountId: 'a', resetsAt: NOW + 30 * 60_000 });
    expect(n!.body).toContain('12:30');
  });

  it('an account crossing below 10 % of a window is announced once, with the reset time', () => {
    const prev = [acct('a', { active: true, quota: quota(85) })];
    const next = [acct('a', { active: true, quota: quota(93) })];
    const notices = deriveNotices(prev, next, opts);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'low-quota', key: 'low-quota:a:5h', title: 'a@example.com: 7% of the 5h window left' });
    expect(notices[0]!.body).toContain('13:00');
    expect(deriveNotices(next, [acct('a', { active: true, quota: quota(95) })], opts)).toEqual([]);
  });

  it('every account exhausted: one notice with the earliest reset and the "use Claude directly" action', () => {
    const prev = [acct('a', { active: true, status: 'cooldown', cooldownUntil: NOW + 7_200_000 }), acct('b', { quota: quota(50) })];
    const next = [prev[0]!, acct('b', { status: 'cooldown', cooldownUntil: NOW + 3_600_000 })];
    const notices = deriveNotices(prev, next, opts);
    const exhausted = notices.find((n) => n.kind === 'exhausted');
    expect(exhausted).toMatchObject({ resetsAt: NOW + 3_600_000, action: { kind: 'use-claude-direct' } });
    expect(exhausted!.body).toContain('13:00');
    // Still exhausted: nothing new.
    expect(deriveNotices(next, next, opts)).toEqual([]);
  });

  it('a needs-login transition offers "Sign in again…" for that account, and never repeats for the same state', () => {
    const prev = [acct('a', { active: true })];
    const next = [acct('a', { active: true, status: 'needs_login', needsLoginReason: 'refresh_token_reused: detail' })];
    const [n] = deriveNotices(prev, next, opts);
    expect(n).toMatchObject({ kind: 'needs-login', action: { kind: 'sign-in-again', accountId: 'a' } });
    expect(n!.body).toContain('refresh_token_reused');
    expect(n!.body).not.toContain('detail');
    expect(deriveNotices(next, next, opts)).toEqual([]);
  });

  it('new or unchanged accounts yield nothing; the start failure carries the message', () => {
    expect(deriveNotices([], [acct('a', { quota: quota(99) })], opts)).toEqual([]);
    expect(deriveNotices([acct('a')], [acct('a')], opts)).toEqual([]);
    expect(startFailedNotice('Port 8081 is already in use.', NOW)).toMatchObject({ kind: 'start-failed', body: 'Port 8081 is already in use.' });
  });
});

describe('NoticeRateLimiter', () => {
  it('admits a key once per window and at most `burst` notices per minute', () => {
    const rl = new NoticeRateLimiter({ perKeyMs: 60_000, burst: 2, windowMs: 10_000 });
    expect(rl.admit({ key: 'x' }, 0)).toBe(true);
    expect(rl.admit({ key: 'x' }, 59_999)).toBe(false);
    expect(rl.admit({ key: 'x' }, 60_000)).toBe(true);
    expect(rl.admit({ key: 'y' }, 60_001)).toBe(true);
    expect(rl.admit({ key: 'z' }, 60_002)).toBe(false); // burst of 2 within 10 s
    expect(rl.admit({ key: 'z' }, 70_001)).toBe(true);
    expect(rl.dropped).toBe(2);
  });
});

describe('NoticeCenter', () => {
  it('takes the first snapshot as the baseline, publishes each transition once, and drops repeats of a flapping key', () => {
    let now = NOW;
    const center = new NoticeCenter({ now: () => now, timeZone: 'UTC' });
    const seen: string[] = [];
    center.on((n) => seen.push(n.key));
    const ok = [acct('a', { active: true }), acct('b')];
    const limited = [acct('a', { status: 'cooldown', cooldownUntil: NOW + 60_000 }), acct('b', { active: true })];
    expect(center.observeAccounts(limited)).toEqual([]); // state at start is not news
    center.observeAccounts(ok);
    center.observeAccounts(limited);
    now += 60_000;
    center.observeAccounts(ok);
    center.observeAccounts(limited); // flaps within 30 min: dropped
    expect(seen).toEqual(['failover:a']);
    expect(center.dropped).toBe(1);
    center.startFailed('port taken');
    expect(seen).toEqual(['failover:a', 'start-failed']);
  });
});
