/** The charts: tokens per hour per account, requests and errors per hour, cache-hit % per hour (last 24 h). */
import { useEffect, useMemo, useRef } from 'react';
import type { DashboardApiV2 } from '../../../proxy/src/contract-v2';
import { useLoad } from '../hooks/useLoad';
import { Chart } from './Chart';

export function ChartsPanel({ api, refreshKey, theme }: { api: Pick<DashboardApiV2, 'getCharts'>; refreshKey: number; theme?: string | undefined }) {
  const charts = useLoad(() => api.getCharts(), [api]);
  const { reload } = charts;
  const seen = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey !== seen.current) void reload();
    seen.current = refreshKey;
  }, [refreshKey, reload]);
  const c = charts.data;
  const tokens = useMemo(() => (c ? c.tokensByAccount.map((s) => ({ label: c.accountLabels[s.accountId] ?? s.accountId, values: s.tokens })) : []), [c]);
  const requests = useMemo(() => (c ? [{ label: 'Requests', values: c.requests }, { label: 'Errors', values: c.errors }] : []), [c]);
  const cache = useMemo(() => (c ? [{ label: 'Cache hit %', values: c.cacheHitPercent }] : []), [c]);
  return (
    <section className="card card--wide" aria-labelledby="charts-title">
      <h2 id="charts-title">Last 24 hours</h2>
      {!c ? (
        <p className="muted">{charts.loading ? 'Loading…' : 'No chart data.'}</p>
      ) : c.requests.every((n) => n === 0) ? (
        <p className="muted">No requests in the last 24 hours: the charts fill as Claude Code sends requests.</p>
      ) : (
        <div className="charts">
          <Chart title="Tokens per hour, by account" x={c.hours} series={tokens} theme={theme} />
          <Chart title="Requests and errors per hour" x={c.hours} series={requests} theme={theme} />
          <Chart title="Cache hit % per hour" x={c.hours} series={cache} unit=" %" theme={theme} />
        </div>
      )}
    </section>
  );
}
