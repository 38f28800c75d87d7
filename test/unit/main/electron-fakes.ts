/**
 * Recording fakes for the parts of `electron` and `menubar` that main/ touches. Use inside vi.hoisted + vi.mock:
 *   const fakes = vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
 * (plain Node cannot load the real `electron`: it tries to download the binary.)
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export function createFakes() {
  const app = Object.assign(new EventEmitter(), {
    setName: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getVersion: vi.fn(() => '0.1.0'),
    getAppPath: vi.fn(() => '/repo'),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false })),
    setLoginItemSettings: vi.fn(),
    isPackaged: false,
  });

  const images: { path: string; setTemplateImage: ReturnType<typeof vi.fn> }[] = [];
  const nativeImage = {
    createFromPath: vi.fn((path: string) => {
      const image = { path, setTemplateImage: vi.fn() };
      images.push(image);
      return image;
    }),
  };

  const Menu = { buildFromTemplate: vi.fn((template: unknown[]) => ({ template })) };

  const notifications: { title: string; body: string }[] = [];
  class Notification {
    static isSupported = vi.fn(() => true);
    constructor(readonly options: { title: string; body: string }) {}
    on(): this {
      return this;
    }
    show(): void {
      notifications.push(this.options);
    }
  }

  const electron = {
    app,
    nativeImage,
    Menu,
    Notification,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { fetch: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    session: {
      defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), resolveProxy: vi.fn(async (_url: string) => 'DIRECT') },
      fromPartition: vi.fn(),
    },
    clipboard: { writeText: vi.fn() },
    BrowserWindow: vi.fn(),
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
    dialog: { showErrorBox: vi.fn() },
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'unknown'),
      encryptStringAsync: vi.fn(async (s: string) => Buffer.from(s)),
      decryptStringAsync: vi.fn(async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false })),
    },
  };

  /** The fake Menubar instance the next menubar() call returns. */
  const tray = Object.assign(new EventEmitter(), {
    setImage: vi.fn(),
    setToolTip: vi.fn(),
    setTitle: vi.fn(),
    popUpContextMenu: vi.fn(),
  });
  const window = {
    webContents: { send: vi.fn(), isDestroyed: vi.fn(() => false) },
    setVisibleOnAllWorkspaces: vi.fn(),
  };
  const mb = Object.assign(new EventEmitter(), {
    tray,
    window: window as typeof window | undefined,
    showWindow: vi.fn(async () => undefined),
  });
  const menubar = { menubar: vi.fn((_options: unknown) => mb) };

  return { electron, images, notifications, menubar, mb, tray, window };
}

export type Fakes = ReturnType<typeof createFakes>;

/** Lets pending promise callbacks (whenReady → boot → …) run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
