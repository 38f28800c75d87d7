/** Overview: on/off, address, port, requests served, and the per-lane statistics. */
import { useEffect, useRef } from 'react';
import type { LaneStatsEntry, ProxyStatus } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { compactTokens, count } from '../format';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';

function listenAddress(status: ProxyStatus): string {
  const host = status.host.includes(':') ? `[${status.host}]` : status.host;
  return `http://${host}:${status.port}`;
}

export interface OverviewProps {
  api: DashboardClient;
  status: ProxyStatus | null;
  onStatus(s: ProxyStatus): void;
}

export function Overview({ api, status, onStatus }: OverviewProps) {
  const { busy, run } = useAction();
  const stats = useLoad(() => api.getLaneStats(), [api]);
  const served = status?.requestsServed;
  const { reload } = stats;
  const seen = useRef(served);

  // New requests change the lane figures (the first load is useLoad's own).
  useEffect(() => {
    if (served !== undefined && seen.current !== undefined && served !== seen.current) void reload();
    seen.current = served;
  }, [served, reload]);

  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Status</h2>
      {status ? (
        <>
          <label className="toggle">
            <input
              type="checkbox"
              role="switch"
              checked={status.enabled}
              disabled={busy}
              onChange={(e) => {
                const on = e.target.checked;
                void run(() => api.setEnabled(on)).then((s) => s && onStatus(s));
              }}
            />
            <span>Proxy {status.enabled ? 'on' : 'off'}</span>
          </label>
          <dl className="stats">
            <div>
              <dt>Address</dt>
              <dd>{status.listening ? listenAddress(status) : 'not listening'}</dd>
            </div>
            <div>
              <dt>Port</dt>
              <dd data-testid="port">{status.port}</dd>
            </div>
            <div>
              <dt>Requests served</dt>
              <dd data-testid="requests-served">{count(status.requestsServed)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}

      <h2 id="lanes-title" className="section-title">Lanes</h2>
      {stats.data ? (
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
