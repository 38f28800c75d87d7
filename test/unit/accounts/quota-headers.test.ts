/** x-codex-* headers and GET /wham/usage → QuotaSnapshot (docs/codex-backend.md §8). */
import { describe, expect, it } from 'vitest';
import { parseBool, parseQuotaHeaders } from '../../../proxy/src/codex/quota-headers.js';
import { parseUsage } from '../../../proxy/src/codex/usage-endpoint.js';
import { headroom } from '../../../proxy/src/accounts/quota.js';

const NOW = 1_800_000_000_000;
const nowSec = NOW / 1000;

const full = {
  'x-codex-primary-used-percent': '12.5',
  'x-codex-primary-window-minutes': '300',
  'x-codex-primary-reset-at': String(nowSec + 3600),
  'x-codex-primary-reset-after-seconds': '3600',
  'x-codex-secondary-used-percent': '40',
  'x-codex-secondary-window-minutes': '10080',
  'x-codex-secondary-reset-at': String(nowSec + 86400),
  'x-codex-active-limit': 'codex',
  'x-codex-plan-type': 'plus',
  'x-codex-credits-has-credits': 'True',
  'x-codex-credits-unlimited': 'False',
  'x-codex-credits-balance': '12.50',
  'content-type': 'text/event-stream',
};

describe('parseQuotaHeaders', () => {
  it('reads both windows, plan, credits and the active limit', () => {
    expect(parseQuotaHeaders(full, NOW)).toEqual({
      plan: 'plus',
      primary: { usedPercent: 12.5, windowMinutes: 300, resetsAt: nowSec + 3600 },
      secondary: { usedPercent: 40, windowMinutes: 10080, resetsAt: nowSec + 86400 },
      credits: { hasCredits: true, unlimited: false, balance: '12.50' },
      activeLimit: 'codex',
      observedAt: NOW,
      source: 'headers',
    });
  });

  it('matches header names case-insensitively and booleans in any case, 1/0 included', () => {
    const snap = parseQuotaHeaders({ 'X-Codex-Primary-Used-Percent': '5', 'X-CODEX-CREDITS-HAS-CREDITS': '1', 'x-codex-credits-unlimited': 'TRUE' }, NOW);
    expect(snap?.primary?.usedPercent).toBe(5);
    expect(snap?.credits).toEqual({ hasCredits: true, unlimited: true, balance: null });
    expect(parseBool('false')).toBe(false);
    expect(parseBool('0')).toBe(false);
    expect(parseBool('maybe')).toBeNull();
  });

  it('a window counts only with data (free plan: secondary window 0, reset-at empty)', () => {
    const snap = parseQuotaHeaders(
      {
        'x-codex-primary-used-percent': '0',
        'x-codex-primary-window-minutes': '10080',
        'x-codex-primary-reset-at': String(nowSec + 100),
        'x-codex-secondary-used-percent': '0',
        'x-codex-secondary-window-minutes': '0',
        'x-codex-secondary-reset-at': '',
        'x-codex-plan-type': 'free',
      },
      NOW,
    );
    expect(snap?.primary).toEqual({ usedPercent: 0, windowMinutes: 10080, resetsAt: nowSec + 100 });
    expect(snap?.secondary).toBeNull();
    expect(snap?.credits).toBeNull();
  });

  it('uses reset-after-seconds when reset-at is missing', () => {
    const snap = parseQuotaHeaders({ 'x-codex-primary-used-percent': '50', 'x-codex-primary-reset-after-seconds': '60' }, NOW);
    expect(snap?.primary?.resetsAt).toBe(nowSec + 60);
  });

  it('collects additional limit families by scanning for -primary-used-percent', () => {
    const snap = parseQuotaHeaders(
      {
        ...full,
        'x-codex-bengalfox-primary-used-percent': '70',
        'x-codex-bengalfox-primary-window-minutes': '300',
        'x-codex-bengalfox-primary-reset-at': String(nowSec + 10),
        'x-codex-bengalfox-limit-name': 'GPT-5.3-Codex-Spark',
        'x-codex-empty-primary-used-percent': '0',
      },
      NOW,
    );
    expect(snap?.additional).toEqual({
      codex_bengalfox: { name: 'GPT-5.3-Codex-Spark', primary: { usedPercent: 70, windowMinutes: 300, resetsAt: nowSec + 10 }, secondary: null },
    });
    expect(snap?.primary?.usedPercent).toBe(12.5);
  });

  it('no quota headers → null', () => {
    expect(parseQuotaHeaders({ 'content-type': 'application/json', 'x-request-id': 'r' }, NOW)).toBeNull();
  });
});

describe('parseUsage (/wham/usage)', () => {
  it('maps windows (window_minutes = ceil(seconds/60)), credits and additional limits', () => {
    const snap = parseUsage(
      {
        plan_type: 'pro',
        rate_limit: {
          allowed: true,
          limit_reached: false,
          primary_window: { used_percent: 12, limit_window_seconds: 18000, reset_after_seconds: 3600, reset_at: nowSec + 3600 },
          secondary_window: null,
        },
        credits: { has_credits: false, unlimited: false, balance: '0' },
        additional_rate_limits: [{ limit_name: 'codex_other', metered_feature: 'codex_other', rate_limit: { primary_window: { used_percent: 3, limit_window_seconds: 61, reset_at: nowSec + 5 } } }],
      },
      NOW,
    );
    expect(snap).toMatchObject({
      plan: 'pro',
      primary: { usedPercent: 12, windowMinutes: 300, resetsAt: nowSec + 3600 },
      secondary: null,
      credits: { hasCredits: false, unlimited: false, balance: '0' },
      additional: { codex_other: { name: 'codex_other', primary: { usedPercent: 3, windowMinutes: 2 }, secondary: null } },
      source: 'usage-endpoint',
    });
  });

  it('tolerates null and absent objects', () => {
    expect(parseUsage({ plan_type: 'free', rate_limit: null, credits: null }, NOW)).toMatchObject({ primary: null, secondary: null, credits: null });
  });
});

describe('headroom', () => {
  it('is the tightest window; a window past its reset counts as unused', () => {
    const snap = parseQuotaHeaders(full, NOW)!;
    expect(headroom(snap, NOW)).toEqual({ percentLeft: 60, resetsAt: nowSec + 86400, known: true });
    expect(headroom(snap, NOW + 86_401_000).percentLeft).toBe(100);
    expect(headroom(null, NOW)).toEqual({ percentLeft: 100, resetsAt: null, known: false });
  });
});
