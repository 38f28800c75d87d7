/** Quota pace: burn rate → "runs out in X, Y before it resets" / "lasts until reset", and its edge cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentWindow, QuotaHistory, quotaPace, type UsageSample } from '../../../proxy/src/accounts/quota-pace.js';
import type { QuotaSnapshot } from '../../../proxy/src/contract.js';

const MIN = 60_000;
const T0 = 1_800_000_000_000;
const resetS = (ms: number) => Math.floor(ms / 1000);
const sample = (atMin: number, used: number, resetAtMs = T0 + 300 * MIN, windowMinutes: number | null = 300): UsageSample => ({ at: T0 + atMin * MIN, usedPercent: used, resetsAt: resetS(resetAtMs), windowMinutes });

describe('quotaPace', () => {
  it('no history → no_data', () => {
    expect(quotaPace([], T0).kind).toBe('no_data');
  });

  it('runs out before the reset: when, and how long before', () => {
    // 10 % → 40 % in 60 min = 30 %/h; 60 % left → 2 h; reset in 3 h 55 min from the last reading.
    const p = quotaPace([sample(0, 10, T0 + 300 * MIN), sample(60, 40, T0 + 300 * MIN)], T0 + 60 * MIN);
    expect(p.kind).toBe('runs_out');
    expect(p.basis).toBe('history');
    expect(p.ratePerHour).toBeCloseTo(30);
    expect(p.runsOutAt).toBe(T0 + 180 * MIN);
    expect(p.marginMs).toBe(120 * MIN);
  });

  it('lasts until the reset at a slow rate; flat usage is flat', () => {
    expect(quotaPace([sample(0, 10), sample(60, 12)], T0 + 60 * MIN).kind).toBe('lasts');
    const flat = quotaPace([sample(0, 30), sample(60, 30)], T0 + 60 * MIN);
    expect(flat).toMatchObject({ kind: 'flat', ratePerHour: 0, runsOutAt: null });
  });

  it('at 100 % the window is exhausted until its reset', () => {
    expect(quotaPace([sample(0, 90), sample(10, 100)], T0 + 10 * MIN)).toMatchObject({ kind: 'exhausted', resetsAt: T0 + 300 * MIN });
  });

  it('a reset in between starts a new history (used % dropped, or a later reset time)', () => {
    const beforeReset = [sample(0, 10, T0 + 30 * MIN), sample(20, 80, T0 + 30 * MIN)];
    const after = [sample(40, 2, T0 + 330 * MIN), sample(100, 5, T0 + 330 * MIN)];
    expect(currentWindow([...beforeReset, ...after])).toEqual(after);
    const p = quotaPace([...beforeReset, ...after], T0 + 100 * MIN);
    expect(p.ratePerHour).toBeCloseTo(3);
    expect(p.kind).toBe('lasts');
  });

  it('a reading from before a reset that has since passed says nothing', () => {
    expect(quotaPace([sample(0, 10, T0 + 30 * MIN), sample(20, 50, T0 + 30 * MIN)], T0 + 31 * MIN).kind).toBe('no_data');
  });

  it('one reading: the rate over the window so far (window start = reset − length)', () => {
    // 5 h window resetting in 4 h: 1 h elapsed, 50 % used → 50 %/h → runs out in 1 h, 3 h before the reset.
    const p = quotaPace([sample(0, 50, T0 + 240 * MIN)], T0);
    expect(p).toMatchObject({ kind: 'runs_out', basis: 'window', runsOutAt: T0 + 60 * MIN, marginMs: 180 * MIN });
    expect(quotaPace([sample(0, 50, T0 + 240 * MIN, null)], T0).kind).toBe('no_data'); // window length unknown
  });

  it('never predicts running out after the reset nor in the past (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 299 }), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 1, maxLength: 20 }), (pts) => {
        const sorted = [...pts].sort((a, b) => a[0] - b[0]);
        const now = T0 + sorted[sorted.length - 1]![0] * MIN;
        const p = quotaPace(sorted.map(([m, u]) => sample(m, u)), now);
        if (p.kind === 'runs_out') {
          expect(p.runsOutAt!).toBeGreaterThanOrEqual(now);
          expect(p.runsOutAt!).toBeLessThan(T0 + 300 * MIN);
          expect(p.marginMs!).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('QuotaHistory', () => {
  const snap = (atMin: number, used: number): QuotaSnapshot => ({
    plan: 'pro',
    primary: { usedPercent: used, windowMinutes: 300, resetsAt: resetS(T0 + 300 * MIN) },
    secondary: { usedPercent: used / 10, windowMinutes: 10080, resetsAt: resetS(T0 + 7 * 1440 * MIN) },
    additional: { spark: { name: 'Spark', primary: { usedPercent: 1, windowMinutes: 300, resetsAt: null }, secondary: null } },
    credits: null,
    observedAt: T0 + atMin * MIN,
    source: 'headers',
  });

  it('keeps each window’s readings per account, bounded, ignoring older readings and collapsing flat runs', () => {
    const h = new QuotaHistory(3);
    h.observe('a', snap(0, 10));
    h.observe('a', snap(10, 20));
    h.observe('a', snap(5, 99)); // out of order
    expect(h.samples('a', 'primary').map((s) => s.usedPercent)).toEqual([10, 20]);
    expect(h.samples('a', 'secondary').map((s) => s.usedPercent)).toEqual([1, 2]);
    expect(h.samples('a', 'spark:primary')).toHaveLength(2);
    h.observe('a', snap(20, 30));
    h.observe('a', snap(30, 40));
    expect(h.samples('a', 'primary').map((s) => s.usedPercent)).toEqual([20, 30, 40]);
    h.observe('a', snap(40, 40));
    h.observe('a', snap(50, 40));
    expect(h.samples('a', 'primary').map((s) => [s.usedPercent, (s.at - T0) / MIN])).toEqual([[30, 20], [40, 30], [40, 50]]); // the flat run 40 → 40 keeps its two ends
    expect(h.samples('b', 'primary')).toEqual([]);
    h.forget('a');
    expect(h.samples('a', 'primary')).toEqual([]);
  });
});
