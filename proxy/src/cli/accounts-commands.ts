/**
 * The actions of `accounts import | list | switch | remove | enable | disable | refresh | quota` (`add`: accounts-login.ts). Works on the data dir
 * directly (a running server notices the changes); never prints a token.
 */
import { defaultCodexAuthPath } from '../config.js';
import { summarize } from '../accounts/summary.js';
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';
import { importCodexAuth } from '../accounts/import-codex.js';
import { refreshQuotaFromUsage } from '../accounts/quota-refresh.js';
import { RefreshError } from '../accounts/token-client.js';
import { CliFailure } from './failure.js';
import { openAccountsContext, openStore } from './accounts-context.js';

export { openStore };

const write = (s: string) => void process.stdout.write(s);

export async function accountsImport(opts: { file?: string; dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  const file = opts.file ?? defaultCodexAuthPath(ctx.env);
  const { account, created } = await importCodexAuth(ctx.store, file);
  const who = account.email ?? account.accountId;
  write(`${created ? 'imported' : 'updated'} ${who} (${account.plan ?? 'unknown plan'}) as ${account.id}\n`);
}

export async function accountsList(opts: { json?: boolean; dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  const accounts = await ctx.store.list();
  const activeId = await ctx.store.activeId();
  const now = Date.now();
  const summaries = accounts.map((a) => summarize(a, a.id === activeId, now));
  if (opts.json) {
    const rows = summaries.map((s) => ({ id: s.id, email: s.email, accountId: s.accountId, plan: s.plan, active: s.active, status: s.status }));
    write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (summaries.length === 0) {
    write('no accounts (run `codex-claude-proxy accounts add` or `accounts import`)\n');
    return;
  }
  for (const s of summaries) {
    const extra = s.status === 'needs_login' && s.needsLoginReason ? `  (${s.needsLoginReason})` : s.status === 'cooldown' && s.cooldownUntil ? `  (until ${new Date(s.cooldownUntil).toISOString()})` : '';
    write(`${s.active ? '*' : ' '} ${s.id}  ${s.email ?? '-'}  ${s.plan ?? '-'}  ${s.status}${extra}\n`);
  }
}

export async function accountsSwitch(ref: string, opts: { dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  const acc = await ctx.find(ref);
  await ctx.store.setActive(acc.id);
  write(`active account: ${acc.email ?? acc.accountId} (${acc.id})\n`);
}

export async function accountsRemove(ref: string, opts: { dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  const acc = await ctx.find(ref);
  await ctx.store.remove(acc.id);
  ctx.quota.remove(acc.id);
  await ctx.quota.flush();
  write(`removed ${acc.email ?? acc.accountId} (${acc.id})\n`);
}

export function setDisabled(disabled: boolean) {
  return async (ref: string, opts: { dataDir?: string }): Promise<void> => {
    const ctx = await openAccountsContext(opts.dataDir);
    const acc = await ctx.find(ref);
    await ctx.store.update(acc.id, { disabled });
    write(`${disabled ? 'disabled' : 'enabled'} ${acc.email ?? acc.accountId} (${acc.id})\n`);
  };
}

export async function accountsRefresh(ref: string | undefined, opts: { all?: boolean; dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  if (ref && opts.all) throw new CliFailure('give an account or --all, not both');
  const targets = opts.all ? (await ctx.store.list()).filter((a) => !a.disabled) : [await ctx.find(ref ?? (await ctx.store.activeId()) ?? '(none)')];
  let failed = 0;
  for (const acc of targets) {
    const who = acc.email ?? acc.accountId;
    try {
      await ctx.credentials.forceRefresh(acc.id);
    } catch (e) {
      failed++;
      write(`${who}: ${e instanceof RefreshError ? e.message : (e as Error).message}\n`);
      continue;
    }
    let quota = '';
    try {
      const snap = await refreshQuotaFromUsage({ credentials: ctx.credentials, book: ctx.quota, chatgptBaseUrl: () => ctx.upstreams.chatgptBaseUrl, now: Date.now }, acc.id);
      quota = `; ${quotaLine(snap)}`;
    } catch (e) {
      quota = `; quota unavailable (${(e as Error).message})`;
    }
    write(`${who}: refreshed${quota}\n`);
  }
  await ctx.quota.flush();
  if (failed > 0) throw new CliFailure(`${failed} of ${targets.length} account${targets.length === 1 ? '' : 's'} could not be refreshed`);
}

function windowText(label: string, w: QuotaWindow | null): string | null {
  if (!w) return null;
  const reset = w.resetsAt ? `, resets ${new Date(w.resetsAt * 1000).toISOString()}` : '';
  return `${label} ${Math.round(w.usedPercent * 10) / 10}% used${reset}`;
}

function windowLabel(w: QuotaWindow | null, fallback: string): string {
  if (!w?.windowMinutes) return fallback;
  if (w.windowMinutes === 10080) return 'weekly';
  if (w.windowMinutes % 1440 === 0) return `${w.windowMinutes / 1440}d`;
  if (w.windowMinutes % 60 === 0) return `${w.windowMinutes / 60}h`;
  return `${w.windowMinutes}m`;
}

function quotaLine(q: QuotaSnapshot | null): string {
  if (!q) return 'no quota data yet';
  const parts = [windowText(windowLabel(q.primary, 'primary'), q.primary), windowText(windowLabel(q.secondary, 'secondary'), q.secondary)];
  for (const [id, fam] of Object.entries(q.additional ?? {})) {
    parts.push(windowText(`${fam.name ?? id}`, fam.primary ?? fam.secondary));
  }
  if (q.credits?.unlimited) parts.push('credits unlimited');
  else if (q.credits?.hasCredits) parts.push(`credits ${q.credits.balance ?? 'available'}`);
  const shown = parts.filter((p): p is string => p !== null);
  return shown.length ? shown.join(' · ') : 'no window reported';
}

export async function accountsQuota(opts: { json?: boolean; refresh?: boolean; dataDir?: string }): Promise<void> {
  const ctx = await openAccountsContext(opts.dataDir);
  const accounts = await ctx.store.list();
  if (opts.refresh) {
    for (const acc of accounts) {
      if (acc.disabled || acc.needsLogin) continue;
      await refreshQuotaFromUsage({ credentials: ctx.credentials, book: ctx.quota, chatgptBaseUrl: () => ctx.upstreams.chatgptBaseUrl, now: Date.now }, acc.id).catch(
        (e: Error) => process.stderr.write(`${acc.email ?? acc.accountId}: quota unavailable (${e.message})\n`),
      );
    }
    await ctx.quota.flush();
  }
  const rows = accounts.map((a) => ({ id: a.id, email: a.email, plan: ctx.quota.get(a.id)?.plan ?? a.plan, quota: ctx.quota.get(a.id) }));
  if (opts.json) {
    write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) return write('no accounts\n');
  for (const r of rows) write(`${r.email ?? r.id}  ${r.plan ?? '-'}  ${quotaLine(r.quota)}\n`);
}
