import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { flush } from './electron-fakes.js';
import { makeAccount } from './fixtures.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);

const { LOGIN_PARTITION, isCallbackUrl, runLoginWindow } = await import('../../../main/login-window.js');

const REDIRECT = 'http://localhost:1455/auth/callback';
const AUTH = 'https://auth.openai.com/oauth/authorize?client_id=x&state=st4te&redirect_uri=' + encodeURIComponent(REDIRECT);

function setup(o: { listening?: boolean; url?: string; fallback?: boolean } = {}) {
  const contents = new EventEmitter();
  const win = Object.assign(new EventEmitter(), {
    webContents: contents,
    loadURL: vi.fn(async (_url: string) => undefined),
    destroyed: false,
    close: vi.fn(function (this: { destroyed: boolean; emit(e: string): void }) {
      this.destroyed = true;
      this.emit('closed');
    }),
    isDestroyed() {
      return this.destroyed;
    },
  });
  let beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
  const ses = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn((_f: unknown, l: typeof beforeRequest) => void (beforeRequest = l)) },
  };
  const account = makeAccount({ id: 'new', email: 'new@example.com' });
  const core = {
    startLogin: vi.fn(async (_m: 'browser' | 'paste') => ({ loginId: 'l1', url: o.url ?? AUTH, redirectUri: REDIRECT, listening: o.listening ?? true, expiresAt: 0 })),
    completeLogin: vi.fn(async (_u: string) => account),
    switchAccount: vi.fn(async (_id: string) => ({}) as never),
  };
  const createWindow = vi.fn((_opts: unknown) => win as never);
  const deps = {
    core,
    createWindow,
    session: vi.fn(() => ses),
    openExternal: vi.fn(async (_u: string) => undefined),
    confirmBrowserFallback: vi.fn(async (_r: string) => o.fallback ?? true),
  };
  const outcome = runLoginWindow(deps);
  const redirect = (url: string) => {
    const event = { url, preventDefault: vi.fn() };
    contents.emit('will-redirect', event);
    return event;
  };
  return { deps, core, win, contents, ses, outcome, redirect, beforeRequest: () => beforeRequest!, createWindow };
}

describe('embedded sign-in window', () => {
  it('opens the authorize URL in a sandboxed, node-less window on its own persistent partition', async () => {
    const { createWindow, win, ses, core, deps } = setup();
    await flush();
    expect(core.startLogin).toHaveBeenCalledWith('paste');
    expect(LOGIN_PARTITION.startsWith('persist:')).toBe(true);
    expect(deps.session).toHaveBeenCalledOnce();
    const opts = createWindow.mock.calls[0]![0] as { webPreferences: Record<string, unknown> };
    expect(opts.webPreferences).toMatchObject({ session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(opts.webPreferences.preload).toBeUndefined();
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(win.loadURL).toHaveBeenCalledWith(AUTH);
  });

  it('success: intercepts the callback, completes the login, selects the new account and closes', async () => {
    const { redirect, core, win, outcome } = setup();
    await flush();
    const cb = `${REDIRECT}?code=abc&state=st4te`;
    const event = redirect(cb);
    expect(event.preventDefault).toHaveBeenCalled(); // never reaches the loopback listener
    await expect(outcome).resolves.toMatchObject({ kind: 'done', account: { id: 'new', active: true } });
    expect(core.completeLogin).toHaveBeenCalledWith(cb);
    expect(core.switchAccount).toHaveBeenCalledWith('new');
    expect(win.close).toHaveBeenCalled();
  });

  it('a callback seen by webRequest (127.0.0.1 form) is cancelled and completes the login too', async () => {
    const { beforeRequest, outcome, core } = setup();
    await flush();
    const cancel = vi.fn();
    beforeRequest()({ url: 'http://127.0.0.1:1455/auth/callback?code=abc&state=st4te' }, cancel);
    expect(cancel).toHaveBeenCalledWith({ cancel: true });
    await expect(outcome).resolves.toMatchObject({ kind: 'done' });
    expect(core.completeLogin).toHaveBeenCalledOnce();
    const other = vi.fn();
    beforeRequest()({ url: 'http://127.0.0.1:1455/favicon.ico' }, other);
    expect(other).toHaveBeenCalledWith({ cancel: false });
  });

  it('state mismatch: fails without exchanging the code', async () => {
    const { redirect, core, outcome } = setup();
    await flush();
    redirect(`${REDIRECT}?code=abc&state=forged`);
    await expect(outcome).resolves.toEqual({ kind: 'failed', message: expect.stringMatching(/State mismatch/) });
    expect(core.completeLogin).not.toHaveBeenCalled();
  });

  it('provider error: fails with the provider\'s description', async () => {
    const { redirect, core, outcome } = setup();
    await flush();
    redirect(`${REDIRECT}?error=access_denied&error_description=User+cancelled&state=st4te`);
    await expect(outcome).resolves.toEqual({ kind: 'failed', message: 'ChatGPT refused the sign-in: User cancelled' });
    expect(core.completeLogin).not.toHaveBeenCalled();
  });

  it('the user closes the window: cancelled', async () => {
    const { win, outcome, core } = setup();
    await flush();
    win.emit('closed');
    await expect(outcome).resolves.toEqual({ kind: 'cancelled' });
    expect(core.completeLogin).not.toHaveBeenCalled();
  });

  it('"open in browser" fallback when the page does not load or refuses the embedded window', async () => {
    const a = setup();
    await flush();
    a.contents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', AUTH, true);
    await expect(a.outcome).resolves.toEqual({ kind: 'browser' });
    expect(a.deps.confirmBrowserFallback).toHaveBeenCalledWith(expect.stringMatching(/did not load/));
    expect(a.deps.openExternal).toHaveBeenCalledWith(AUTH);

    const b = setup({ fallback: false });
    await flush();
    b.contents.emit('did-navigate', {}, 'https://auth.openai.com/blocked', 403);
    await expect(b.outcome).resolves.toEqual({ kind: 'cancelled' });
    expect(b.deps.openExternal).not.toHaveBeenCalled();

    const c = setup({ listening: false });
    await flush();
    c.contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', AUTH, true); // our own interception: ignored
    c.contents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', AUTH, true);
    await expect(c.outcome).resolves.toMatchObject({ kind: 'failed', message: expect.stringMatching(/callback port is busy/) });
  });

  it('refuses a non-https authorize URL without opening a window', async () => {
    const { outcome, createWindow } = setup({ url: 'file:///etc/passwd' });
    await expect(outcome).resolves.toMatchObject({ kind: 'failed' });
    expect(createWindow).not.toHaveBeenCalled();
  });

  it('recognises only the loopback callback path and port', () => {
    expect(isCallbackUrl('http://127.0.0.1:1455/auth/callback?code=1', REDIRECT)).toBe(true);
    expect(isCallbackUrl('http://localhost:1456/auth/callback?code=1', REDIRECT)).toBe(false);
    expect(isCallbackUrl('https://evil.example/auth/callback', REDIRECT)).toBe(false);
  });
});
