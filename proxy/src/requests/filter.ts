/** Pure filters over request records (the Requests view and `queryRequests`). */
import { z } from 'zod';
import { isRejected, type DashboardRecord } from './record.js';

export const recordStatusFilter = z.enum(['ok', 'error', 'rejected', 'aborted', 'failover']);
export type RecordStatusFilter = z.infer<typeof recordStatusFilter>;

export const requestFilterSchema = z.object({
  status: recordStatusFilter.optional(),
  /** Matches the client model or the upstream model (substring, case-insensitive). */
  model: z.string().max(200).optional(),
  accountId: z.string().max(200).optional(),
  lane: z.enum(['codex', 'haiku']).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type RequestFilter = z.infer<typeof requestFilterSchema>;

function statusMatches(r: DashboardRecord, status: RecordStatusFilter): boolean {
  switch (status) {
    case 'ok':
      return r.outcome === 'ok';
    case 'aborted':
      return r.outcome === 'aborted';
    case 'rejected':
      return isRejected(r);
    case 'error':
      return r.outcome === 'error' && !isRejected(r);
    case 'failover':
      return (r.chain?.length ?? r.attempts) > 1 || r.fallback === true;
  }
}

export function matchesFilter(r: DashboardRecord, f: RequestFilter): boolean {
  if (f.status && !statusMatches(r, f.status)) return false;
  if (f.lane && (r.lane ?? 'codex') !== f.lane) return false;
  if (f.accountId && r.accountId !== f.accountId && !(r.chain ?? []).some((a) => a.accountId === f.accountId)) return false;
  if (f.model) {
    const needle = f.model.toLowerCase();
    if (!r.clientModel.toLowerCase().includes(needle) && !(r.upstreamModel ?? '').toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** The newest `limit` (default 200) matching records, oldest first (like RequestLog.recent). */
export function filterRecords<R extends DashboardRecord>(records: readonly R[], f: RequestFilter): R[] {
  const out = records.filter((r) => matchesFilter(r, f));
  return out.slice(-(f.limit ?? 200));
}
