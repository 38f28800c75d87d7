/**
 * The composition root, loaded the way Electron loads it (top-level side effects), against fake electron and
 * menubar modules. It boots with the placeholder core from main/core.ts until proxy/ is wired.
 */
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardChangedChannel, dashboardChannels } from '../../../proxy/src/contract.js';
import { flush } from './electron-fakes.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);
vi.mock('menubar', () => fakes.menubar);

const { app, protocol, ipcMain, session } = fakes.electron;
type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
const handler = (channel: string): Handler => {
  const call = ipcMain.handle.mock.calls.find(([c]) => c === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1] as Handler;
};
const trusted = { senderFrame: { url: 'app://dashboard/index.html', parent: null } } as unknown as IpcMainInvokeEvent;

describe('main/index.ts', () => {
  beforeAll(async () => {
    // Registering the scheme must happen synchronously at import, before `ready`: make whenReady wait for us.
    let ready!: () => void;
    app.whenReady.mockReturnValueOnce(new Promise<void>((r) => (ready = r)));
    await import('../../../main/index.js');
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(protocol.handle).not.toHaveBeenCalled();
    ready();
    await flush();
    fakes.mb.emit('ready');
    await flush();
  });

  it('before ready: names the app, registers app://, takes the single-instance lock, guards webContents', () => {
    expect(app.setName).toHaveBeenCalledWith('Codex Claude Proxy');
    expect(protocol.registerSchemesAsPrivileged.mock.calls[0]![0]).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(app.listenerCount('web-contents-created')).toBe(1);
    expect(app.listenerCount('window-all-closed')).toBe(1); // a menu-bar app survives its window closing
  });

  it('after ready: denies permissions, serves app://, registers the IPC handlers, creates the tray', () => {
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(ipcMain.handle.mock.calls.map(([c]) => c).sort()).toEqual(Object.values(dashboardChannels).sort());
    const options = fakes.menubar.menubar.mock.calls[0]![0] as {
      index: string;
      browserWindow: { webPreferences: { preload: string } };
    };
    expect(options.index).toBe('app://dashboard/index.html');
    expect(options.browserWindow.webPreferences.preload.endsWith(path.join('preload', 'preload.cjs'))).toBe(true);
    expect(fakes.images[0]!.path).toBe(path.join('/repo', 'resources', 'tray', 'trayTemplate.png'));
    // The initial status is reflected in the tray (the placeholder core starts disabled).
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy off');
  });

  it('IPC reaches the core, and core changes reach the tray and the dashboard window', async () => {
    const status = await handler(dashboardChannels.setEnabled)(trusted, true);
    expect(status).toMatchObject({ enabled: true });
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy starting…');
    expect(fakes.window.webContents.send).toHaveBeenLastCalledWith(dashboardChangedChannel, status);
    await expect(handler(dashboardChannels.listAccounts)(trusted)).resolves.toEqual([]);
  });

  it('right-click shows the menu; tray actions report failures instead of throwing', async () => {
    fakes.tray.emit('right-click');
    await flush();
    expect(fakes.tray.popUpContextMenu).toHaveBeenCalled();
    const { createTrayActions } = await import('../../../main/index.js');
    const report = vi.fn();
    const actions = createTrayActions(
      { getStatus: vi.fn(), listAccounts: vi.fn(), setEnabled: vi.fn(), switchAccount: () => Promise.reject(new Error('nope')) },
      { openDashboard: vi.fn(), quit: vi.fn() },
      report,
    );
    actions.switchAccount('x');
    await flush();
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'nope' }));
  });

  it('a second launch opens the dashboard of the first', () => {
    fakes.mb.showWindow.mockClear();
    app.emit('second-instance');
    expect(fakes.mb.showWindow).toHaveBeenCalledOnce();
  });

  it('quit stops the core first, removes the IPC handlers, then quits for real', async () => {
    const preventDefault = vi.fn();
    app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
    app.emit('before-quit', { preventDefault }); // while stopping: still held
    expect(preventDefault).toHaveBeenCalledTimes(2);
    await flush();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(4);
    expect(app.quit).toHaveBeenCalledOnce();
    const last = vi.fn();
    app.emit('before-quit', { preventDefault: last }); // the real quit goes through
    expect(last).not.toHaveBeenCalled();
  });

  it('a second instance quits at once without booting', async () => {
    vi.resetModules();
    vi.clearAllMocks();
    app.removeAllListeners();
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await import('../../../main/index.js');
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('before-quit')).toBe(0);
  });
});
