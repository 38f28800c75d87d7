/**
 * Main-bundle smoke (design §8.3): the BUNDLED main process (dist/main/index.js, exactly what Electron loads)
 * runs under plain Node with `electron` mapped to a recording stub (test/helpers/electron-stub.cjs). It must wire
 * the security pieces, the IPC handlers, the tray and the dashboard window, and host a real ProxyCore that shares
 * its data dir with the headless CLI: an account imported with the CLI (`plain:` tokens) serves a request here.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardChannels, dashboardEventChannels } from '../../proxy/src/contract.js';
import type { AccountSummary, ProxyStatus } from '../../proxy/src/contract.js';
import { makeCodexAuthJson, startFakeCodex, type FakeCodex } from '../fakes/codex-backend.js';
import { runCli } from '../helpers/cli.js';
import { fakeEnv } from '../helpers/stack.js';
import { ensureBuilt, ROOT, TEST_BUILD_DIR } from '../packaging/build-app.js';

const MAIN = path.join(TEST_BUILD_DIR, 'main/index.js');
const PRELOAD = path.join(TEST_BUILD_DIR, 'preload/preload.cjs');
const REGISTER = path.join(ROOT, 'test/helpers/register-electron-stub.mjs');
const PREFIX = '@@electron-stub ';

interface Call {
  seq: number;
  api: string;
  args: unknown[];
}

interface StubbedApp {
  child: ChildProcessWithoutNullStreams;
  calls: Call[];
  output(): string;
  waitFor(pred: (c: Call) => boolean, what: string, timeoutMs?: number): Promise<Call>;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(cmd: object): void;
  exited: Promise<number | null>;
}

/** Runs `node --import register-electron-stub.mjs dist/main/index.js` and parses the recorded calls. */
function runMainBundle(env: Record<string, string>): StubbedApp {
  const child = spawn(process.execPath, ['--import', REGISTER, MAIN], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ELECTRON_RENDERER_URL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const calls: Call[] = [];
  let out = '';
  let buffered = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith(PREFIX)) calls.push(JSON.parse(line.slice(PREFIX.length)) as Call);
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor = (pred: (c: Call) => boolean, what: string, timeoutMs = 15_000): Promise<Call> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = calls.find(pred);
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
        return Boolean(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}\n--- output ---\n${out}`));
      }, timeoutMs);
      waiters.add(check);
      void exited.then((code) => {
        if (!check()) {
          clearTimeout(timer);
          reject(new Error(`main exited (${code}) before ${what}\n--- output ---\n${out}`));
        }
      });
      check();
    });

  const send = (cmd: object): void => void child.stdin.write(`${JSON.stringify(cmd)}\n`);
  let invokeSeq = 0;
  const invoke = async (channel: string, ...args: unknown[]): Promise<unknown> => {
    const after = calls.length;
    invokeSeq++;
    send({ cmd: 'invoke', channel, args });
    const c = await waitFor(
      (x) => calls.indexOf(x) >= after && (x.api === 'invoke.result' || x.api === 'invoke.error') && x.args[0] === channel,
      `${channel} #${invokeSeq}`,
    );
    if (c.api === 'invoke.error') throw new Error(String(c.args[1]));
    return c.args[1];
  };
  return { child, calls, output: () => out, waitFor, invoke, send, exited };
}

const named = (calls: Call[], api: string) => calls.filter((c) => c.api === api);

let tmp: string;
let fake: FakeCodex;
let dataDir: string;
let accountEmail: string;
let app: StubbedApp;
let baseUrl: string;

beforeAll(async () => {
  ensureBuilt('main');
  ensureBuilt('renderer');
  tmp = mkdtempSync(path.join(tmpdir(), 'ccp-main-bundle-'));
  dataDir = path.join(tmp, 'data');
  fake = await startFakeCodex();

  // An account imported with the headless CLI into the shared data dir: its tokens are sealed `plain:`.
  const { account, tokens } = fake.addAccount({ email: 'shared@example.com' });
  accountEmail = account.email;
  const authFile = path.join(tmp, 'codex', 'auth.json');
  mkdirSync(path.dirname(authFile), { recursive: true });
  writeFileSync(authFile, JSON.stringify(makeCodexAuthJson(tokens, account)), { mode: 0o600 });
  const imp = await runCli(['accounts', 'import', '--file', authFile, '--data-dir', dataDir]);
  expect(imp.code, imp.stderr).toBe(0);
  expect(readFileSync(path.join(dataDir, 'accounts.json'), 'utf8')).toContain('"plain:');

  app = runMainBundle({
    HOME: path.join(tmp, 'home'),
    ELECTRON_STUB_USER_DATA: path.join(tmp, 'home', 'userData'),
    CODEX_CLAUDE_PROXY_HOME: dataDir,
    CODEX_CLAUDE_PROXY_PORT: '0',
    ...fakeEnv(fake),
  });
  const sent = await app.waitFor(
    (c) => c.api === 'webContents.send' && (c.args[1] as ProxyStatus | undefined)?.listening === true,
    'the first listening status pushed to the dashboard',
  );
  const status = sent.args[1] as ProxyStatus;
  baseUrl = `http://${status.host}:${status.port}`;
}, 60_000);

afterAll(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGKILL');
    await app.exited;
  }
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('bundled main process under a stubbed electron', () => {
  it('registers app:// as privileged before ready, then serves dist/renderer through it', () => {
    const { calls } = app;
    const scheme = named(calls, 'protocol.registerSchemesAsPrivileged');
    expect(scheme).toHaveLength(1);
    expect(scheme[0]!.args[0]).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const ready = named(calls, 'app.ready')[0]!;
    expect(scheme[0]!.seq).toBeLessThan(ready.seq);
    expect(named(calls, 'app.requestSingleInstanceLock')[0]!.seq).toBeLessThan(ready.seq);

    const handle = named(calls, 'protocol.handle');
    expect(handle.map((c) => c.args[0])).toEqual(['app']);
    expect(handle[0]!.seq).toBeGreaterThan(ready.seq);
    const response = named(calls, 'protocol.response')[0]!;
    expect(response.args[0]).toBe('app://dashboard/index.html');
    expect(response.args[1]).toBe(200);
    expect(String(response.args[2])).toContain('Content-Security-Policy');
  });

  it('denies every permission and guards every webContents', () => {
    const { calls } = app;
    expect(named(calls, 'session.setPermissionRequestHandler')).toHaveLength(1);
    expect(named(calls, 'permission.request.result')[0]!.args).toEqual(['media', false]);
    expect(named(calls, 'permission.check.result')[0]!.args).toEqual(['clipboard-read', false]);
    expect(named(calls, 'webContents.setWindowOpenHandler').length).toBe(named(calls, 'new BrowserWindow').length);
  });

  it('registers exactly one ipcMain handler per dashboard channel', () => {
    const channels = named(app.calls, 'ipcMain.handle').map((c) => c.args[0]);
    expect([...channels].sort()).toEqual(Object.values(dashboardChannels).sort());
  });

  it('creates the tray and a sandboxed, context-isolated dashboard window with the bundled preload', () => {
    const { calls } = app;
    const tray = named(calls, 'new Tray');
    expect(tray).toHaveLength(1);
    expect(tray[0]!.args[0]).toMatchObject({ kind: 'nativeImage', exists: true });
    expect(named(calls, 'app.dock.hide')).toHaveLength(1);

    const windows = named(calls, 'new BrowserWindow');
    expect(windows).toHaveLength(1);
    const options = windows[0]!.args[0] as { show: boolean; webPreferences: Record<string, unknown> };
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: PRELOAD,
    });
    expect(statSync(PRELOAD).isFile()).toBe(true);
    expect(named(calls, 'BrowserWindow.loadURL').map((c) => c.args[0])).toEqual(['app://dashboard/index.html']);
    expect(named(calls, 'dialog.showErrorBox')).toEqual([]);
    expect(named(calls, 'stub.error')).toEqual([]);
  });

  it('hosts the proxy: /health answers on the port the tray shows', async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', enabled: true });
    const port = new URL(baseUrl).port;
    // The tray state is re-read after start (asynchronously): wait for it rather than race it.
    await app.waitFor((c) => c.api === 'Tray.setToolTip' && c.args[0] === `Codex Claude Proxy — Proxy on · http://127.0.0.1:${port}`, 'tray shows on');
    // The dashboard is also served over HTTP, from the same dist/renderer.
    expect(await (await fetch(`${baseUrl}/`)).text()).toContain('<div id="root">');
  });

  it('shares the data dir with the CLI: the imported account is listed and its plain: tokens serve a request', async () => {
    const accounts = (await app.invoke(dashboardChannels.listAccounts)) as AccountSummary[];
    expect(accounts).toEqual([expect.objectContaining({ email: accountEmail, active: true, status: 'ok' })]);

    const res = await fetch(`${baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'x' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { content: { text: string }[] }).content[0]!.text).toBeTruthy();
    expect(fake.requests.some((r) => r.path.endsWith('/responses') && r.status === 200)).toBe(true);

    // The finished request reaches the dashboard window as a typed `dashboard:record` push.
    const pushed = await app.waitFor((c) => c.api === 'webContents.send' && c.args[0] === dashboardEventChannels.record, 'a record pushed to the dashboard');
    expect(pushed.args[1]).toMatchObject({ route: '/v1/messages', clientModel: 'claude-sonnet-5-5', outcome: 'ok' });
    const logged = (await app.invoke(dashboardChannels.listRequests, 10)) as { id: string }[];
    expect(logged.map((r) => r.id)).toContain((pushed.args[1] as { id: string }).id);
  });

  it('IPC drives the real core: turning the proxy off shows in /health and the tray, and a bad argument is refused', async () => {
    const off = (await app.invoke(dashboardChannels.setEnabled, false)) as ProxyStatus;
    expect(off).toMatchObject({ enabled: false, listening: true });
    expect(await (await fetch(`${baseUrl}/health`)).json()).toMatchObject({ enabled: false });
    await app.waitFor((c) => c.api === 'Tray.setToolTip' && c.args[0] === 'Codex Claude Proxy — Proxy off', 'tray shows off');
    await expect(app.invoke(dashboardChannels.setEnabled, 'yes')).rejects.toThrow(/boolean/);
    expect(await app.invoke(dashboardChannels.setEnabled, true)).toMatchObject({ enabled: true });
  });

  it('Quit stops the proxy, removes the IPC handlers and exits 0', async () => {
    app.send({ cmd: 'quit' });
    expect(await app.exited).toBe(0);
    expect(named(app.calls, 'ipcMain.removeHandler')).toHaveLength(Object.keys(dashboardChannels).length);
    expect(named(app.calls, 'app.will-quit')).toHaveLength(1);
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
  });
});

describe('bundled main process: failures and the preload', () => {
  it('a broken settings.json stops the app with a message and is never wiped', async () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ port: 'eighty' }));
    const broken = runMainBundle({
      HOME: path.join(tmp, 'home2'),
      CODEX_CLAUDE_PROXY_HOME: dir,
      CODEX_CLAUDE_PROXY_PORT: '0',
    });
    expect(await broken.exited).toBe(1);
    const box = named(broken.calls, 'dialog.showErrorBox');
    expect(box).toHaveLength(1);
    expect(box[0]!.args).toEqual(['Codex Claude Proxy could not start', expect.stringMatching(/Invalid setting port/)]);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify({ port: 'eighty' }));
  });

  it('a busy port (e.g. the headless CLI already running) keeps the app up in the error state and notifies', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const busy = runMainBundle({
        HOME: path.join(tmp, 'home3'),
        CODEX_CLAUDE_PROXY_HOME: path.join(tmp, 'busy'),
        CODEX_CLAUDE_PROXY_PORT: String(port),
      });
      const notice = await busy.waitFor((c) => c.api === 'new Notification' && JSON.stringify(c.args).includes('could not start'), 'start-failed notice');
      expect((notice.args[0] as { body: string }).body).toMatch(new RegExp(`^Port ${port} is already in use`));
      await busy.waitFor((c) => c.api === 'Tray.setImage' && JSON.stringify(c.args).includes('trayErrorTemplate.png'), 'error icon');
      expect(named(busy.calls, 'dialog.showErrorBox')).toEqual([]);
      busy.send({ cmd: 'quit' });
      expect(await busy.exited).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('the preload is one CJS file that requires only electron and exposes only the dashboard API', async () => {
    const src = readFileSync(PRELOAD, 'utf8');
    expect([...src.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(src).not.toMatch(/^\s*import\s/m);
    const child = spawn(process.execPath, ['--import', REGISTER, '-e', `require(${JSON.stringify(PRELOAD)})`], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_STUB_STDIN: '0' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    const exposed = out
      .split('\n')
      .filter((l) => l.startsWith(PREFIX))
      .map((l) => JSON.parse(l.slice(PREFIX.length)) as Call)
      .filter((c) => c.api === 'contextBridge.exposeInMainWorld');
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.args[0]).toBe('dashboard');
    expect(Object.keys(exposed[0]!.args[1] as object).sort()).toEqual(
      [...Object.keys(dashboardChannels), ...Object.keys(dashboardEventChannels).map((e) => `on${e[0]!.toUpperCase()}${e.slice(1)}`)].sort(),
    );
  });
});
