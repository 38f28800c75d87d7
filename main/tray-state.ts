/**
 * What the tray shows, as PURE functions of the app's state: the icon variant (on / off / error / low quota), the
 * menu-bar title (the active account's tightest remaining quota, Quotio/CodexBar style), the tooltip and the
 * status line. main/tray.ts applies them; main/tray-menu.ts builds the menu from the same state.
 */
import type { AccountSummary, ProxyStatus } from '../proxy/src/contract.js';
import { proxyBaseUrl } from '../proxy/src/claude-code/target.js';
import { isExhausted, isLow, menuBarTitle } from '../proxy/src/notices/quota-summary.js';

export const APP_NAME = 'Codex Claude Proxy';

/** Everything the tray renders. Built by main/app-state.ts from the core and the app's own settings. */
export interface TrayState {
  status: ProxyStatus;
  accounts: readonly AccountSummary[];
  /** Requests finished since local midnight. */
  requestsToday: number;
  /** The last failed request or action (short, never a secret), or null. */
  lastError: string | null;
  /** Why the proxy is not serving although it is on (e.g. the port is taken), or null. */
  startError: string | null;
  /** How Claude Code's settings relate to this proxy; null when unknown (not read yet, or unreadable). */
  claude: { pointsAtProxy: boolean; revertable: boolean } | null;
  launchAtLogin: boolean;
  showQuotaInTitle: boolean;
}

export type TrayIconFile = 'trayTemplate.png' | 'trayOffTemplate.png' | 'trayErrorTemplate.png' | 'trayLowTemplate.png';
export const TRAY_ICON_FILES: readonly TrayIconFile[] = ['trayTemplate.png', 'trayOffTemplate.png', 'trayErrorTemplate.png', 'trayLowTemplate.png'];

/** The URL Claude Code's ANTHROPIC_BASE_URL gets (a wildcard bind is reached over 127.0.0.1). */
export function baseUrl(status: ProxyStatus): string {
  return proxyBaseUrl(status.host, status.port);
}

export function statusLine(status: ProxyStatus, startError: string | null = null): string {
  if (!status.enabled) return 'Proxy off';
  if (startError) return `Proxy not running: ${startError}`;
  if (!status.listening) return 'Proxy starting…';
  return `Proxy on · ${baseUrl(status)}`;
}

/** Whether the proxy is on but cannot serve: it did not start, the active account needs a login, or no account can serve. */
export function isErrorState(state: TrayState, now: number): boolean {
  if (!state.status.enabled) return false;
  if (state.startError) return true;
  const active = state.accounts.find((a) => a.active);
  if (active?.status === 'needs_login') return true;
  const candidates = state.accounts.filter((a) => a.status !== 'disabled');
  return candidates.length > 0 && candidates.every((a) => a.status === 'needs_login' || isExhausted(a, now));
}

export function trayIconFile(state: TrayState | null, now: number = Date.now()): TrayIconFile {
  if (!state || !state.status.enabled) return 'trayOffTemplate.png';
  if (isErrorState(state, now)) return 'trayErrorTemplate.png';
  if (!state.status.listening) return 'trayOffTemplate.png';
  const active = state.accounts.find((a) => a.active);
  return active && isLow(active) ? 'trayLowTemplate.png' : 'trayTemplate.png';
}

/** The text next to the icon: "72%" (the active account's tightest remaining quota), "" when hidden or off. */
export function trayTitle(state: TrayState | null): string {
  if (!state || !state.status.enabled) return '';
  return menuBarTitle(state.accounts, state.showQuotaInTitle);
}

export function trayTooltip(state: TrayState | null): string {
  return state ? `${APP_NAME} — ${statusLine(state.status, state.startError)}` : APP_NAME;
}
