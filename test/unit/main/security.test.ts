import { describe, expect, it, vi } from 'vitest';
import {
  denyAllPermissions,
  hardenWebContents,
  installWebContentsGuards,
  isSafeExternalUrl,
  type GuardableContents,
} from '../../../main/security.js';

type Listener = (event: { url?: string; preventDefault(): void }, ...rest: unknown[]) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: vi.fn((name: string, l: Listener) => {
      listeners.set(name, l);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((h: typeof openHandler) => void (openHandler = h)),
  };
  const emit = (name: string, url?: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)!(event, url);
    return event.preventDefault;
  };
  return { contents: contents as unknown as GuardableContents, listeners, emit, open: (url: string) => openHandler!({ url }) };
}

describe('permission handlers', () => {
  it('deny every permission request and check', () => {
    const ses = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    denyAllPermissions(ses as never);
    const request = ses.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const cb = vi.fn();
      request({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean;
    expect(check({}, 'media', 'app://dashboard', {})).toBe(false);
  });
});

describe('webContents guards', () => {
  it('block navigation and redirects away from the dashboard', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, { openExternal: vi.fn() });
    expect(emit('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(emit('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(emit('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(emit('will-navigate', 'http://localhost:5173/')).toHaveBeenCalled(); // no dev server in production
    expect(emit('will-navigate', 'app://dashboard/index.html')).not.toHaveBeenCalled();
  });

  it('allow the dev server when configured', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, { devServerUrl: 'http://localhost:5173', openExternal: vi.fn() });
    expect(emit('will-navigate', 'http://localhost:5173/')).not.toHaveBeenCalled();
    expect(emit('will-navigate', 'http://localhost:9999/')).toHaveBeenCalled();
  });

  it('refuse <webview>', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, { openExternal: vi.fn() });
    expect(emit('will-attach-webview')).toHaveBeenCalled();
  });

  it('deny every new window; only https links go to the browser', () => {
    const openExternal = vi.fn();
    const { contents, open } = fakeContents();
    hardenWebContents(contents, { openExternal });
    expect(open('https://chatgpt.com/')).toEqual({ action: 'deny' });
    expect(open('app://dashboard/index.html')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open('smb://host/share')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://chatgpt.com/']]);
  });

  it('a failing openExternal does not escape as an unhandled rejection', async () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents, { openExternal: () => Promise.reject(new Error('no browser')) });
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
  });

  it('are installed on every webContents the app creates', () => {
    let created: ((event: unknown, contents: unknown) => void) | undefined;
    const app = { on: vi.fn((_name: string, l: typeof created) => void (created = l)) };
    installWebContentsGuards(app as never, { openExternal: vi.fn() });
    expect(app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
    const { contents, listeners } = fakeContents();
    created!({}, contents);
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('isSafeExternalUrl accepts https only', () => {
    expect(isSafeExternalUrl('https://auth.openai.com/oauth/authorize?x=1')).toBe(true);
    for (const u of ['http://example.com', 'file:///x', 'javascript:void 0', 'mailto:a@b', '']) expect(isSafeExternalUrl(u)).toBe(false);
  });
});
