import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { flush } from './electron-fakes.js';
import { makeAccount, makeStatus, makeTrayState, quotaUsed } from './fixtures.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);
vi.mock('menubar', () => fakes.menubar);

const { createTray } = await import('../../../main/tray.js');

const actions = {
  switchAccount: vi.fn(),
  setEnabled: vi.fn(),
  openDashboard: vi.fn(),
  quit: vi.fn(),
  addAccount: vi.fn(),
  signInAgain: vi.fn(),
  configureClaude: vi.fn(),
  revertClaude: vi.fn(),
  useClaudeDirect: vi.fn(),
  copyBaseUrl: vi.fn(),
  setLaunchAtLogin: vi.fn(),
  setShowQuotaInTitle: vi.fn(),
  revealLogs: vi.fn(),
};

function setup(snapshot = vi.fn(async () => makeTrayState({ accounts: [makeAccount({ id: 'b', active: true })] }))) {
  const onError = vi.fn();
  const tray = createTray({
    iconsDir: '/res/tray',
    indexUrl: 'app://dashboard/index.html',
    preloadPath: '/app/dist/preload/preload.cjs',
    actions,
    snapshot,
    onError,
  });
  return { tray, snapshot, onError };
}

beforeEach(() => {
  vi.clearAllMocks();
  fakes.mb.removeAllListeners();
  fakes.tray.removeAllListeners();
  fakes.images.length = 0;
});

describe('createTray', () => {
  it('creates a sandboxed, preloaded menubar window on the dashboard URL, without a Dock icon', () => {
    setup();
    expect(fakes.menubar.menubar).toHaveBeenCalledOnce();
    expect(fakes.menubar.menubar.mock.calls[0]![0]).toMatchObject({
      index: 'app://dashboard/index.html',
      preloadWindow: true,
      showDockIcon: false,
      tooltip: 'Codex Claude Proxy',
      browserWindow: {
        resizable: false,
        webPreferences: {
          preload: '/app/dist/preload/preload.cjs',
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webviewTag: false,
        },
      },
    });
  });

  it('loads the four template icons (on, off, error, low quota) and marks them as template images', () => {
    setup();
    expect(fakes.images.map((i) => i.path)).toEqual([
      path.join('/res/tray', 'trayTemplate.png'),
      path.join('/res/tray', 'trayOffTemplate.png'),
      path.join('/res/tray', 'trayErrorTemplate.png'),
      path.join('/res/tray', 'trayLowTemplate.png'),
    ]);
    for (const image of fakes.images) expect(image.setTemplateImage).toHaveBeenCalledWith(true);
  });

  it('applies a state given before ready once ready, and later ones immediately', async () => {
    const { tray } = setup();
    tray.update(makeTrayState({ status: makeStatus({ enabled: false }) }));
    expect(fakes.tray.setImage).not.toHaveBeenCalled(); // mb.tray throws before 'ready' in the real menubar
    fakes.mb.emit('ready');
    await tray.ready;
    const [on, off, error, low] = fakes.images;
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(off);
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy off');

    tray.update(makeTrayState());
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(on);
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy on · http://127.0.0.1:8081');
    tray.update(makeTrayState({ startError: 'port taken' }));
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(error);
    tray.update(makeTrayState({ accounts: [makeAccount({ id: 'a', active: true, quota: quotaUsed(93) })] }));
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(low);
    expect(fakes.tray.setTitle).toHaveBeenLastCalledWith('7%');
  });

  it('sets only what changed, so repeated updates never flicker the icon or title', async () => {
    const { tray } = setup();
    fakes.mb.emit('ready');
    await tray.ready;
    const state = makeTrayState({ accounts: [makeAccount({ id: 'a', active: true, quota: quotaUsed(28) })] });
    tray.update(state);
    tray.update({ ...state, requestsToday: 9 });
    expect(fakes.tray.setImage).toHaveBeenCalledTimes(1);
    expect(fakes.tray.setTitle.mock.calls).toEqual([['72%']]);
    expect(fakes.tray.setToolTip).toHaveBeenCalledTimes(1);
    tray.update({ ...state, accounts: [makeAccount({ id: 'a', active: true, quota: quotaUsed(30) })] });
    expect(fakes.tray.setTitle.mock.calls).toEqual([['72%'], ['70%']]);
    expect(fakes.tray.setImage).toHaveBeenCalledTimes(1);
  });

  it('right-click pops up a menu built from a fresh snapshot', async () => {
    const { snapshot } = setup();
    fakes.mb.emit('ready');
    fakes.tray.emit('right-click');
    await flush();
    expect(snapshot).toHaveBeenCalledOnce();
    const template = fakes.electron.Menu.buildFromTemplate.mock.calls[0]![0] as MenuItemConstructorOptions[];
    expect(template.find((i) => i.id === 'account:b')).toMatchObject({ type: 'radio', checked: true });
    expect(fakes.tray.popUpContextMenu).toHaveBeenCalledWith({ template });

    fakes.tray.emit('right-click');
    await flush();
    expect(snapshot).toHaveBeenCalledTimes(2); // rebuilt on every click, never stale
  });

  it('shows an error menu (and reports) when the snapshot fails', async () => {
    const { onError } = setup(vi.fn(async () => Promise.reject(new Error('core down'))));
    fakes.mb.emit('ready');
    fakes.tray.emit('right-click');
    await flush();
    const template = fakes.electron.Menu.buildFromTemplate.mock.calls[0]![0] as MenuItemConstructorOptions[];
    expect(template[0]!.label).toBe('Proxy error: core down');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'core down' }));
  });

  it('keeps the popup on the current Space, and opens it on demand', () => {
    const { tray } = setup();
    fakes.mb.emit('show');
    expect(fakes.window.setVisibleOnAllWorkspaces).toHaveBeenCalledWith(true, {
      visibleOnFullScreen: true,
      skipTransformProcessType: true,
    });
    tray.showDashboard();
    expect(fakes.mb.showWindow).toHaveBeenCalledOnce();
    expect(tray.window()).toBe(fakes.window);
  });
});
