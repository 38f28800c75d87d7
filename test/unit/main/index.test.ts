/**
 * The composition root, loaded the way Electron loads it (top-level side effects), against fake electron,
 * menubar and electron-store modules and a fake ProxyCore (proxy/src/core.ts is mocked: the real one runs in
 * test/e2e/main-bundle.test.ts). Checks what main/index.ts + main/app-core.ts hand to the core and to the store.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardChangedChannel, dashboardChannels, dashboardEventChannels } from '../../../proxy/src/contract.js';
import type { CoreOptions } from '../../../proxy/src/core.js';
import { flush } from './electron-fakes.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);
vi.mock('menubar', () => fakes.menubar);

/** Records what the shell hands to the core and to electron-store. */
const wiring = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const { makeStatus, makeLaneStats } = await import('./fixtures.js');
  const cores: InstanceType<typeof FakeProxyCore>[] = [];
  const storeOptions: Record<string, unknown>[] = [];
  class FakeProxyCore extends EventEmitter {
    status = makeStatus({ enabled: true, listening: false, activeAccountId: null, requestsServed: 0 });
    started = 0;
    stopped = 0;
    constructor(readonly options: unknown) {
      super();
      cores.push(this);
    }
    getStatus = async () => this.status;
    listAccounts = async () => [];
    getClaudeConfig = async () => ({ pointsAtProxy: false, revertable: null });
    switchAccount = async (id: string) => {
      throw new Error(`No account ${id}`);
    };
    setEnabled = async (enabled: boolean) => {
      this.status = { ...this.status, enabled };
      this.emit('changed', this.status);
      return this.status;
    };
    getLaneStats = async () => makeLaneStats();
    start = async () => {
      this.started++;
      this.status = { ...this.status, listening: true };
      this.emit('changed', this.status);
      return { host: this.status.host, port: this.status.port };
    };
    stop = async () => {
      this.stopped++;
    };
  }
  class FakeElectronStore {
    readonly store = {};
    readonly path: string;
    constructor(options: Record<string, unknown>) {
      storeOptions.push(options);
      this.path = `${String(options.cwd)}/${String(options.name)}.json`;
    }
    private readonly values = new Map<string, unknown>();
    get(key: string): unknown {
      return this.values.get(key) ?? (this.options.schema as Record<string, { default?: unknown }> | undefined)?.[key]?.default;
    }
    set(key: string, value: unknown): void {
      this.values.set(key, value);
    }
    private get options(): Record<string, unknown> {
      return storeOptions.find((o) => `${String(o.cwd)}/${String(o.name)}.json` === this.path) ?? {};
    }
  }
  return { cores, storeOptions, FakeProxyCore, FakeElectronStore };
});
vi.mock('../../../proxy/src/core.js', () => ({ ProxyCore: wiring.FakeProxyCore }));
vi.mock('electron-store', () => ({ default: wiring.FakeElectronStore }));

const tmp = mkdtempSync(path.join(tmpdir(), 'ccp-main-index-'));
const dataDir = path.join(tmp, 'shared');
const savedEnv = { home: process.env.CODEX_CLAUDE_PROXY_HOME, port: process.env.CODEX_CLAUDE_PROXY_PORT };
process.env.CODEX_CLAUDE_PROXY_HOME = dataDir;
process.env.CODEX_CLAUDE_PROXY_PORT = '0';
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  for (const [name, value] of [['CODEX_CLAUDE_PROXY_HOME', savedEnv.home], ['CODEX_CLAUDE_PROXY_PORT', savedEnv.port]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const { app, protocol, ipcMain, session, dialog } = fakes.electron;
type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
const handler = (channel: string): Handler => {
  const call = ipcMain.handle.mock.calls.find(([c]) => c === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1] as Handler;
};
const trusted = { senderFrame: { url: 'app://dashboard/index.html', parent: null } } as unknown as IpcMainInvokeEvent;

function trayUi() {
  return {
    openDashboard: vi.fn(),
    quit: vi.fn(),
    signIn: vi.fn(async () => undefined),
    notify: vi.fn(),
    copyText: vi.fn(),
    setLaunchAtLogin: vi.fn(),
    revealLogs: vi.fn(),
    baseUrl: vi.fn(async () => 'http://127.0.0.1:8081'),
    refresh: vi.fn(),
  };
}

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

  it('after ready: builds one ProxyCore over the shared data dir, with electron-store settings and the Keychain vault', () => {
    expect(wiring.cores).toHaveLength(1);
    const options = wiring.cores[0]!.options as CoreOptions;
    expect(options.dataDir).toBe(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(options.env).toBe(process.env);
    expect(options.overrides).toEqual({ port: 0 });
    expect(options.vault?.kind).toBe('os-keychain');
    expect(options.dashboardDir!.endsWith(path.join('renderer'))).toBe(true);
    expect(options.settingsStore.path).toBe(path.join(dataDir, 'settings.json'));
    expect(wiring.storeOptions).toContainEqual({ cwd: dataDir, name: 'settings', configFileMode: 0o600, clearInvalidConfig: false });
    expect(wiring.storeOptions).toContainEqual(expect.objectContaining({ name: 'app-prefs', clearInvalidConfig: false, schema: expect.any(Object), migrations: expect.any(Object) }));
    expect(wiring.cores[0]!.started).toBe(1);
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
    // The status after start() is reflected in the tray.
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy on · http://127.0.0.1:8081');
  });

  it('IPC reaches the core, and core changes reach the tray and the dashboard window', async () => {
    const status = await handler(dashboardChannels.setEnabled)(trusted, false);
    expect(status).toMatchObject({ enabled: false });
    await flush();
    expect(fakes.tray.setToolTip).toHaveBeenLastCalledWith('Codex Claude Proxy — Proxy off');
    expect(fakes.window.webContents.send).toHaveBeenLastCalledWith(dashboardChangedChannel, status);
    await expect(handler(dashboardChannels.listAccounts)(trusted)).resolves.toEqual([]);
    await expect(handler(dashboardChannels.switchAccount)(trusted, 'nope')).rejects.toThrow('No account nope');
  });

  it('right-click shows the menu; tray actions report failures instead of throwing', async () => {
    fakes.tray.emit('right-click');
    await flush();
    expect(fakes.tray.popUpContextMenu).toHaveBeenCalled();
    const { createTrayActions } = await import('../../../main/index.js');
    const report = vi.fn();
    const ui = trayUi();
    const prefs = { setEnabled: vi.fn(), setShowQuotaInTitle: vi.fn() };
    const configureClaude = vi.fn(async (_o: { dryRun?: boolean }) => ({ settingsPath: '/h/.claude/settings.json', changed: true, diff: '', changeId: 'c', status: {} as never }));
    const setEnabled = vi.fn(async (_e: boolean) => ({}) as never);
    const actions = createTrayActions(
      { setEnabled, switchAccount: () => Promise.reject(new Error('nope')), configureClaude, revertClaudeConfig: vi.fn(), useClaudeDirect: vi.fn() },
      ui,
      prefs,
      report,
    );
    actions.switchAccount('x');
    await flush();
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'nope' }));

    actions.setEnabled(false); // persisted once the core took it
    await flush();
    expect(setEnabled).toHaveBeenCalledWith(false);
    expect(prefs.setEnabled).toHaveBeenCalledWith(false);

    actions.addAccount(); // the embedded sign-in window
    await flush();
    expect(ui.signIn).toHaveBeenCalledOnce();

    actions.configureClaude();
    await flush();
    expect(configureClaude).toHaveBeenCalledWith({});
    expect(ui.notify).toHaveBeenLastCalledWith(expect.stringMatching(/Claude Code now uses this proxy \(\/h\/\.claude\/settings\.json\)/));
    configureClaude.mockRejectedValueOnce(new Error('settings.json is not valid JSON'));
    actions.configureClaude();
    await flush();
    expect(report).toHaveBeenLastCalledWith(expect.objectContaining({ message: 'settings.json is not valid JSON' }));

    actions.copyBaseUrl();
    await flush();
    expect(ui.copyText).toHaveBeenCalledWith('http://127.0.0.1:8081');
  });

  it('request records reach the dashboard window on their own channel', () => {
    const record = { id: 'r-1', clientModel: 'claude-sonnet-5-5' };
    wiring.cores[0]!.emit('record', record);
    expect(fakes.window.webContents.send).toHaveBeenLastCalledWith(dashboardEventChannels.record, record);
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
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(Object.keys(dashboardChannels).length);
    expect(wiring.cores[0]!.stopped).toBe(1);
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

  it('a core that cannot be built stops the app with a message box', async () => {
    vi.resetModules();
    vi.clearAllMocks();
    app.removeAllListeners();
    process.env.CODEX_CLAUDE_PROXY_PORT = 'eighty';
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../../main/index.js');
    await flush();
    expect(logged).toHaveBeenCalledWith('[codex-claude-proxy] failed to start', expect.any(Error));
    logged.mockRestore();
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Codex Claude Proxy could not start',
      expect.stringMatching(/CODEX_CLAUDE_PROXY_PORT must be a port number/),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
  });
});
