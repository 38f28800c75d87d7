/** One account: the radio that makes it active, plan/status badges, quota bars, and its actions. */
import { useState } from 'react';
import type { AccountSummary } from '../../../proxy/src/contract';
import { duration } from '../format';
import { QuotaBars } from './QuotaBars';

const STATUS_TEXT: Record<AccountSummary['status'], string | null> = {
  ok: null,
  needs_login: 'needs login',
  cooldown: 'cooling down',
  disabled: 'disabled',
};

export interface AccountActions {
  switchTo(id: string): void;
  refresh(id: string): void;
  refreshQuota(id: string): void;
  setDisabled(id: string, disabled: boolean): void;
  remove(id: string): void;
}

export function accountName(a: Pick<AccountSummary, 'email' | 'accountId'>): string {
  return a.email ?? a.accountId;
}

export function AccountItem({ account: a, active, busy, now, actions }: { account: AccountSummary; active: boolean; busy: boolean; now: number; actions: AccountActions }) {
  const [confirming, setConfirming] = useState(false);
  const note = STATUS_TEXT[a.status];
  const name = accountName(a);
  return (
    <li className="account" data-testid={`account-${a.id}`}>
      <label className="account__pick">
        <input type="radio" name="active-account" value={a.id} checked={active} disabled={busy} onChange={() => actions.switchTo(a.id)} />
        <span className="account__name">{name}</span>
        {a.plan && <span className="badge">{a.plan}</span>}
        {note && <span className={`badge badge--${a.status}`}>{note}</span>}
      </label>
      {a.status === 'needs_login' && a.needsLoginReason && <p className="account__note">{a.needsLoginReason}</p>}
      {a.status === 'cooldown' && typeof a.cooldownUntil === 'number' && (
        <p className="account__note">Usable again in {duration(a.cooldownUntil - now)}.</p>
      )}
      <QuotaBars quota={a.quota} now={now} owner={name} />
      <div className="account__actions" role="group" aria-label={`Actions for ${name}`}>
        <button type="button" disabled={busy} onClick={() => actions.refresh(a.id)}>
          Refresh
        </button>
        <button type="button" disabled={busy} onClick={() => actions.refreshQuota(a.id)}>
          Refresh quota
        </button>
        <button type="button" disabled={busy} onClick={() => actions.setDisabled(a.id, a.status !== 'disabled')}>
          {a.status === 'disabled' ? 'Enable' : 'Disable'}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                actions.remove(a.id);
              }}
            >
              Confirm remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}
