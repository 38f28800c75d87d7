/**
 * The menu-bar presence: a thin wrapper over `menubar` (kept behind this module so a swap to the maintained
 * `electron-menubar` fork stays local, design §5.3).
 *
 * Left-click toggles the dashboard window (menubar's default). Right-click pops up a native menu built from the
 * current state on every click (design §5.2, pattern 1), so the menu never goes stale.
 */
import path from 'node:path';
import { Menu, nativeImage, type BrowserWindow, type NativeImage } from 'electron';
import { menubar } from 'menubar';
import { trayErrorTemplate, trayTemplate, type TrayActions } from './tray-menu.js';
import { APP_NAME, TRAY_ICON_FILES, trayIconFile, trayTitle, trayTooltip, type TrayIconFile, type TrayState } from './tray-state.js';

export interface TrayOptions {
  /** Folder holding the tray*Template.png images (on, off, error, low quota) and their @2x variants. */
  iconsDir: string;
  /** URL the dashboard window loads (app://dashboard/index.html, or the dev server). */
  indexUrl: string;
  /** Absolute path of the bundled CJS preload. */
  preloadPath: string;
  actions: TrayActions;
  /** Reads the current state for the right-click menu; called on every right-click. */
  snapshot(): Promise<TrayState>;
  /** Where errors that have no caller go (logging). */
  onError?(err: unknown): void;
}

export interface AppTray {
  /** Resolves once the tray and the (preloaded, hidden) window exist. */
  readonly ready: Promise<void>;
  /**
   * Reflects a new state in the icon, the menu-bar title and the tooltip; only what changed is set again (no
   * flicker). Safe to call before `ready`: the latest state is applied then.
   */
  update(state: TrayState): void;
  showDashboard(): void;
  /** The dashboard window, once created. */
  window(): BrowserWindow | undefined;
}

export const DASHBOARD_WINDOW = { width: 380, height: 520 } as const;

function loadTemplateIcon(iconsDir: string, file: string): NativeImage {
  // The "…Template.png" suffix already marks it a template image (black + alpha, tinted for light/dark bars);
  // setTemplateImage(true) is belt and braces. The @2x variant next to it is picked up automatically.
  const icon = nativeImage.createFromPath(path.join(iconsDir, file));
  icon.setTemplateImage(true);
  return icon;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createTray(options: TrayOptions): AppTray {
  const icons = Object.fromEntries(TRAY_ICON_FILES.map((f) => [f, loadTemplateIcon(options.iconsDir, f)])) as Record<TrayIconFile, NativeImage>;
  const report = options.onError ?? ((err: unknown) => console.error('[tray]', err));

  const mb = menubar({
    icon: icons['trayOffTemplate.png'],
    tooltip: APP_NAME,
    index: options.indexUrl,
    preloadWindow: true,
    showDockIcon: false,
    browserWindow: {
      ...DASHBOARD_WINDOW,
      resizable: false,
      fullscreenable: false,
      webPreferences: {
        preload: options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        spellcheck: false,
      },
    },
  });

  let isReady = false;
  let pending: TrayState | null = null;
  const shown = { icon: '', title: '', tooltip: '' };

  const apply = (state: TrayState): void => {
    const next = { icon: trayIconFile(state), title: trayTitle(state), tooltip: trayTooltip(state) };
    if (next.icon !== shown.icon) mb.tray.setImage(icons[next.icon]);
    if (next.title !== shown.title) mb.tray.setTitle(next.title);
    if (next.tooltip !== shown.tooltip) mb.tray.setToolTip(next.tooltip);
    Object.assign(shown, next);
  };

  const popUpMenu = async (): Promise<void> => {
    let template;
    try {
      const state = await options.snapshot();
      apply(state);
      template = trayTemplate(state, options.actions);
    } catch (err) {
      report(err);
      template = trayErrorTemplate(errorMessage(err), options.actions);
    }
    mb.tray.popUpContextMenu(Menu.buildFromTemplate(template));
  };

  const ready = new Promise<void>((resolve) => {
    mb.on('ready', () => {
      isReady = true;
      // mb.tray throws before 'ready', so every tray listener is registered here.
      mb.tray.on('right-click', () => void popUpMenu().catch(report));
      if (pending) apply(pending);
      resolve();
    });
  });

  // Keep the popup on the current Space and above full-screen apps (menubar issue; design §5.3).
  mb.on('show', () => {
    mb.window?.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
  });

  return {
    ready,
    update(state) {
      pending = state;
      if (isReady) apply(state);
    },
    showDashboard() {
      void mb.showWindow().catch(report);
    },
    window: () => mb.window,
  };
}
