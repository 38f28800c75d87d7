/**
 * Electron main entry (bundled to dist/main/index.js, ESM) and composition root.
 *
 * ESM modules load asynchronously, so everything that must happen before `ready` (app name, privileged scheme,
 * single-instance lock, webContents guards) runs synchronously inside `startApp`, which the last line of this
 * module calls at top level. Never move that behind a dynamic import().
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import type { AccountSummary } from '../proxy/src/contract.js';
import { createLogger } from '../proxy/src/logs/logger.js';
import { stderrAndFile } from '../proxy/src/logs/rotating-file.js';
import { NoticeCenter } from '../proxy/src/notices/notice-center.js';
import type { NoticeAction } from '../proxy/src/notices/types.js';
import { createAppCoreFactory, explainStartError } from './app-core.js';
import { openAppPrefs } from './app-prefs.js';
import { createNotification, createSignIn, notifyText, openLogFile } from './app-shell.js';
import { AppState } from './app-state.js';
import type { Core, CoreFactory } from './core.js';
import { registerDashboardIpc, sendChanged, sendEvent, startHeartbeat } from './ipc.js';
import { showNotice } from './notifications.js';
import { DASHBOARD_URL, handleAppProtocol, registerAppScheme } from './protocol.js';
import { denyAllPermissions, installWebContentsGuards } from './security.js';
import { createSafeStorageVault, sealPlaintextTokens } from './token-vault.js';
import { useUpstreamProxy } from './upstream-proxy.js';
import { createTrayActions } from './tray-actions.js';
import { createTray, type AppTray } from './tray.js';
import { APP_NAME, baseUrl } from './tray-state.js';

export { createTrayActions, type TrayUi } from './tray-actions.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface AppPaths {
  /** Built dashboard served as app://dashboard (dist/renderer). */
  rendererDir: string;
  /** Bundled sandboxed preload (dist/preload/preload.cjs). */
  preloadPath: string;
  /** Tray template images: extraResources in the package, resources/tray in the repo. */
  iconsDir: string;
}

/** Call after `ready` (app.getAppPath / isPackaged are stable by then). */
export function defaultPaths(): AppPaths {
  return {
    rendererDir: path.join(here, '../renderer'),
    preloadPath: path.join(here, '../preload/preload.cjs'),
    iconsDir: app.isPackaged
      ? path.join(process.resourcesPath, 'tray')
      : path.join(app.getAppPath(), 'resources', 'tray'),
  };
}

/** How long Quit waits for the core to shut down before exiting anyway. */
export const STOP_TIMEOUT_MS = 5_000;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failed tray action is shown to the user (a notification), not just logged. */
function notifyError(err: unknown): void {
  console.error('[codex-claude-proxy]', err);
  notifyText(messageOf(err));
}

export interface StartOptions {
  /** Dev server URL (electron-vite sets ELECTRON_RENDERER_URL); the packaged app loads app://dashboard. */
  devServerUrl?: string;
  paths?: () => AppPaths;
}

/** Boots the menu-bar app around the core the factory builds. */
export function startApp(createCore: CoreFactory, options: StartOptions = {}): void {
  const devServerUrl = options.devServerUrl || undefined;
  const paths = options.paths ?? defaultPaths;

  // --- before ready --------------------------------------------------------------------------------------
  // A stable name keeps userData and the Keychain item ("<name> Safe Storage") the same in dev and packaged.
  app.setName(APP_NAME);
  registerAppScheme(protocol);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  installWebContentsGuards(app, { devServerUrl, openExternal: (url) => shell.openExternal(url) });

  let core: Core | undefined;
  let tray: AppTray | undefined;
  let disposeIpc: (() => void) | undefined;
  let flushLogs: () => void = () => undefined;
  let shutdown: 'running' | 'stopping' | 'stopped' = 'running';

  app.on('second-instance', () => tray?.showDashboard());
  // A menu-bar app keeps running with no window open; the listener suppresses Electron's default quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (shutdown === 'stopped' || !core) return;
    event.preventDefault();
    if (shutdown === 'stopping') return;
    shutdown = 'stopping';
    disposeIpc?.();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    // core.stop(): stop accepting, abort what is still streaming, flush the quota file; then the log file.
    void Promise.race([core.stop(), timeout])
      .catch((err: unknown) => console.error('[codex-claude-proxy] stop failed', err))
      .finally(() => {
        try {
          flushLogs();
        } catch (err) {
          console.error('[codex-claude-proxy] log flush failed', err);
        }
        shutdown = 'stopped';
        app.quit();
      });
  });

  // --- after ready ---------------------------------------------------------------------------------------
  const boot = async (): Promise<void> => {
    const { rendererDir, preloadPath, iconsDir } = paths();
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(protocol, net, rendererDir);

    // ~/Library/Logs/Codex Claude Proxy/proxy.log (rotating, redacted like stderr).
    const logsDir = app.getPath('logs');
    const logFile = openLogFile(logsDir, (err) => console.error('[codex-claude-proxy] no log file', err));
    const logger = createLogger(logFile ? { destination: stderrAndFile(logFile) } : {});
    if (logFile) flushLogs = () => logFile.flush();
    // Before the core sends anything upstream: HTTPS_PROXY, else the system proxy.
    const proxyChoice = await useUpstreamProxy(process.env, (url) => session.defaultSession.resolveProxy(url));
    logger.info({ proxy: proxyChoice.kind }, 'upstream proxy');

    const prefs = openAppPrefs();
    const c = await createCore({ vault: createSafeStorageVault(), appVersion: app.getVersion(), dashboardDir: rendererDir, logger });
    core = c;
    if (c.store) {
      const sealed = await sealPlaintextTokens(c.store, (id, err) => logger.warn({ account: id, err: messageOf(err) }, 'could not seal tokens into the Keychain'));
      if (sealed.length) logger.info({ accounts: sealed }, 'sealed CLI-imported tokens into the Keychain');
    }
    disposeIpc = registerDashboardIpc(ipcMain, c, devServerUrl);

    const state = new AppState({ core: c, prefs, launchAtLogin: () => app.getLoginItemSettings().openAtLogin });
    const notices = new NoticeCenter();
    let refresh: () => void = () => undefined;
    const signIn = createSignIn(c, (message: string, account?: AccountSummary) => {
      notifyText(message);
      if (account) logger.info({ account: account.id }, 'signed in from the app');
    });
    const actions = createTrayActions(
      c,
      {
        openDashboard: () => tray?.showDashboard(),
        quit: () => app.quit(),
        signIn,
        notify: notifyText,
        copyText: (text) => clipboard.writeText(text),
        setLaunchAtLogin: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
        revealLogs: () => void shell.openPath(logsDir),
        baseUrl: async () => baseUrl(await c.getStatus()),
        refresh: () => refresh(),
      },
      { setEnabled: (enabled) => prefs.set('enabled', enabled), setShowQuotaInTitle: (show) => prefs.set('showQuotaInTitle', show) },
      notifyError,
    );
    const perform = (action: NoticeAction): void => {
      if (action.kind === 'open-dashboard') tray?.showDashboard();
      else if (action.kind === 'sign-in-again') actions.signInAgain(action.accountId);
      else if (action.kind === 'switch-account') actions.switchAccount(action.accountId);
      else actions.useClaudeDirect();
    };
    notices.on((notice) => {
      logger.info({ notice: notice.kind, key: notice.key }, 'notice');
      showNotice(createNotification, notice, perform);
    });

    const t = createTray({ iconsDir, preloadPath, indexUrl: devServerUrl ?? DASHBOARD_URL, actions, snapshot: () => state.snapshot() });
    tray = t;
    refresh = () =>
      void state
        .snapshot()
        .then((s) => {
          t.update(s);
          notices.observeAccounts([...s.accounts]);
        })
        .catch((err: unknown) => logger.warn({ err: messageOf(err) }, 'tray state unreadable'));
    c.on('changed', (status) => {
      refresh();
      sendChanged(t.window()?.webContents, status);
    });
    c.on('record', (record) => {
      state.observeRecord(record);
      sendEvent(t.window()?.webContents, 'record', record);
    });
    startHeartbeat(() => t.window()?.webContents);

    // The persisted on/off: off means Claude Code gets the proxy's 503 message, and the tray offers "Use Claude directly".
    if (!prefs.get('enabled')) await c.setEnabled(false);
    try {
      await c.start();
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code !== 'EADDRINUSE') throw err;
      // A taken port is not fatal: the tray shows the error and the notification says what to do.
      state.startError = explainStartError(err);
      notices.startFailed(state.startError);
      logger.error({ err: messageOf(err) }, 'proxy could not start');
    }
    refresh();
  };

  app
    .whenReady()
    .then(boot)
    .catch((err: unknown) => {
      console.error('[codex-claude-proxy] failed to start', err);
      dialog.showErrorBox(`${APP_NAME} could not start`, explainStartError(err));
      app.exit(1);
    });
}

startApp(createAppCoreFactory(), { devServerUrl: process.env.ELECTRON_RENDERER_URL });
