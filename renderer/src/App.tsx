import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountSummary, ProxyStatus } from '../../proxy/src/contract';
import { errorMessage, type DashboardClient } from './api';

export interface AppProps {
  api: DashboardClient;
  /** Status refresh interval when the API has no push channel (browser mode). 0 disables polling. */
  pollMs?: number;
}

const STATUS_TEXT: Record<AccountSummary['status'], string | null> = {
  ok: null,
  needs_login: 'needs login',
  cooldown: 'cooling down',
  disabled: 'disabled',
};

function listenAddress(status: ProxyStatus): string {
  const host = status.host.includes(':') ? `[${status.host}]` : status.host;
  return `http://${host}:${status.port}`;
}

export function App({ api, pollMs = 5_000 }: AppProps) {
  const [status, setStatus] = useState<ProxyStatus | null>(null);
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const fail = useCallback((err: unknown) => {
    if (alive.current) setError(errorMessage(err));
  }, []);

  const reloadAccounts = useCallback(async () => {
    const list = await api.listAccounts();
    if (alive.current) setAccounts(list);
  }, [api]);

  // Initial load.
  useEffect(() => {
    Promise.all([api.getStatus(), api.listAccounts()])
      .then(([s, list]) => {
        if (!alive.current) return;
        setStatus(s);
        setAccounts(list);
      })
      .catch(fail);
  }, [api, fail]);

  // Live updates: pushed by main in the app, polled in a browser.
  useEffect(() => {
    if (api.onChanged) {
      return api.onChanged((s) => {
        setStatus(s);
        reloadAccounts().catch(fail);
      });
    }
    if (pollMs <= 0) return undefined;
    const timer = setInterval(() => {
      api
        .getStatus()
        .then((s) => alive.current && setStatus(s))
        .catch(() => undefined); // a missed poll is not worth an error banner; actions still report theirs
    }, pollMs);
    return () => clearInterval(timer);
  }, [api, pollMs, reloadAccounts, fail]);

  const run = useCallback(
    async (action: () => Promise<ProxyStatus>, thenReloadAccounts: boolean) => {
      setBusy(true);
      setError(null);
      try {
        const next = await action();
        if (!alive.current) return;
        setStatus(next);
        if (thenReloadAccounts) await reloadAccounts();
      } catch (err) {
        fail(err);
      } finally {
        if (alive.current) setBusy(false);
      }
    },
    [fail, reloadAccounts],
  );

  const activeId = status ? status.activeAccountId : (accounts?.find((a) => a.active)?.id ?? null);

  return (
    <main className="dashboard">
      <header className="dashboard__header">
        <h1>Codex Claude Proxy</h1>
        {status && <span className="version">v{status.version}</span>}
      </header>

      {error && (
        <div className="alert" role="alert">
          <span>{error}</span>
          <button type="button" className="alert__close" aria-label="Dismiss error" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}

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
                onChange={(e) => void run(() => api.setEnabled(e.target.checked), false)}
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
                <dd data-testid="requests-served">{status.requestsServed.toLocaleString('en-US')}</dd>
              </div>
            </dl>
          </>
        ) : (
          !error && <p className="muted">Loading…</p>
        )}
      </section>

      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts</h2>
        {accounts === null ? (
          !error && <p className="muted">Loading…</p>
        ) : accounts.length === 0 ? (
          <p className="muted">
            No accounts yet. Import one with <code>codex-claude-proxy accounts import</code>.
          </p>
        ) : (
          <ul className="accounts" role="radiogroup" aria-labelledby="accounts-title">
            {accounts.map((a) => {
              const note = STATUS_TEXT[a.status];
              return (
                <li key={a.id}>
                  <label className="account">
                    <input
                      type="radio"
                      name="active-account"
                      value={a.id}
                      checked={a.id === activeId}
                      disabled={busy}
                      onChange={() => void run(() => api.switchAccount(a.id), true)}
                    />
                    <span className="account__name">{a.email ?? a.accountId}</span>
                    {a.plan && <span className="badge">{a.plan}</span>}
                    {note && <span className={`badge badge--${a.status}`}>{note}</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </main>
  );
}
