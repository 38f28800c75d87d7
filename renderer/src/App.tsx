import { useCallback, useMemo, useState } from 'react';
import type { ProxyStatus } from '../../proxy/src/contract';
import { errorMessage, type DashboardClient } from './api';
import { Accounts } from './components/Accounts';
import { ClaudeCode } from './components/ClaudeCode';
import { LiveLogs } from './components/LiveLogs';
import { Models } from './components/Models';
import { Overview } from './components/Overview';
import { Tabs, type TabDef } from './components/Tabs';
import { useProxyState } from './hooks/useProxyState';
import { ReportContext } from './hooks/useReport';
import { useRequestLog } from './hooks/useRequestLog';

export interface AppProps {
  api: DashboardClient;
  /** Refresh interval when the API has no push channel. 0 disables polling. */
  pollMs?: number;
  /** The tab shown first. */
  initialTab?: TabId;
}

export type TabId = 'overview' | 'accounts' | 'models' | 'logs' | 'claude';

export function App({ api, pollMs = 5_000, initialTab = 'overview' }: AppProps) {
  const [errors, setErrors] = useState<string[]>([]);
  const report = useCallback((err: unknown) => {
    const message = errorMessage(err);
    setErrors((cur) => (cur.includes(message) ? cur : [...cur, message].slice(-3)));
  }, []);

  return (
    <ReportContext.Provider value={report}>
      <Dashboard api={api} pollMs={pollMs} initialTab={initialTab} errors={errors} dismiss={(m) => setErrors((cur) => cur.filter((x) => x !== m))} />
    </ReportContext.Provider>
  );
}

function Dashboard({ api, pollMs, initialTab, errors, dismiss }: Required<AppProps> & { errors: string[]; dismiss(message: string): void }) {
  const [tab, setTab] = useState<TabId>(initialTab);
  const state = useProxyState(api, pollMs);
  const log = useRequestLog(api, pollMs);
  const { status, accounts } = state;
  const onStatus = useCallback((s: ProxyStatus) => state.setStatus(s), [state]);

  const needsAttention = accounts?.filter((a) => a.status === 'needs_login').length ?? 0;
  const tabs = useMemo<TabDef<TabId>[]>(
    () => [
      { id: 'overview', label: 'Overview' },
      { id: 'accounts', label: 'Accounts', badge: needsAttention ? String(needsAttention) : null },
      { id: 'models', label: 'Models' },
      { id: 'logs', label: 'Live logs' },
      { id: 'claude', label: 'Claude Code' },
    ],
    [needsAttention],
  );

  return (
    <main className="dashboard">
      <header className="dashboard__header">
        <h1>Codex Claude Proxy</h1>
        <span className="version">
          {status && `v${status.version}`}
          {status && <span className={`dot dot--${status.enabled && status.listening ? 'on' : 'off'}`} aria-hidden="true" />}
        </span>
      </header>

      {state.connectionError && (
        <p className="offline" role="status">
          Lost contact with the proxy: {state.connectionError}
        </p>
      )}
      {errors.map((message) => (
        <div className="alert" role="alert" key={message}>
          <span>{message}</span>
          <button type="button" className="alert__close" aria-label="Dismiss error" onClick={() => dismiss(message)}>
            ×
          </button>
        </div>
      ))}

      <Tabs<TabId> tabs={tabs} active={tab} onSelect={setTab} label="Dashboard sections">
        {tab === 'overview' && <Overview api={api} status={status} onStatus={onStatus} />}
        {tab === 'accounts' && (
          <Accounts
            api={api}
            status={status}
            accounts={accounts}
            onStatus={onStatus}
            onAccounts={state.setAccounts}
            reloadAccounts={state.reloadAccounts}
          />
        )}
        {tab === 'models' && <Models api={api} />}
        {tab === 'logs' && <LiveLogs records={log.records} accounts={accounts} />}
        {tab === 'claude' && <ClaudeCode api={api} requestsServed={status?.requestsServed ?? 0} />}
      </Tabs>
    </main>
  );
}
