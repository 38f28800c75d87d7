/**
 * The Electron-backed pieces the composition root hands to the pure modules: the sign-in window runner, the
 * notification factory, the log file. Thin adapters only; the decisions live in the modules they wrap.
 */
import path from 'node:path';
import { BrowserWindow, dialog, Notification, session, shell } from 'electron';
import type { AccountSummary, DashboardApi } from '../proxy/src/contract.js';
import { RotatingFile } from '../proxy/src/logs/rotating-file.js';
import { LOGIN_PARTITION, runLoginWindow, type LoginBrowserWindow, type LoginOutcome, type LoginSession } from './login-window.js';
import type { NotificationFactory } from './notifications.js';
import { APP_NAME } from './tray-state.js';

export const LOG_FILE_NAME = 'proxy.log';

/** `~/Library/Logs/Codex Claude Proxy/proxy.log` (app.getPath('logs') on macOS), or null when it cannot be opened. */
export function openLogFile(logsDir: string, report: (err: unknown) => void): RotatingFile | null {
  try {
    return new RotatingFile(path.join(logsDir, LOG_FILE_NAME));
  } catch (err) {
    report(err);
    return null;
  }
}

export const createNotification: NotificationFactory = (options) => new Notification(options);

/** Tells the user something (a plain notification). */
export function notifyText(body: string): void {
  if (Notification.isSupported()) new Notification({ title: APP_NAME, body }).show();
}

/** What a finished sign-in says to the user, or null for nothing (cancelled). Pure. */
export function describeLoginOutcome(outcome: LoginOutcome): string | null {
  switch (outcome.kind) {
    case 'done':
      return `Signed in as ${outcome.account.email ?? outcome.account.accountId}; it is now the active account.`;
    case 'failed':
      return `Sign-in failed: ${outcome.message}`;
    case 'browser':
      return 'Finish the sign-in in your browser; the account appears in the menu when it is done.';
    case 'cancelled':
      return null;
  }
}

/** One embedded sign-in at a time: a second request focuses nothing new and waits for the running one. */
export function createSignIn(
  core: Pick<DashboardApi, 'startLogin' | 'completeLogin' | 'switchAccount'>,
  announce: (message: string, account?: AccountSummary) => void,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= runLoginWindow({
      core,
      createWindow: (options) => new BrowserWindow(options) as unknown as LoginBrowserWindow,
      session: () => session.fromPartition(LOGIN_PARTITION) as unknown as LoginSession,
      openExternal: (url) => shell.openExternal(url),
      confirmBrowserFallback: async (reason) =>
        (await dialog.showMessageBox({ type: 'question', message: reason, detail: 'Continue this sign-in in your default browser?', buttons: ['Open in my browser instead', 'Cancel'], defaultId: 0, cancelId: 1 })).response === 0,
    })
      .then((outcome) => {
        const message = describeLoginOutcome(outcome);
        if (message) announce(message, outcome.kind === 'done' ? outcome.account : undefined);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
}
