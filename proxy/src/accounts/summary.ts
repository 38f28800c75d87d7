/** An account as the dashboard, the API and the CLI show it (never a token). */
import type { AccountSummary, QuotaSnapshot } from '../contract.js';
import { isUsable } from './pool.js';
import type { StoredAccount } from './store.js';

export function summarize(a: StoredAccount, active: boolean, nowMs: number, quota?: QuotaSnapshot | null): AccountSummary {
  const status: AccountSummary['status'] = a.disabled
    ? 'disabled'
    : a.needsLogin
      ? 'needs_login'
      : !isUsable(a, nowMs)
        ? 'cooldown'
        : 'ok';
  return {
    id: a.id,
    email: a.email,
    accountId: a.accountId,
    plan: a.plan,
    active,
    status,
    cooldownUntil: status === 'cooldown' ? a.cooldownUntil : null,
    source: a.source,
    quota: quota ?? null,
    needsLoginReason: a.needsLogin,
  };
}
