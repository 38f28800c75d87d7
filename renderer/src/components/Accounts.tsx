/** Accounts: the list (switch, refresh, enable/disable, remove, quota bars) and the ways to add one. */
import type { AccountSummary, ProxyStatus } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { useAction } from '../hooks/useAction';
import { useNow } from '../hooks/useNow';
import { AccountItem, type AccountActions } from './AccountItem';
import { AddAccount } from './AddAccount';

export interface AccountsProps {
  api: DashboardClient;
  status: ProxyStatus | null;
  accounts: AccountSummary[] | null;
  onStatus(s: ProxyStatus): void;
  onAccounts(a: AccountSummary[]): void;
  reloadAccounts(): Promise<void>;
}

export function Accounts({ api, status, accounts, onStatus, onAccounts, reloadAccounts }: AccountsProps) {
  const { busy, run } = useAction();
  const now = useNow(30_000);
  const activeId = status ? status.activeAccountId : (accounts?.find((a) => a.active)?.id ?? null);

  const list = async (p: Promise<AccountSummary[]>) => onAccounts(await p);
  const actions: AccountActions = {
    switchTo: (id) =>
      void run(async () => {
        onStatus(await api.switchAccount(id));
        await reloadAccounts();
      }),
    refresh: (id) =>
      void run(async () => {
        await api.refreshAccount(id);
        await reloadAccounts();
      }),
    refreshQuota: (id) => void run(() => list(api.refreshQuota(id))),
    setDisabled: (id, disabled) => void run(() => list(api.setAccountDisabled(id, disabled))),
    remove: (id) => void run(() => list(api.removeAccount(id))),
  };

  return (
    <section className="card" aria-labelledby="accounts-title">
      <div className="card__head">
        <h2 id="accounts-title">Accounts</h2>
        <div className="toolbar">
          <button type="button" disabled={busy || !accounts?.length} onClick={() => void run(() => list(api.refreshAllAccounts()))}>
            Refresh all
          </button>
          <button type="button" disabled={busy || !accounts?.length} onClick={() => void run(() => list(api.refreshQuota()))}>
            Refresh quotas
          </button>
        </div>
      </div>
      {accounts === null ? (
        <p className="muted">Loading…</p>
      ) : accounts.length === 0 ? (
        <p className="muted">No accounts yet. Add one below.</p>
      ) : (
        <fieldset className="accounts-set">
          <legend className="visually-hidden">Active account</legend>
          <ul className="accounts">
            {accounts.map((a) => (
              <AccountItem key={a.id} account={a} active={a.id === activeId} busy={busy} now={now} actions={actions} />
            ))}
          </ul>
        </fieldset>
      )}
      <AddAccount api={api} onAdded={reloadAccounts} />
    </section>
  );
}
