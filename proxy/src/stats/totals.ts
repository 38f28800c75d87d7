/** Pure: today's totals from request records (requests, errors, tokens, cache-hit %). */
import type { RequestRecord } from '../logs/request-log.js';
import { cacheHitPercent, failedOver, isRejected, type DashboardRecord } from '../requests/record.js';

export interface Totals {
  requests: number;
  ok: number;
  /** Failed after reaching the executor (rejected ones are counted apart). */
  errors: number;
  rejected: number;
  aborted: number;
  failovers: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** cached / input over the period, null before any input. */
  cacheHitPercent: number | null;
}

/** Local midnight of the day containing `nowMs`. */
export function startOfLocalDay(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function emptyTotals(): Totals {
  return { requests: 0, ok: 0, errors: 0, rejected: 0, aborted: 0, failovers: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheHitPercent: null };
}

/** Adds one record to running totals (mutates `t`; the callers own it). */
export function addToTotals(t: Totals, r: DashboardRecord): void {
  t.requests++;
  if (r.outcome === 'ok') t.ok++;
  else if (r.outcome === 'aborted') t.aborted++;
  else if (isRejected(r)) t.rejected++;
  else t.errors++;
  if (failedOver(r)) t.failovers++;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cachedTokens += r.cachedTokens;
  t.cacheHitPercent = cacheHitPercent(t.inputTokens, t.cachedTokens);
}

/** Totals of the records started in [fromMs, toMs). */
export function totalsBetween(records: readonly RequestRecord[], fromMs: number, toMs = Infinity): Totals {
  const t = emptyTotals();
  for (const r of records) if (r.startedAt >= fromMs && r.startedAt < toMs) addToTotals(t, r);
  return t;
}

export function todayTotals(records: readonly RequestRecord[], nowMs: number): Totals {
  return totalsBetween(records, startOfLocalDay(nowMs), Infinity);
}
