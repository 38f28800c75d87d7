import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { flush } from './electron-fakes.js';
import { makeAccount, makeStatus } from './fixtures.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);
vi.mock('menubar', () => fakes.menubar);

const { createTray } = await import('../../../main/tray.js');

const actions = { switchAccount: vi.fn(), setEnabled: vi.fn(), openDashboard: vi.fn(), quit: vi.fn(), addAccount: vi.fn(), configureClaude: vi.fn() };

function setup(snapshot = vi.fn(async () => ({ status: makeStatus(), accounts: [makeAccount({ id: 'b', active: true })] }))) {
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

  it('loads both template icons and marks them as template images', () => {
    setup();
    expect(fakes.images.map((i) => i.path)).toEqual([
      path.join('/res/tray', 'trayTemplate.png'),
      path.join('/res/tray', 'trayOffTemplate.png'),
    ]);
    for (const image of fakes.images) expect(image.setTemplateImage).toHaveBeenCalledWith(true);
  });

  it('applies a status given before ready once ready, and later ones immediately', async () => {
    const { tray } = setup();
    tray.update(makeStatus({ enabled: false }));
    expect(fakes.tray.setImage).not.toHaveBeenCalled(); // mb.tray throws before 'ready' in the real menubar
    fakes.mb.emit('ready');
    await tray.ready;
    const [on, off] = fakes.images;
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(off);
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy off');

    tray.update(makeStatus());
    expect(fakes.tray.setImage).toHaveBeenLastCalledWith(on);
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy on · 127.0.0.1:8081');
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
