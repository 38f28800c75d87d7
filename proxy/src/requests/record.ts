/**
 * What the dashboard reads of a request record: the executor's RequestRecord, with the failover chain, TTFT, effort
 * and transport it carries (declared once, in logs/request-log.ts).
 */
import type { AttemptRecord, RequestRecord } from '../logs/request-log.js';

/** One upstream attempt of a request, in order: the failover chain. */
export type ChainAttempt = AttemptRecord;

export type RecordExtras = Pick<RequestRecord, 'chain' | 'ttftMs' | 'effort' | 'transport'>;

export type DashboardRecord = RequestRecord;

/** Rejected by the HTTP layer before the executor ran (bad body, wrong key, …): no attempt was made. */
export function isRejected(r: RequestRecord): boolean {
  return r.outcome === 'error' && r.attempts === 0;
}

/** More than one attempt: the request failed over (or a lane fell back). */
export function failedOver(r: DashboardRecord): boolean {
  return (r.chain?.length ?? r.attempts) > 1 || r.fallback === true;
}

/** Cached share of the input tokens (Codex semantics: inputTokens includes cachedTokens), null without input. */
export function cacheHitPercent(inputTokens: number, cachedTokens: number): number | null {
  if (!(inputTokens > 0)) return null;
  return Math.min(100, Math.max(0, (cachedTokens / inputTokens) * 100));
}
