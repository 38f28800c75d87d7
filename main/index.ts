/**
 * Electron main entry (bundled to dist/main/index.js, ESM) and composition root.
 *
 * ESM modules load asynchronously, so everything that must happen before `ready` (app name, privileged scheme,
 * single-instance lock, webContents guards) runs synchronously inside `startApp`, which the last line of this
 * module calls at top level. Never move that behind a dynamic import().
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, net, Notification, protocol, session, shell } from 'electron';
import type { DashboardApi } from '../proxy/src/contract.js';
import { createAppCoreFactory, explainStartError } from './app-core.js';
import type { Core, CoreFactory } from './core.js';
import { registerDashboardIpc, sendChanged, sendEvent, startHeartbeat } from './ipc.js';
import { DASHBOARD_URL, handleAppProtocol, registerAppScheme } from './protocol.js';
import { denyAllPermissions, installWebContentsGuards, isSafeExternalUrl } from './security.js';
import { createSafeStorageVault } from './token-vault.js';
import { createTray, type AppTray } from './tray.js';
import { APP_NAME, type TrayActions } from './tray-menu.js';

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
  if (Notification.isSupported()) new Notification({ title: APP_NAME, body: messageOf(err) }).show();
}

/** What the tray's actions need from the shell. */
export interface TrayUi {
  openDashboard(): void;
  quit(): void;
  /** Opens an https: URL in the default browser. */
  openExternal(url: string): Promise<void>;
  /** Tells the user something happened (a notification). */
  notify(message: string): void;
}

/** Tray actions over the core; each one reports its own failure. */
export function createTrayActions(
  core: Pick<DashboardApi, 'switchAccount' | 'setEnabled' | 'startLogin' | 'configureClaude'>,
  ui: TrayUi,
  report: (err: unknown) => void,
): TrayActions {
  return {
    switchAccount: (id) => void core.switchAccount(id).catch(report),
    setEnabled: (enabled) => void core.setEnabled(enabled).catch(report),
    openDashboard: () => ui.openDashboard(),
    quit: () => ui.quit(),
    addAccount: () =>
      void core
        .startLogin('browser')
        .then(async (login) => {
          // Only the https authorize URL the core built leaves the app (security checklist #15).
          if (!isSafeExternalUrl(login.url)) throw new Error(`Refusing to open a non-https sign-in URL: ${login.url}`);
          await ui.openExternal(login.url);
          ui.notify('Finish the sign-in in your browser; the account appears here when it is done.');
        })
        .catch(report),
    configureClaude: () =>
      void core
        .configureClaude({})
        .then((result) =>
          ui.notify(
            result.changed
              ? `Claude Code now uses this proxy (${result.settingsPath}). Revert it from the dashboard.`
              : 'Claude Code already uses this proxy.',
          ),
        )
        .catch(report),
  };
}

function notifyInfo(message: string): void {
  if (Notification.isSupported()) new Notification({ title: APP_NAME, body: message }).show();
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
    void Promise.race([core.stop(), timeout])
      .catch((err: unknown) => console.error('[codex-claude-proxy] stop failed', err))
      .finally(() => {
        shutdown = 'stopped';
        app.quit();
      });
  });

  // --- after ready ---------------------------------------------------------------------------------------
  const boot = async (): Promise<void> => {
    const { rendererDir, preloadPath, iconsDir } = paths();
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(protocol, net, rendererDir);

    const c = await createCore({
      vault: createSafeStorageVault(),
      appVersion: app.getVersion(),
      dashboardDir: rendererDir,
    });
    core = c;
    disposeIpc = registerDashboardIpc(ipcMain, c, devServerUrl);

    const t = createTray({
      iconsDir,
      preloadPath,
      indexUrl: devServerUrl ?? DASHBOARD_URL,
      actions: createTrayActions(
        c,
        {
          openDashboard: () => tray?.showDashboard(),
          quit: () => app.quit(),
          openExternal: (url) => shell.openExternal(url),
          notify: notifyInfo,
        },
        notifyError,
      ),
      snapshot: async () => {
        const [status, accounts] = await Promise.all([c.getStatus(), c.listAccounts()]);
        return { status, accounts };
      },
    });
    tray = t;
    c.on('changed', (status) => {
      t.update(status);
      sendChanged(t.window()?.webContents, status);
    });
    c.on('record', (record) => sendEvent(t.window()?.webContents, 'record', record));
    startHeartbeat(() => t.window()?.webContents);

    await c.start();
    t.update(await c.getStatus());
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
