/** Pure: hourly series over the last `hours` hours (the dashboard's charts), from request records. */
import type { RequestRecord } from '../logs/request-log.js';
import { cacheHitPercent, isRejected } from '../requests/record.js';

const HOUR = 3_600_000;

export interface HourlySeries {
  /** Unix ms of each hour's start, oldest first; the last one is the current hour. */
  hours: number[];
  requests: number[];
  /** Errors and rejections (aborted requests are not errors). */
  errors: number[];
  /** input + output tokens per hour, per account id ('' = no account, e.g. rejected requests). */
  tokensByAccount: { accountId: string; tokens: number[] }[];
  cacheHitPercent: (number | null)[];
}

export function hourlySeries(records: readonly RequestRecord[], nowMs: number, hours = 24): HourlySeries {
  const last = Math.floor(nowMs / HOUR) * HOUR;
  const first = last - (hours - 1) * HOUR;
  const hourStarts = Array.from({ length: hours }, (_, i) => first + i * HOUR);
  const requests = new Array<number>(hours).fill(0);
  const errors = new Array<number>(hours).fill(0);
  const input = new Array<number>(hours).fill(0);
  const cached = new Array<number>(hours).fill(0);
  const byAccount = new Map<string, number[]>();
  for (const r of records) {
    const i = Math.floor((r.startedAt - first) / HOUR);
    if (i < 0 || i >= hours) continue;
    requests[i]!++;
    if (r.outcome === 'error' || isRejected(r)) errors[i]!++;
    input[i]! += r.inputTokens;
    cached[i]! += r.cachedTokens;
    const key = r.accountId ?? '';
    let row = byAccount.get(key);
    if (!row) byAccount.set(key, (row = new Array<number>(hours).fill(0)));
    row[i]! += r.inputTokens + r.outputTokens;
  }
  return {
    hours: hourStarts,
    requests,
    errors,
    tokensByAccount: [...byAccount].sort(([a], [b]) => a.localeCompare(b)).map(([accountId, tokens]) => ({ accountId, tokens })),
    cacheHitPercent: input.map((n, i) => cacheHitPercent(n, cached[i]!)),
  };
}
