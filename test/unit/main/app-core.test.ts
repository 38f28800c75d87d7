/**
 * The app's core factory (main/app-core.ts) and settings store (main/settings-store.ts): the shared data dir,
 * the port override, the options handed to ProxyCore and to electron-store. electron-store is faked (the real one
 * imports the Electron binary; the bundled one runs in test/e2e/main-bundle.test.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const stores = vi.hoisted(() => [] as { options: Record<string, unknown> }[]);
vi.mock('electron-store', () => ({
  default: class FakeElectronStore {
    readonly store: Record<string, unknown> = {};
    readonly path: string;
    constructor(readonly options: Record<string, unknown>) {
      if ((options.cwd as string).includes('unreadable')) throw new Error('Unexpected token } in JSON at position 9');
      this.path = path.join(options.cwd as string, `${options.name as string}.json`);
      stores.push(this);
    }
    set(key: string, value: unknown): void {
      this.store[key] = value;
    }
  },
}));

import { appCoreOptions, createAppCoreFactory, explainStartError, PORT_ENV, portOverride } from '../../../main/app-core.js';
import { appSettingsOptions, openAppSettings, SETTINGS_NAME } from '../../../main/settings-store.js';
import { ProxyCore } from '../../../proxy/src/core.js';
import type { SettingsStore } from '../../../proxy/src/settings.js';
import type { CoreDeps } from '../../../main/core.js';
import { createPlaintextVault } from '../../../proxy/src/accounts/token-vault.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ccp-app-core-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const deps: CoreDeps = { vault: { ...createPlaintextVault(), kind: 'test-vault' }, appVersion: '1.2.3', dashboardDir: '/app/dist/renderer' };
const memory = (): SettingsStore => ({ store: {}, set: () => undefined, path: '(memory)' });

describe('portOverride', () => {
  it('reads CODEX_CLAUDE_PROXY_PORT, absent or empty means no override', () => {
    expect(portOverride({})).toBeUndefined();
    expect(portOverride({ [PORT_ENV]: '' })).toBeUndefined();
    expect(portOverride({ [PORT_ENV]: '0' })).toBe(0);
    expect(portOverride({ [PORT_ENV]: '18081' })).toBe(18081);
  });

  it('refuses a malformed value instead of ignoring it', () => {
    for (const bad of ['abc', '-1', '65536', '80.5', ' 80', '0x50']) {
      expect(() => portOverride({ [PORT_ENV]: bad }), bad).toThrow(/CODEX_CLAUDE_PROXY_PORT must be a port number/);
    }
  });
});

describe('appCoreOptions', () => {
  it('hands ProxyCore the shared data dir, the settings store, the Keychain vault and the dashboard', () => {
    const settingsStore = memory();
    const env = { [PORT_ENV]: '0', CODEX_BASE_URL: 'http://127.0.0.1:1/codex' };
    expect(appCoreOptions({ deps, env, dataDir: '/data', settingsStore })).toEqual({
      dataDir: '/data',
      env,
      settingsStore,
      vault: deps.vault,
      dashboardDir: '/app/dist/renderer',
      overrides: { port: 0 },
    });
    expect(appCoreOptions({ deps, env: {}, dataDir: '/data', settingsStore }).overrides).toEqual({});
  });
});

describe('createAppCoreFactory', () => {
  it('builds a ProxyCore over the shared data dir (CODEX_CLAUDE_PROXY_HOME), created 0700 before the store', async () => {
    const dataDir = path.join(tmp, 'shared');
    const opened: string[] = [];
    const factory = createAppCoreFactory({ CODEX_CLAUDE_PROXY_HOME: dataDir, [PORT_ENV]: '0', LOG_LEVEL: 'silent' }, (dir) => {
      opened.push(dir);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      return memory();
    });
    const core = await factory(deps);
    expect(core).toBeInstanceOf(ProxyCore);
    expect(opened).toEqual([dataDir]);
    expect((core as ProxyCore).store.file).toBe(path.join(dataDir, 'accounts.json'));
    expect(await core.getStatus()).toMatchObject({ enabled: true, listening: false, port: 0 });
  });

  it('defaults to ~/.codex-claude-proxy, like the CLI', async () => {
    const home = path.join(tmp, 'home');
    const saved = process.env.HOME;
    process.env.HOME = home; // os.homedir() reads $HOME on POSIX
    try {
      const opened: string[] = [];
      await createAppCoreFactory({ LOG_LEVEL: 'silent' }, (dir) => {
        opened.push(dir);
        return memory();
      })(deps);
      expect(homedir()).toBe(home);
      expect(opened).toEqual([path.join(home, '.codex-claude-proxy')]);
    } finally {
      process.env.HOME = saved;
    }
  });
});

describe('explainStartError', () => {
  it('names the likely cause of a busy port (the headless CLI shares 8081), and passes other errors through', () => {
    const busy = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8081'), { code: 'EADDRINUSE', port: 8081 });
    expect(explainStartError(busy)).toMatch(/^Port 8081 is already in use\. Is the headless proxy \(codex-claude-proxy start\) running\?/);
    expect(explainStartError(Object.assign(new Error('x'), { code: 'EADDRINUSE' }))).toMatch(/^The proxy port is already in use/);
    expect(explainStartError(new Error('Invalid setting port'))).toBe('Invalid setting port');
    expect(explainStartError('plain string')).toBe('plain string');
  });
});

describe('app settings store', () => {
  it('is electron-store on <data dir>/settings.json: the file the headless CLI (conf) uses', () => {
    expect(appSettingsOptions('/data')).toEqual({
      cwd: '/data',
      name: SETTINGS_NAME,
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
    const store = openAppSettings(path.join(tmp, 'settings-dir'));
    expect(store.path).toBe(path.join(tmp, 'settings-dir', 'settings.json'));
    expect(stores.at(-1)!.options).toMatchObject({ name: 'settings', configFileMode: 0o600, clearInvalidConfig: false });
  });

  it('reports an unreadable file with its path', () => {
    const dir = path.join(tmp, 'unreadable');
    expect(() => openAppSettings(dir)).toThrow(`Could not read ${dir}/settings.json: Unexpected token`);
  });
});
