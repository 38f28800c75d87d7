/**
 * Overview: the proxy's state as it truly is (heartbeat), address with copy, transport, what to do next when there
 * is no account, the active account's quota windows with their pace, today's figures, requests in flight, the last
 * errors with what to do, the charts and the per-lane statistics.
 */
import { useEffect, useRef } from 'react';
import type { AccountSummary, ProxyStatus } from '../../../proxy/src/contract';
import type { Liveness } from '../hooks/useHeartbeat';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';
import { has, type DashboardClientV2 } from '../v2';
import { ChartsPanel } from './ChartsPanel';
import { CopyButton } from './CopyButton';
import { LanesTable } from './LanesTable';
import { ActiveAccountPanel, InFlightPanel, LastErrorsPanel, TodayPanel } from './OverviewPanels';

function listenAddress(status: ProxyStatus): string {
  const host = status.host.includes(':') ? `[${status.host}]` : status.host;
  return `http://${host}:${status.port}`;
}

export interface OverviewV2Props {
  api: DashboardClientV2;
  status: ProxyStatus | null;
  accounts: AccountSummary[] | null;
  liveness: Liveness;
  theme?: string;
  onStatus(s: ProxyStatus): void;
  goTo(view: 'accounts' | 'requests', requestId?: string): void;
}

/** Reloads `reload` whenever `key` changes after the first render (the first load is useLoad's own). */
function useReloadOn(key: unknown, reload: () => Promise<void>): void {
  const seen = useRef(key);
  useEffect(() => {
    if (key !== seen.current) void reload();
    seen.current = key;
  }, [key, reload]);
}

export function OverviewV2({ api, status, accounts, liveness, theme, onStatus, goTo }: OverviewV2Props) {
  const { busy, run } = useAction();
  const overview = useLoad(async () => (has(api, 'getOverview') ? api.getOverview() : null), [api]);
  const served = status?.requestsServed;
  useReloadOn(served, overview.reload);
  const { reload } = overview;
  useEffect(() => (api.onInflight ? api.onInflight(() => void reload()) : undefined), [api, reload]);

  const lost = liveness === 'lost';
  const o = overview.data;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">Status</h2>
        {status ? (
          <>
            <label className="toggle">
              <input
                type="checkbox"
                role="switch"
                checked={status.enabled}
                disabled={busy || lost}
                onChange={(e) => {
                  const on = e.target.checked;
                  void run(() => api.setEnabled(on)).then((s) => s && onStatus(s));
                }}
              />
              <span>{lost ? 'Lost contact with the proxy' : `Proxy ${status.enabled ? 'on' : 'off'}`}</span>
            </label>
            <dl className="stats">
              <div>
                <dt>Address</dt>
                <dd className="with-action">
                  {status.listening ? (
                    <>
                      <span className="mono">{listenAddress(status)}</span>
                      <CopyButton text={listenAddress(status)} label="Copy the proxy address" />
                    </>
                  ) : (
                    'not listening'
                  )}
                </dd>
              </div>
              <div>
                <dt>Port</dt>
                <dd data-testid="port">{status.port}</dd>
              </div>
              <div>
                <dt>Requests served</dt>
                <dd data-testid="requests-served">{status.requestsServed.toLocaleString('en-US')}</dd>
              </div>
              {o && (
                <div>
                  <dt>Upstream transport</dt>
                  <dd data-testid="transport">{o.transport === 'websocket' ? 'WebSocket' : 'HTTP (SSE)'}</dd>
                </div>
              )}
            </dl>
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>

      {accounts !== null && accounts.length === 0 ? (
        <section className="card next-step" aria-labelledby="next-title">
          <h2 id="next-title">Next step: add an account</h2>
          <p>The proxy has no ChatGPT account yet, so it cannot serve requests. Sign in with ChatGPT, or import the login of the Codex app or CLI.</p>
          <button type="button" onClick={() => goTo('accounts')}>
            Add or import an account
          </button>
        </section>
      ) : (
        <ActiveAccountPanel view={o?.activeAccount ?? null} accounts={accounts} onRelogin={() => goTo('accounts')} />
      )}

      {o && <TodayPanel today={o.today} />}
      {o && <InFlightPanel inFlight={o.inFlight} />}
      {o && <LastErrorsPanel errors={o.lastErrors} open={(id) => goTo('requests', id)} />}
      {has(api, 'getCharts') && <ChartsPanel api={api} refreshKey={served ?? 0} theme={theme} />}
      <LanesTable api={api} refreshKey={served ?? 0} />
    </div>
  );
}
