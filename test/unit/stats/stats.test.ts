/** Today's totals and the hourly chart series, computed from records. */
import { describe, expect, it } from 'vitest';
import { hourlySeries } from '../../../proxy/src/stats/hourly.js';
import { startOfLocalDay, todayTotals, totalsBetween } from '../../../proxy/src/stats/totals.js';
import { rec } from '../requests/records.js';

const H = 3_600_000;

describe('totals', () => {
  it('counts today’s requests by outcome, failovers, tokens and the cache-hit %', () => {
    const now = new Date(2026, 5, 10, 15, 30).getTime();
    const day = startOfLocalDay(now);
    expect(new Date(day).getHours()).toBe(0);
    const t = todayTotals(
      [
        rec({ startedAt: day - 1, inputTokens: 999 }), // yesterday
        rec({ startedAt: day + 1, inputTokens: 100, cachedTokens: 80, outputTokens: 5 }),
        rec({ startedAt: day + 2, inputTokens: 300, cachedTokens: 0, outputTokens: 5, outcome: 'error', status: 529 }),
        rec({ startedAt: day + 3, inputTokens: 0, cachedTokens: 0, outputTokens: 0, outcome: 'error', status: 401, attempts: 0 }),
        rec({ startedAt: day + 4, inputTokens: 0, cachedTokens: 0, outputTokens: 0, outcome: 'aborted', status: 499 }),
        rec({ startedAt: day + 5, inputTokens: 0, cachedTokens: 0, outputTokens: 0, attempts: 2 }),
      ],
      now,
    );
    expect(t).toEqual({ requests: 5, ok: 2, errors: 1, rejected: 1, aborted: 1, failovers: 1, inputTokens: 400, outputTokens: 10, cachedTokens: 80, cacheHitPercent: 20 });
  });

  it('has no cache-hit % before any input', () => {
    expect(totalsBetween([], 0).cacheHitPercent).toBeNull();
    expect(totalsBetween([rec({ inputTokens: 0, cachedTokens: 0 })], 0).cacheHitPercent).toBeNull();
  });
});

describe('hourly series', () => {
  it('buckets 24 hours ending with the current one: requests, errors, tokens per account, cache-hit %', () => {
    const now = 1_000 * H + 20 * 60_000;
    const s = hourlySeries(
      [
        rec({ startedAt: now - 30 * H }), // older than 24 h: left out
        rec({ startedAt: now - 23 * H - 5 * 60_000, accountId: 'b', inputTokens: 10, outputTokens: 1, cachedTokens: 0 }), // first bucket
        rec({ startedAt: now, accountId: 'a', inputTokens: 100, outputTokens: 10, cachedTokens: 50 }),
        rec({ startedAt: now + 1, accountId: 'a', inputTokens: 100, outputTokens: 10, cachedTokens: 0, outcome: 'error' }),
        rec({ startedAt: now + 2, accountId: null, inputTokens: 0, outputTokens: 0, cachedTokens: 0, outcome: 'error', attempts: 0 }),
        rec({ startedAt: now + 3, outcome: 'aborted', inputTokens: 0, outputTokens: 0, cachedTokens: 0 }),
      ],
      now,
    );
    expect(s.hours).toHaveLength(24);
    expect(s.hours[23]).toBe(1_000 * H);
    expect(s.hours[0]).toBe(977 * H);
    expect(s.requests[23]).toBe(4);
    expect(s.requests[0]).toBe(1);
    expect(s.requests.reduce((a, b) => a + b)).toBe(5);
    expect(s.errors[23]).toBe(2);
    expect(s.cacheHitPercent[23]).toBe(25);
    expect(s.cacheHitPercent[0]).toBe(0);
    expect(s.cacheHitPercent[5]).toBeNull();
    expect(s.tokensByAccount.map((r) => r.accountId)).toEqual(['', 'a', 'b']);
    expect(s.tokensByAccount.find((r) => r.accountId === 'a')!.tokens[23]).toBe(220);
    expect(s.tokensByAccount.find((r) => r.accountId === 'b')!.tokens[0]).toBe(11);
  });
});
