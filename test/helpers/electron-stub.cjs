/**
 * A recording stand-in for `electron`, for running the BUNDLED main process (dist/main/index.js) under plain Node
 * (design §8.3). Loaded through test/helpers/register-electron-stub.mjs, which maps both `import 'electron'` and
 * `require('electron')` here.
 *
 * Every call the app makes is written to stdout as one line: `@@electron-stub {"seq":…,"api":"…","args":[…]}`
 * (functions become "[function]"). The app becomes "ready" shortly after the entry module has evaluated.
 * Driven over stdin with JSON lines:
 *   {"cmd":"invoke","channel":"dashboard:getStatus","args":[],"url"?:"app://dashboard/index.html"}
 *     → calls the ipcMain.handle handler as the dashboard frame (or `url`) would;
 *       recorded as api "invoke.result" / "invoke.error"
 *   {"cmd":"quit"} → app.quit() like Cmd+Q: 'before-quit' (preventable), then process exit 0.
 * Besides the calls, it records what the installed handlers do when exercised: "permission.request.result",
 * "permission.check.result", "protocol.response" (app:// fetch of the loaded URL through the registered handler).
 */
'use strict';
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { fileURLToPath } = require('node:url');

// One instance even if loaded through both the ESM and the CJS path.
if (globalThis.__electronStub) {
  module.exports = globalThis.__electronStub;
  return;
}

const PREFIX = '@@electron-stub ';
let seq = 0;

function safe(value) {
  const seen = new WeakSet();
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (typeof v === 'function') return '[function]';
      if (typeof v === 'bigint') return String(v);
      if (v && typeof v === 'object') {
        if (Buffer.isBuffer(v) || (v.type === 'Buffer' && Array.isArray(v.data))) return '[buffer]';
        if (v instanceof EventEmitter && v.__stubName) return `[${v.__stubName}]`;
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }) ?? 'null',
  );
}

function record(api, args = []) {
  process.stdout.write(`${PREFIX}${JSON.stringify({ seq: ++seq, api, args: safe(args) })}\n`);
}

/** A function that records its calls and returns `impl(...)`. */
function fn(api, impl = () => undefined) {
  return function stubbed(...args) {
    record(api, args);
    return impl.apply(this, args);
  };
}

// ---------------------------------------------------------------- app
let isReady = false;
let resolveReady;
const readyPromise = new Promise((r) => (resolveReady = r));
const home = process.env.HOME || os.homedir();
const userData = process.env.ELECTRON_STUB_USER_DATA || path.join(home, '.config', 'Codex Claude Proxy');
let appName = 'codex-claude-proxy';

const app = Object.assign(new EventEmitter(), {
  __stubName: 'app',
  isPackaged: false,
  setName: fn('app.setName', (name) => void (appName = name)),
  getName: fn('app.getName', () => appName),
  getVersion: fn('app.getVersion', () => process.env.ELECTRON_STUB_APP_VERSION || '0.1.0'),
  getAppPath: fn('app.getAppPath', () => process.cwd()),
  getPath: fn('app.getPath', (name) => (name === 'userData' ? userData : path.join(home, `.stub-${name}`))),
  setPath: fn('app.setPath'),
  isReady: () => isReady,
  whenReady: fn('app.whenReady', () => readyPromise),
  requestSingleInstanceLock: fn('app.requestSingleInstanceLock', () => true),
  getLoginItemSettings: fn('app.getLoginItemSettings', () => ({ openAtLogin: false })),
  setLoginItemSettings: fn('app.setLoginItemSettings'),
  quit: fn('app.quit', () => {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (prevented) return;
    record('app.will-quit');
    setImmediate(() => process.exit(0));
  }),
  exit: fn('app.exit', (code = 0) => setImmediate(() => process.exit(code))),
  dock: { hide: fn('app.dock.hide'), show: fn('app.dock.show') },
});

// Ready once the entry module (and everything it imports) has evaluated, like Electron.
setTimeout(() => {
  isReady = true;
  record('app.ready');
  app.emit('ready');
  resolveReady();
}, 50);

// ---------------------------------------------------------------- session / permissions
const session = {
  defaultSession: {
    setPermissionRequestHandler: fn('session.setPermissionRequestHandler', (handler) => {
      // Exercise it the way Chromium would for a camera request from the dashboard.
      handler({}, 'media', (granted) => record('permission.request.result', ['media', granted]), {});
    }),
    setPermissionCheckHandler: fn('session.setPermissionCheckHandler', (handler) => {
      record('permission.check.result', ['clipboard-read', handler({}, 'clipboard-read', 'app://dashboard', {})]);
    }),
    resolveProxy: fn('session.resolveProxy', async () => process.env.ELECTRON_STUB_SYSTEM_PROXY || 'DIRECT'),
  },
  fromPartition: fn('session.fromPartition', (partition) => ({
    partition,
    setPermissionRequestHandler: fn('session[partition].setPermissionRequestHandler'),
    setPermissionCheckHandler: fn('session[partition].setPermissionCheckHandler'),
    webRequest: { onBeforeRequest: fn('session[partition].webRequest.onBeforeRequest') },
  })),
};
const clipboard = { writeText: fn('clipboard.writeText') };

// ---------------------------------------------------------------- protocol / net
const protocolHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged: fn('protocol.registerSchemesAsPrivileged', () => {
    if (isReady) record('stub.error', ['registerSchemesAsPrivileged after ready']);
  }),
  handle: fn('protocol.handle', (scheme, handler) => void protocolHandlers.set(scheme, handler)),
  unhandle: fn('protocol.unhandle', (scheme) => void protocolHandlers.delete(scheme)),
};

const net = {
  /** Only file: URLs (what main/protocol.ts hands over). */
  fetch: fn('net.fetch', async (url) => {
    const file = fileURLToPath(String(url));
    try {
      return new Response(fs.readFileSync(file), { status: 200 });
    } catch {
      return new Response('not found', { status: 404 });
    }
  }),
};

async function fetchThroughProtocol(url) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (!handler) return record('protocol.response', [url, null, 'no handler']);
  const res = await handler({ url, method: 'GET', headers: new Headers() });
  const body = await res.text();
  record('protocol.response', [url, res.status, body.slice(0, 2000)]);
}

// ---------------------------------------------------------------- windows
class WebContents extends EventEmitter {
  constructor(id) {
    super();
    this.__stubName = `webContents#${id}`;
    this.id = id;
    this.send = fn(`webContents.send`);
    this.setWindowOpenHandler = fn('webContents.setWindowOpenHandler');
    this.isDestroyed = () => false;
    this.openDevTools = fn('webContents.openDevTools');
  }
}

let windowSeq = 0;
const windows = [];
class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    record('new BrowserWindow', [options]);
    this.__stubName = `BrowserWindow#${++windowSeq}`;
    this.options = options;
    this.webContents = new WebContents(windowSeq);
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    record('BrowserWindow.loadURL', [url]);
    if (/^app:/.test(url)) await fetchThroughProtocol(url).catch((e) => record('stub.error', [String(e)]));
  }
  setVisibleOnAllWorkspaces(...args) {
    record('BrowserWindow.setVisibleOnAllWorkspaces', args);
  }
  isAlwaysOnTop() {
    return false;
  }
  setPosition(...args) {
    record('BrowserWindow.setPosition', args);
  }
  getSize() {
    return [this.options.width ?? 400, this.options.height ?? 400];
  }
  getBounds() {
    return { x: 0, y: 0, width: this.options.width ?? 400, height: this.options.height ?? 400 };
  }
  show() {
    record('BrowserWindow.show');
  }
  hide() {
    record('BrowserWindow.hide');
  }
  isVisible() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  close() {
    this.emit('close');
  }
  static getAllWindows() {
    return windows;
  }
}

// ---------------------------------------------------------------- tray / menu / images
class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.__stubName = 'Tray';
    record('new Tray', [image]);
  }
  setToolTip(text) {
    record('Tray.setToolTip', [text]);
  }
  setImage(image) {
    record('Tray.setImage', [image]);
  }
  setTitle(title) {
    record('Tray.setTitle', [title]);
  }
  getBounds() {
    return { x: 1000, y: 0, width: 22, height: 22 };
  }
  popUpContextMenu(menu) {
    record('Tray.popUpContextMenu', [menu]);
  }
  setContextMenu(menu) {
    record('Tray.setContextMenu', [menu]);
  }
  destroy() {
    record('Tray.destroy');
  }
}

const nativeImage = {
  createFromPath: fn('nativeImage.createFromPath', (p) => ({
    kind: 'nativeImage',
    path: p,
    exists: fs.existsSync(p),
    setTemplateImage: () => undefined,
    isEmpty: () => !fs.existsSync(p),
  })),
  createEmpty: fn('nativeImage.createEmpty', () => ({ kind: 'nativeImage', path: null, isEmpty: () => true, setTemplateImage: () => undefined })),
};

const Menu = {
  buildFromTemplate: fn('Menu.buildFromTemplate', (template) => ({ kind: 'menu', items: template })),
  setApplicationMenu: fn('Menu.setApplicationMenu'),
};

class Notification {
  static isSupported() {
    return true;
  }
  constructor(options) {
    record('new Notification', [options]);
  }
  on(event) {
    record('Notification.on', [event]);
    return this;
  }
  show() {
    record('Notification.show');
  }
}

const display = { id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const screen = {
  getDisplayMatching: () => structuredClone(display),
  getDisplayNearestPoint: () => structuredClone(display),
  getPrimaryDisplay: () => structuredClone(display),
  getCursorScreenPoint: () => ({ x: 1000, y: 10 }),
};

// ---------------------------------------------------------------- ipc
const ipcHandlers = new Map();
const ipcMain = Object.assign(new EventEmitter(), {
  __stubName: 'ipcMain',
  handle: fn('ipcMain.handle', (channel, handler) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }),
  removeHandler: fn('ipcMain.removeHandler', (channel) => void ipcHandlers.delete(channel)),
  on: fn('ipcMain.on', function on(channel, listener) {
    return EventEmitter.prototype.on.call(ipcMain, channel, listener);
  }),
});

// ---------------------------------------------------------------- misc modules
const dialog = { showErrorBox: fn('dialog.showErrorBox'), showMessageBox: fn('dialog.showMessageBox', async () => ({ response: 0 })) };
const shell = { openExternal: fn('shell.openExternal', async () => undefined), openPath: fn('shell.openPath', async () => '') };
/** Reversible and visibly not the plaintext; the real one is the Keychain. */
const safeStorage = {
  isAsyncEncryptionAvailable: fn('safeStorage.isAsyncEncryptionAvailable', async () => true),
  getSelectedStorageBackend: () => 'unknown',
  encryptStringAsync: fn('safeStorage.encryptStringAsync', async (s) => Buffer.from(`stub:${s}`).reverse()),
  decryptStringAsync: fn('safeStorage.decryptStringAsync', async (b) => {
    const s = Buffer.from(b).reverse().toString();
    if (!s.startsWith('stub:')) throw new Error('decrypt failed');
    return { result: s.slice(5), shouldReEncrypt: false };
  }),
};
const contextBridge = { exposeInMainWorld: fn('contextBridge.exposeInMainWorld') };
const ipcRenderer = Object.assign(new EventEmitter(), {
  __stubName: 'ipcRenderer',
  invoke: fn('ipcRenderer.invoke', async () => undefined),
  send: fn('ipcRenderer.send'),
});

// ---------------------------------------------------------------- stdin driver
if (process.env.ELECTRON_STUB_STDIN !== '0' && !process.stdin.isTTY) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return record('stub.error', [`bad command: ${line}`]);
    }
    if (msg.cmd === 'quit') return app.quit();
    if (msg.cmd === 'invoke') {
      const handler = ipcHandlers.get(msg.channel);
      if (!handler) return record('invoke.error', [msg.channel, `no handler for ${msg.channel}`]);
      const event = { senderFrame: { url: msg.url ?? 'app://dashboard/index.html', parent: null }, sender: {} };
      Promise.resolve()
        .then(() => handler(event, ...(msg.args ?? [])))
        .then(
          (result) => record('invoke.result', [msg.channel, result]),
          (err) => record('invoke.error', [msg.channel, err instanceof Error ? err.message : String(err)]),
        );
      return undefined;
    }
    return record('stub.error', [`unknown command: ${line}`]);
  });
  // Never let the driver keep an otherwise finished process alive.
  process.stdin.unref?.();
}

const electron = {
  app,
  BrowserWindow,
  clipboard,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};
globalThis.__electronStub = electron;

// Written out one by one so Node's CJS named-export detection (cjs-module-lexer) sees every name for `import { app }`.
exports.app = app;
exports.BrowserWindow = BrowserWindow;
exports.clipboard = clipboard;
exports.contextBridge = contextBridge;
exports.dialog = dialog;
exports.ipcMain = ipcMain;
exports.ipcRenderer = ipcRenderer;
exports.Menu = Menu;
exports.nativeImage = nativeImage;
exports.net = net;
exports.Notification = Notification;
exports.protocol = protocol;
exports.safeStorage = safeStorage;
exports.screen = screen;
exports.session = session;
exports.shell = shell;
exports.Tray = Tray;
