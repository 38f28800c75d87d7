/** Pure builders of the Overview: the active account's windows with their pace, and the recent errors. */
import type { AccountSummary, QuotaSnapshot } from '../contract.js';
import type { ActiveAccountView, QuotaWindowView, RecentError } from '../contract-v2.js';
import { quotaPace, snapshotWindows, type UsageSample } from '../accounts/quota-pace.js';
import type { RequestRecord } from '../logs/request-log.js';
import { isRejected } from '../requests/record.js';
import { errorAdvice } from './error-advice.js';

export function quotaWindowViews(
  accountId: string,
  snap: QuotaSnapshot | null | undefined,
  history: (accountId: string, windowKey: string) => UsageSample[],
  nowMs: number,
): QuotaWindowView[] {
  if (!snap) return [];
  return snapshotWindows(snap).map(([key, w]) => {
    const family = key.includes(':') ? (snap.additional?.[key.split(':')[0]!]?.name ?? key.split(':')[0]!) : null;
    let samples = history(accountId, key);
    const current: UsageSample = { at: snap.observedAt, usedPercent: w.usedPercent, resetsAt: w.resetsAt, windowMinutes: w.windowMinutes };
    if (!samples.some((s) => s.at === current.at)) samples = [...samples.filter((s) => s.at < current.at), current];
    return { key, family, usedPercent: w.usedPercent, windowMinutes: w.windowMinutes, resetsAt: w.resetsAt, pace: quotaPace(samples, nowMs) };
  });
}

export function activeAccountView(
  accounts: readonly AccountSummary[],
  history: (accountId: string, windowKey: string) => UsageSample[],
  nowMs: number,
): ActiveAccountView | null {
  const a = accounts.find((x) => x.active);
  if (!a) return null;
  return {
    id: a.id,
    email: a.email,
    plan: a.plan,
    status: a.status,
    needsLoginReason: a.needsLoginReason ?? null,
    windows: quotaWindowViews(a.id, a.quota, history, nowMs),
    quotaObservedAt: a.quota?.observedAt ?? null,
  };
}

/** The newest failed requests (aborted ones are the client's choice, not errors), newest first. */
export function recentErrors(records: readonly RequestRecord[], limit = 5): RecentError[] {
  const out: RecentError[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
    const r = records[i]!;
    if (r.outcome !== 'error') continue;
    out.push({ id: r.id, at: r.startedAt, status: r.status, errorType: r.errorType ?? null, clientModel: r.clientModel, accountId: r.accountId, rejected: isRejected(r), advice: errorAdvice(r) });
  }
  return out;
}

export function listenAddress(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
