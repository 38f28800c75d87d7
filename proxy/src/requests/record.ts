/**
 * What the dashboard reads of a request record. `RecordExtras` are the fields the issue-8 executor adds to
 * RequestRecord (names fixed: chain, ttftMs, effort, transport); optional here so this works before and after that
 * merge (afterwards the intersection is simply redundant).
 */
import type { RequestRecord } from '../logs/request-log.js';

/** One upstream attempt of a request, in order: the failover chain. */
export interface ChainAttempt {
  upstream: 'codex' | 'chat';
  accountId: string | null;
  model: string | null;
  outcome: 'ok' | 'failed' | 'aborted';
  status?: number;
  errorType?: string;
  transport?: 'sse' | 'websocket';
}

export interface RecordExtras {
  chain?: ChainAttempt[];
  ttftMs?: number | null;
  effort?: string | null;
  transport?: 'sse' | 'websocket';
}

export type DashboardRecord = RequestRecord & RecordExtras;

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
