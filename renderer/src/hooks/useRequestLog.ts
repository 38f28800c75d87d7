/** The live request log: the recent records, then each new one as it is pushed (or polled without push). */
import { useCallback, useEffect, useState } from 'react';
import type { RequestRecord } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { useAlive } from './useAction';
import { useReport } from './useReport';

export const LOG_LIMIT = 200;

/** Newest first, without duplicates, at most LOG_LIMIT. */
export function mergeRecords(current: readonly RequestRecord[], incoming: readonly RequestRecord[]): RequestRecord[] {
  const seen = new Set<string>();
  const out: RequestRecord[] = [];
  for (const r of [...[...incoming].reverse(), ...current]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out.sort((a, b) => b.startedAt - a.startedAt).slice(0, LOG_LIMIT);
}

export function useRequestLog(api: DashboardClient, pollMs: number): { records: RequestRecord[]; reload(): Promise<void> } {
  const report = useReport();
  const alive = useAlive();
  const [records, setRecords] = useState<RequestRecord[]>([]);

  const reload = useCallback(async () => {
    try {
      const list = await api.listRequests(LOG_LIMIT);
      if (alive.current) setRecords((cur) => mergeRecords(cur, list));
    } catch (err) {
      if (alive.current) report(err);
    }
  }, [api, alive, report]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (api.onRecord) return api.onRecord((r) => setRecords((cur) => mergeRecords(cur, [r])));
    if (pollMs <= 0) return undefined;
    const timer = setInterval(() => {
      api.listRequests(LOG_LIMIT).then(
        (list) => alive.current && setRecords((cur) => mergeRecords(cur, list)),
        () => undefined, // the status poll shows the connection problem once; no second banner per tick
      );
    }, pollMs);
    return () => clearInterval(timer);
  }, [api, pollMs, alive]);

  return { records, reload };
}
