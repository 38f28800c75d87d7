/**
 * PURE tray menu builder: (status, accounts, actions) → MenuItemConstructorOptions[].
 * Imports Electron *types* only, so it is tested without Electron and without vi.mock. main/tray.ts turns the
 * template into a native Menu on every right-click, so the menu is always current (design §5.2, pattern 1).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AccountSummary, ProxyStatus } from '../proxy/src/contract.js';
import { tightestWindow } from '../proxy/src/claude-code/statusline.js';

/** What the tray menu can do. Implementations handle their own errors (the menu ignores return values). */
export interface TrayActions {
  switchAccount(id: string): void;
  setEnabled(enabled: boolean): void;
  openDashboard(): void;
  quit(): void;
  /** Starts a browser sign-in (the authorize URL opens in the default browser). */
  addAccount(): void;
  /** Points Claude Code at this proxy (configure, with a backup; undo from the dashboard). */
  configureClaude(): void;
}

export const APP_NAME = 'Codex Claude Proxy';

export function statusLine(status: ProxyStatus): string {
  if (!status.enabled) return 'Proxy off';
  if (!status.listening) return 'Proxy starting…';
  return `Proxy on · ${status.host}:${status.port}`;
}

/** Tooltip next to the tray icon. */
export function trayTooltip(status: ProxyStatus | null): string {
  return status ? `${APP_NAME} — ${statusLine(status)}` : APP_NAME;
}

/** Which template image to show: the "off" variant whenever the proxy is not serving. */
export function trayIconFile(status: ProxyStatus | null): 'trayTemplate.png' | 'trayOffTemplate.png' {
  return status?.enabled && status.listening ? 'trayTemplate.png' : 'trayOffTemplate.png';
}

/** The account's tightest quota window, e.g. "5h 42% used", or null when no quota is known. */
export function quotaNote(account: AccountSummary): string | null {
  const q = tightestWindow(account.quota);
  return q ? `${q.window} ${Math.round(q.usedPercent)}% used` : null;
}

/** Human label for an account: email (or account id), plan, tightest quota, and any status that needs attention. */
export function accountLabel(account: AccountSummary, now: number = Date.now()): string {
  let label = account.email ?? account.accountId;
  if (account.plan) label += ` (${account.plan})`;
  const quota = quotaNote(account);
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

function pluralRequests(n: number): string {
  return `${n.toLocaleString('en-US')} request${n === 1 ? '' : 's'} served`;
}

export function trayTemplate(
  status: ProxyStatus,
  accounts: readonly AccountSummary[],
  actions: TrayActions,
  now: number = Date.now(),
): MenuItemConstructorOptions[] {
  const accountItems: MenuItemConstructorOptions[] =
    accounts.length === 0
      ? [{ id: 'accounts:empty', label: 'No accounts yet', enabled: false }]
      : accounts.map((a) => ({
          id: `account:${a.id}`,
          type: 'radio',
          label: accountLabel(a, now),
          checked: a.active,
          enabled: a.status !== 'disabled',
          // A radio click on the already active account is a no-op, not a redundant switch.
          click: () => {
            if (!a.active) actions.switchAccount(a.id);
          },
        }));

  return [
    { id: 'status', label: statusLine(status), enabled: false },
    { id: 'requests', label: pluralRequests(status.requestsServed), enabled: false },
    { type: 'separator' },
    {
      id: 'toggle',
      type: 'checkbox',
      label: 'Proxy enabled',
      checked: status.enabled,
      // Electron flips `checked` on the item before calling click, so it already holds the requested state.
      click: (item) => actions.setEnabled(item.checked),
    },
    { type: 'separator' },
    { id: 'accounts:header', label: 'Accounts', enabled: false },
    ...accountItems,
    { type: 'separator' },
    { id: 'add-account', label: 'Add account…', click: () => actions.addAccount() },
    { type: 'separator' },
    { id: 'configure-claude', label: 'Configure Claude Code', click: () => actions.configureClaude() },
    { id: 'open-dashboard', label: 'Open dashboard', click: () => actions.openDashboard() },
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
    { id: 'quit', label: `Quit ${APP_NAME}`, accelerator: 'Command+Q', click: () => actions.quit() },
  ];
}
