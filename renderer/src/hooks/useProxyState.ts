/**
 * The proxy's status and accounts, kept current: pushed (IPC / SSE `changed`) when the API can push, polled
 * otherwise. Every status change reloads the accounts (a request may have updated a quota).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountSummary, ProxyStatus } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { errorMessage } from '../api';
import { useAlive } from './useAction';
import { useReport } from './useReport';

export interface ProxyState {
  status: ProxyStatus | null;
  accounts: AccountSummary[] | null;
  /** Set while polling fails (the proxy is unreachable); cleared by the next success. */
  connectionError: string | null;
  setStatus(s: ProxyStatus): void;
  setAccounts(a: AccountSummary[]): void;
  reloadAccounts(): Promise<void>;
}

export function useProxyState(api: DashboardClient, pollMs: number): ProxyState {
  const report = useReport();
  const alive = useAlive();
  const [status, setStatus] = useState<ProxyStatus | null>(null);
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const last = useRef<string>('');

  const reloadAccounts = useCallback(async () => {
    try {
      const list = await api.listAccounts();
      if (alive.current) setAccounts(list);
    } catch (err) {
      if (alive.current) report(err);
    }
  }, [api, alive, report]);

  const accept = useCallback(
    (s: ProxyStatus) => {
      if (!alive.current) return;
      setStatus(s);
      const key = JSON.stringify(s);
      if (key !== last.current) {
        const first = last.current === '';
        last.current = key;
        if (!first) void reloadAccounts();
      }
    },
    [alive, reloadAccounts],
  );

  // Initial load.
  useEffect(() => {
    Promise.all([api.getStatus(), api.listAccounts()])
      .then(([s, list]) => {
        if (!alive.current) return;
        last.current = JSON.stringify(s);
        setStatus(s);
        setAccounts(list);
      })
      .catch((err: unknown) => alive.current && report(err));
  }, [api, alive, report]);

  // Live updates: pushed when possible, polled otherwise.
  useEffect(() => {
    if (api.onChanged) return api.onChanged(accept);
    if (pollMs <= 0) return undefined;
    const timer = setInterval(() => {
      api.getStatus().then(
        (s) => {
          if (alive.current) setConnectionError(null);
          accept(s);
        },
        (err: unknown) => alive.current && setConnectionError(errorMessage(err)),
      );
    }, pollMs);
    return () => clearInterval(timer);
  }, [api, pollMs, accept, alive]);

  const setStatusDirect = useCallback((s: ProxyStatus) => accept(s), [accept]);
  return { status, accounts, connectionError, setStatus: setStatusDirect, setAccounts, reloadAccounts };
}
