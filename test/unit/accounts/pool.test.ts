/** Account selection: sticky (session affinity), round-robin, quota-aware; skipping unusable accounts. */
import { describe, expect, it } from 'vitest';
import { AccountPool, type RotationStrategy } from '../../../proxy/src/accounts/pool.js';
import type { StoredAccount } from '../../../proxy/src/accounts/store.js';
import type { QuotaSnapshot } from '../../../proxy/src/contract.js';

const NOW = 1_800_000_000_000;
const acc = (id: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
  id,
  accountId: `chatgpt-${id}`,
  userId: `user-${id}`,
  email: `${id}@example.com`,
  plan: 'plus',
  source: 'login',
  codexAuthPath: null,
  sealed: { idToken: 'plain:i', accessToken: 'plain:a', refreshToken: 'plain:r' },
  accessExpiresAt: null,
  lastRefresh: null,
  disabled: false,
  needsLogin: null,
  cooldownUntil: null,
  addedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const snap = (primaryUsed: number, secondaryUsed = 0, primaryReset = NOW / 1000 + 3600): QuotaSnapshot => ({
  plan: 'plus',
  primary: { usedPercent: primaryUsed, windowMinutes: 300, resetsAt: primaryReset },
  secondary: { usedPercent: secondaryUsed, windowMinutes: 10080, resetsAt: NOW / 1000 + 86400 },
  credits: null,
  observedAt: NOW,
  source: 'headers',
});
const none = new Set<string>();

function pool(strategy: RotationStrategy, quotas: Record<string, QuotaSnapshot> = {}) {
  return new AccountPool({ strategy: () => strategy, quota: (id) => quotas[id] ?? null });
}

describe('sticky (default)', () => {
  const accounts = [acc('a'), acc('b'), acc('c')];
  it('uses the active account, not the first one', () => {
    const p = new AccountPool();
    expect(p.pick({ accounts, activeId: 'b', exclude: none, nowMs: NOW })!.id).toBe('b');
  });
  it('skips disabled, needs-login and cooling accounts, and already tried ones', () => {
    const p = pool('sticky');
    const list = [acc('a', { disabled: true }), acc('b', { needsLogin: 'x' }), acc('c', { cooldownUntil: NOW + 1000 }), acc('d')];
    expect(p.pick({ accounts: list, activeId: 'a', exclude: none, nowMs: NOW })!.id).toBe('d');
    expect(p.pick({ accounts: list, activeId: 'a', exclude: new Set(['d']), nowMs: NOW })).toBeUndefined();
    expect(p.pick({ accounts: list, activeId: 'c', exclude: none, nowMs: NOW + 1001 })!.id).toBe('c');
  });
  it('keeps a session on the account that served it, until the active account is switched', () => {
    const p = pool('sticky');
    expect(p.pick({ accounts, activeId: 'a', exclude: none, sessionId: 's1', nowMs: NOW })!.id).toBe('a');
    p.remember('s1', 'c');
    expect(p.pick({ accounts, activeId: 'a', exclude: none, sessionId: 's1', nowMs: NOW })!.id).toBe('c');
    // a switch (from any process: seen as a new activeId) takes effect at once
    expect(p.pick({ accounts, activeId: 'b', exclude: none, sessionId: 's1', nowMs: NOW })!.id).toBe('b');
  });
  it('puts an account whose snapshot shows a used-up window last', () => {
    const p = pool('sticky', { a: snap(100) });
    expect(p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW })!.id).toBe('b');
    // once its window reset, it is first again
    expect(p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW + 3_601_000 })!.id).toBe('a');
  });
});

describe('round-robin', () => {
  it('spreads new sessions over the accounts; a session stays put', () => {
    const accounts = [acc('a'), acc('b'), acc('c')];
    const p = pool('round-robin');
    const picks = ['s1', 's2', 's3', 's4'].map((s) => {
      const chosen = p.pick({ accounts, activeId: 'a', exclude: none, sessionId: s, nowMs: NOW })!.id;
      p.remember(s, chosen);
      return chosen;
    });
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
    expect(p.pick({ accounts, activeId: 'a', exclude: none, sessionId: 's2', nowMs: NOW })!.id).toBe('b');
    expect([1, 2, 3].map(() => p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW })!.id).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('quota-aware', () => {
  const accounts = [acc('a'), acc('b'), acc('c')];
  it('prefers the most headroom (tightest of the 5 h and weekly windows)', () => {
    const p = pool('quota-aware', { a: snap(80), b: snap(10, 95), c: snap(30, 20) });
    expect(p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW })!.id).toBe('c');
  });
  it('breaks ties by the soonest reset', () => {
    const p = pool('quota-aware', { a: snap(50, 0, NOW / 1000 + 9000), b: snap(50, 0, NOW / 1000 + 600), c: snap(50, 0, NOW / 1000 + 3000) });
    expect(p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW })!.id).toBe('b');
  });
  it('an account without data counts as full; a pinned session moves on when its account runs dry', () => {
    const quotas: Record<string, QuotaSnapshot> = { a: snap(20), b: snap(50) };
    const p = pool('quota-aware', quotas);
    expect(p.pick({ accounts, activeId: 'a', exclude: none, nowMs: NOW })!.id).toBe('c');
    p.remember('s', 'a');
    expect(p.pick({ accounts, activeId: 'a', exclude: none, sessionId: 's', nowMs: NOW })!.id).toBe('a');
    quotas.a = snap(97);
    expect(p.pick({ accounts, activeId: 'a', exclude: none, sessionId: 's', nowMs: NOW })!.id).toBe('c');
  });
});
