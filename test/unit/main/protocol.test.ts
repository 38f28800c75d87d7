import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  DASHBOARD_URL,
  handleAppProtocol,
  isDashboardUrl,
  registerAppScheme,
  resolveAppPath,
} from '../../../main/protocol.js';

const root = path.resolve('/opt/app/dist/renderer');

describe('resolveAppPath', () => {
  it('maps dashboard URLs to files under the renderer root', () => {
    expect(resolveAppPath(root, DASHBOARD_URL)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://dashboard/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://dashboard')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://dashboard/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveAppPath(root, 'app://dashboard/assets/my%20file.css')).toBe(path.join(root, 'assets/my file.css'));
  });

  it('never resolves outside the root, whatever the spelling', () => {
    // WHATWG URL parsing already folds literal and %2e-encoded dot segments back under the root…
    for (const url of ['app://dashboard/../../etc/passwd', 'app://dashboard/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveAppPath(root, url), url).toBe(path.join(root, 'etc/passwd'));
    }
    // …but encoded separators survive parsing and would climb out after decoding: those are refused.
    for (const url of [
      'app://dashboard/..%2f..%2fetc%2fpasswd',
      'app://dashboard/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
      'app://dashboard/..%5c..%5cetc%5cpasswd',
      'app://dashboard/index.html%00.png',
      'app://dashboard/%E0%A4%A', // malformed escape
    ]) {
      expect(resolveAppPath(root, url), url).toBeNull();
    }
  });

  it('refuses other schemes and hosts', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'https://dashboard/index.html')).toBeNull();
    expect(resolveAppPath(root, 'garbage')).toBeNull();
  });
});

describe('isDashboardUrl', () => {
  it('compares protocol and host for app:// (Node gives it an opaque "null" origin)', () => {
    expect(new URL(DASHBOARD_URL).origin).toBe('null');
    expect(isDashboardUrl(DASHBOARD_URL)).toBe(true);
    expect(isDashboardUrl('app://elsewhere/')).toBe(false);
    expect(isDashboardUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isDashboardUrl('http://localhost:5173/x', 'not a url')).toBe(false);
  });
});

describe('app:// registration and handler', () => {
  it('registers app as a standard, secure, fetch-capable scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves files through net.fetch(file://…) and answers 404 for refused paths', async () => {
    let handler: ((req: Request) => Response | Promise<Response>) | undefined;
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => void (handler = h)) };
    const net = { fetch: vi.fn(async () => new Response('<html>')) };
    handleAppProtocol(protocol, net, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));

    const ok = await handler!({ url: 'app://dashboard/index.html' } as Request);
    expect(await ok.text()).toBe('<html>');
    expect(net.fetch).toHaveBeenCalledWith(pathToFileURL(path.join(root, 'index.html')).toString());

    const refused = await handler!({ url: 'app://dashboard/..%2f..%2fsecret' } as Request);
    expect(refused.status).toBe(404);
    expect(net.fetch).toHaveBeenCalledTimes(1);
  });
});
