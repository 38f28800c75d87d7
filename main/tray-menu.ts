/**
 * PURE tray menu builder: (state, actions) → MenuItemConstructorOptions[] (GitHub Desktop style). Imports Electron
 * *types* only, so it is tested without Electron. main/tray.ts turns the template into a native Menu on every
 * right-click, from the latest state, so the menu never goes stale.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AccountSummary } from '../proxy/src/contract.js';
import { tightestWindow } from '../proxy/src/claude-code/statusline.js';
import { APP_NAME, statusLine, type TrayState } from './tray-state.js';

export { APP_NAME, statusLine, trayIconFile, trayTitle, trayTooltip, type TrayState } from './tray-state.js';

/** What the tray menu can do. Implementations handle their own errors (the menu ignores return values). */
export interface TrayActions {
  switchAccount(id: string): void;
  setEnabled(enabled: boolean): void;
  openDashboard(): void;
  quit(): void;
  /** Starts a sign-in in the embedded login window. */
  addAccount(): void;
  /** Signs an account that needs it in again (embedded login window). */
  signInAgain(id: string): void;
  /** Points Claude Code at this proxy (configure, with a backup). */
  configureClaude(): void;
  /** Undoes the last configure / direct change of Claude Code's settings. */
  revertClaude(): void;
  /** Points Claude Code back at Anthropic (`claude direct`, undoable with Revert). */
  useClaudeDirect(): void;
  copyBaseUrl(): void;
  setLaunchAtLogin(enabled: boolean): void;
  setShowQuotaInTitle(show: boolean): void;
  revealLogs(): void;
}

/** "14:05" today or within a day, "12 Jan 14:05" later; `timeZone` for tests. */
export function resetNote(ms: number, now: number, timeZone?: string): string {
  const time = new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  if (ms - now < 24 * 3_600_000) return time;
  return `${new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone })} ${time}`;
}

/** The account's tightest quota window, e.g. "5h 42% used", or null when no quota is known. */
export function quotaNote(account: AccountSummary, now: number = Date.now(), timeZone?: string): string | null {
  const q = tightestWindow(account.quota);
  if (!q) return null;
  const used = `${q.window} ${Math.round(q.usedPercent)}% used`;
  return q.resetsAt && q.resetsAt * 1000 > now ? `${used}, resets ${resetNote(q.resetsAt * 1000, now, timeZone)}` : used;
}

/** Human label for an account: email (or account id), plan, tightest quota, and any status that needs attention. */
export function accountLabel(account: AccountSummary, now: number = Date.now(), timeZone?: string): string {
  let label = account.email ?? account.accountId;
  if (account.plan) label += ` (${account.plan})`;
  const quota = quotaNote(account, now, timeZone);
  if (quota) label += ` · ${quota}`;
  switch (account.status) {
    case 'needs_login':
      return `${label} — needs login`;
    case 'disabled':
      return `${label} — disabled`;
    case 'cooldown': {
      const until = account.cooldownUntil;
      if (typeof until === 'number' && until > now) return `${label} — cooling down, ${Math.ceil((until - now) / 60_000)} min`;
      return `${label} — cooling down`;
    }
    default:
      return label;
  }
}

function requestsLine(n: number): string {
  return `${n.toLocaleString('en-US')} request${n === 1 ? '' : 's'} today`;
}

function accountItems(state: TrayState, actions: TrayActions, now: number, timeZone?: string): MenuItemConstructorOptions[] {
  if (state.accounts.length === 0) return [{ id: 'accounts:empty', label: 'No accounts yet', enabled: false }];
  return state.accounts.flatMap((a): MenuItemConstructorOptions[] => {
    const item: MenuItemConstructorOptions = {
      id: `account:${a.id}`,
      type: 'radio',
      label: accountLabel(a, now, timeZone),
      checked: a.active,
      enabled: a.status !== 'disabled',
      // A radio click on the already active account is a no-op, not a redundant switch.
      click: () => {
        if (!a.active) actions.switchAccount(a.id);
      },
    };
    if (a.status !== 'needs_login') return [item];
    return [item, { id: `relogin:${a.id}`, label: `    Sign in again as ${a.email ?? a.accountId}…`, click: () => actions.signInAgain(a.id) }];
  });
}

function claudeItems(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const points = state.claude?.pointsAtProxy ?? false;
  return [
    { id: 'configure-claude', label: points ? 'Claude Code uses this proxy ✓' : 'Configure Claude Code', enabled: !points, click: () => actions.configureClaude() },
    { id: 'revert-claude', label: 'Revert Claude Code', enabled: state.claude?.revertable ?? false, click: () => actions.revertClaude() },
    // Offered when Claude Code would otherwise hit a proxy that is off (the 503 message tells it so).
    ...(points && !state.status.enabled
      ? [{ id: 'use-claude-direct', label: 'Use Claude directly (undo with Revert)', click: () => actions.useClaudeDirect() }]
      : []),
  ];
}

export function trayTemplate(state: TrayState, actions: TrayActions, now: number = Date.now(), timeZone?: string): MenuItemConstructorOptions[] {
  const info: MenuItemConstructorOptions[] = [
    { id: 'status', label: statusLine(state.status, state.startError), enabled: false },
    { id: 'requests', label: requestsLine(state.requestsToday), enabled: false },
    ...(state.lastError ? [{ id: 'last-error', label: `Last error: ${state.lastError}`, enabled: false }] : []),
  ];
  return [
    ...info,
    { type: 'separator' },
    {
      id: 'toggle',
      type: 'checkbox',
      label: 'Proxy enabled',
      checked: state.status.enabled,
      // Electron flips `checked` on the item before calling click, so it already holds the requested state.
      click: (item) => actions.setEnabled(item.checked),
    },
    { type: 'separator' },
    { id: 'accounts:header', label: 'Accounts', enabled: false },
    ...accountItems(state, actions, now, timeZone),
    { id: 'add-account', label: 'Add account…', click: () => actions.addAccount() },
    { type: 'separator' },
    ...claudeItems(state, actions),
    { id: 'copy-base-url', label: 'Copy base URL', click: () => actions.copyBaseUrl() },
    { id: 'open-dashboard', label: 'Open dashboard', click: () => actions.openDashboard() },
    { type: 'separator' },
    { id: 'show-quota', type: 'checkbox', label: 'Show quota in menu bar', checked: state.showQuotaInTitle, click: (item) => actions.setShowQuotaInTitle(item.checked) },
    { id: 'launch-at-login', type: 'checkbox', label: 'Launch at login', checked: state.launchAtLogin, click: (item) => actions.setLaunchAtLogin(item.checked) },
    { id: 'reveal-logs', label: 'Reveal logs', click: () => actions.revealLogs() },
    { type: 'separator' },
    { id: 'quit', label: `Quit ${APP_NAME}`, accelerator: 'Command+Q', click: () => actions.quit() },
  ];
}

/** Shown when the current state cannot be read: the error and a way out, never an empty menu. */
export function trayErrorTemplate(message: string, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: `Proxy error: ${message}`, enabled: false },
    { type: 'separator' },
    { id: 'open-dashboard', label: 'Open dashboard', click: () => actions.openDashboard() },
    { id: 'reveal-logs', label: 'Reveal logs', click: () => actions.revealLogs() },
    { id: 'quit', label: `Quit ${APP_NAME}`, accelerator: 'Command+Q', click: () => actions.quit() },
  ];
}
