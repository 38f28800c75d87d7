/** The per-lane statistics (Codex, Haiku lane) since the proxy started. */
import { useEffect, useRef } from 'react';
import type { LaneStatsEntry } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { compactTokens, count } from '../format';
import { useLoad } from '../hooks/useLoad';

export function LanesTable({ api, refreshKey }: { api: DashboardClient; refreshKey: number }) {
  const stats = useLoad(() => api.getLaneStats(), [api]);
  const { reload } = stats;
  const seen = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey !== seen.current) void reload();
    seen.current = refreshKey;
  }, [refreshKey, reload]);
  return (
    <section className="card card--wide" aria-labelledby="lanes-title">
      <h2 id="lanes-title">Lanes</h2>
      {stats.data ? (
        <div className="scroll">
          <table className="table" aria-labelledby="lanes-title">
            <thead>
              <tr>
                <th scope="col">Lane</th>
                <th scope="col">Requests</th>
                <th scope="col">OK</th>
                <th scope="col">Failed</th>
                <th scope="col">Fallbacks</th>
                <th scope="col">Median</th>
                <th scope="col">Tokens in / out / cached</th>
              </tr>
            </thead>
            <tbody>
              <LaneRow name="Codex" lane={stats.data.lanes.codex} />
              <LaneRow name="Haiku" lane={stats.data.lanes.haiku} />
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{stats.loading ? 'Loading…' : 'No statistics.'}</p>
      )}
    </section>
  );
}

function LaneRow({ name, lane }: { name: string; lane: LaneStatsEntry }) {
  return (
    <tr data-testid={`lane-${name.toLowerCase()}`}>
      <th scope="row">{name}</th>
      <td>{count(lane.requests)}</td>
      <td>{count(lane.ok)}</td>
      <td>{count(lane.failures)}</td>
      <td>{count(lane.fallbacks)}</td>
      <td>{lane.medianLatencyMs === null ? '—' : `${count(Math.round(lane.medianLatencyMs))} ms`}</td>
      <td>
        {compactTokens(lane.inputTokens)} / {compactTokens(lane.outputTokens)} / {compactTokens(lane.cachedTokens)}
      </td>
    </tr>
  );
}
