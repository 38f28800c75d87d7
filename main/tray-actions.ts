/**
 * The tray's actions over the core and the shell. Each one reports its own failure (a notification), so a menu
 * click never fails silently. No Electron import: the shell's pieces come in through `TrayUi`.
 */
import type { DashboardApi } from '../proxy/src/contract.js';
import type { TrayActions } from './tray-menu.js';

/** What the tray's actions need from the shell. */
export interface TrayUi {
  openDashboard(): void;
  quit(): void;
  /** Runs the embedded sign-in window to its end (main/login-window.ts); announces the outcome itself. */
  signIn(): Promise<void>;
  /** Tells the user something happened (a notification). */
  notify(message: string): void;
  copyText(text: string): void;
  setLaunchAtLogin(enabled: boolean): void;
  revealLogs(): void;
  /** The base URL Claude Code should use. */
  baseUrl(): Promise<string>;
  /** The tray state changed outside the core (a preference); re-render. */
  refresh(): void;
}

export type TrayCore = Pick<DashboardApi, 'switchAccount' | 'setEnabled' | 'configureClaude' | 'revertClaudeConfig' | 'useClaudeDirect'>;

export interface TrayPrefs {
  setEnabled(enabled: boolean): void;
  setShowQuotaInTitle(show: boolean): void;
}

export function createTrayActions(core: TrayCore, ui: TrayUi, prefs: TrayPrefs, report: (err: unknown) => void): TrayActions {
  const run = (work: () => Promise<unknown>): void => void work().catch(report);
  return {
    switchAccount: (id) => run(() => core.switchAccount(id)),
    setEnabled: (enabled) =>
      run(async () => {
        await core.setEnabled(enabled);
        prefs.setEnabled(enabled); // persisted only once the core took it
      }),
    openDashboard: () => ui.openDashboard(),
    quit: () => ui.quit(),
    addAccount: () => run(() => ui.signIn()),
    // Same sign-in: the account is keyed by ChatGPT account + user, so signing in as it again replaces its tokens.
    signInAgain: () => run(() => ui.signIn()),
    configureClaude: () =>
      run(async () => {
        const result = await core.configureClaude({});
        ui.notify(result.changed ? `Claude Code now uses this proxy (${result.settingsPath}). Undo with Revert Claude Code.` : 'Claude Code already uses this proxy.');
        ui.refresh();
      }),
    revertClaude: () =>
      run(async () => {
        const result = await core.revertClaudeConfig({});
        ui.notify(result.changed ? `Claude Code's settings are back as they were (${result.settingsPath}).` : 'Nothing to revert.');
        ui.refresh();
      }),
    useClaudeDirect: () =>
      run(async () => {
        const result = await core.useClaudeDirect({});
        ui.notify(result.changed ? 'Claude Code now talks to Anthropic directly. Undo with Revert Claude Code.' : 'Claude Code already talks to Anthropic directly.');
        ui.refresh();
      }),
    copyBaseUrl: () =>
      run(async () => {
        const url = await ui.baseUrl();
        ui.copyText(url);
        ui.notify(`Copied ${url}`);
      }),
    setLaunchAtLogin: (enabled) => {
      ui.setLaunchAtLogin(enabled);
      ui.refresh();
    },
    setShowQuotaInTitle: (show) => {
      prefs.setShowQuotaInTitle(show);
      ui.refresh();
    },
    revealLogs: () => ui.revealLogs(),
  };
}
