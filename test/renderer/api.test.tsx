import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, errorMessage, httpApi, resolveApi, type DashboardClient } from '../../renderer/src/api';

const status = {
  enabled: true,
  listening: true,
  host: '127.0.0.1',
  port: 8081,
  activeAccountId: 'a',
  requestsServed: 1,
  version: '0.1.0',
};

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
}

function fakeFetch(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  return vi.fn(async (url: string, init?: RequestInit) => respond(url, init));
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete window.dashboard;
});

describe('httpApi', () => {
  it('GETs status and accounts', async () => {
    const fetch = fakeFetch((url) => (url.endsWith('/api/status') ? json(status) : json([{ id: 'a' }])));
    const api = httpApi('http://localhost:8081', fetch);
    await expect(api.getStatus()).resolves.toEqual(status);
    await expect(api.listAccounts()).resolves.toEqual([{ id: 'a' }]);
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      ['http://localhost:8081/api/status', 'GET'],
      ['http://localhost:8081/api/accounts', 'GET'],
    ]);
    expect(fetch.mock.calls[0]![1]?.body).toBeUndefined();
  });

  it('POSTs JSON bodies for switchAccount and setEnabled', async () => {
    const fetch = fakeFetch(() => json(status));
    const api = httpApi('', fetch);
    await api.switchAccount('acct-1');
    await api.setEnabled(false);
    const [[switchUrl, switchInit], [enabledUrl, enabledInit]] = fetch.mock.calls as unknown as [[string, RequestInit], [string, RequestInit]];
    expect(switchUrl).toBe('/api/accounts/switch');
    expect(switchInit).toMatchObject({ method: 'POST', body: JSON.stringify({ id: 'acct-1' }) });
    expect((switchInit.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(enabledUrl).toBe('/api/enabled');
    expect(enabledInit).toMatchObject({ method: 'POST', body: JSON.stringify({ enabled: false }) });
  });

  it('turns a non-2xx into an Error carrying the server message', async () => {
    const shapes: [unknown, string][] = [
      [{ error: { type: 'not_found', message: 'unknown account acct-9' } }, 'unknown account acct-9'],
      [{ error: 'account is disabled' }, 'account is disabled'],
      [{ message: 'enabled must be a boolean' }, 'enabled must be a boolean'],
    ];
    for (const [body, message] of shapes) {
      const api = httpApi('', fakeFetch(() => json(body, { status: 400 })));
      const err = await api.switchAccount('x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ message, status: 400 });
    }
  });

  it('falls back to a short text body, then to the HTTP status', async () => {
    const text = httpApi('', fakeFetch(() => new Response('Forbidden origin', { status: 403 })));
    await expect(text.getStatus()).rejects.toThrow('Forbidden origin');
    const html = httpApi('', fakeFetch(() => new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' })));
    await expect(html.getStatus()).rejects.toThrow('GET /api/status failed (HTTP 502 Bad Gateway)');
    const empty = httpApi('', fakeFetch(() => new Response(null, { status: 500 })));
    await expect(empty.getStatus()).rejects.toThrow('GET /api/status failed (HTTP 500)');
  });

  it('reports an unreachable proxy and a non-JSON success readably', async () => {
    const down = httpApi('', fakeFetch(() => Promise.reject(new TypeError('fetch failed'))));
    await expect(down.getStatus()).rejects.toThrow('Cannot reach the proxy (fetch failed)');
    const notJson = httpApi('', fakeFetch(() => new Response('<!doctype html>', { status: 200 })));
    await expect(notJson.getStatus()).rejects.toThrow(/sent no JSON/);
  });

  it('uses the global fetch by default (resolved at call time)', async () => {
    const fetch = fakeFetch(() => json(status));
    vi.stubGlobal('fetch', fetch);
    await expect(httpApi().getStatus()).resolves.toEqual(status);
    expect(fetch).toHaveBeenCalledWith('/api/status', expect.objectContaining({ method: 'GET' }));
  });
});

describe('resolveApi', () => {
  it('prefers the preload bridge, else talks HTTP', async () => {
    const bridge = { getStatus: vi.fn() } as unknown as DashboardClient;
    window.dashboard = bridge;
    expect(resolveApi()).toBe(bridge);

    delete window.dashboard;
    const fetch = fakeFetch(() => json(status));
    vi.stubGlobal('fetch', fetch);
    await expect(resolveApi().getStatus()).resolves.toEqual(status);
  });
});

describe('errorMessage', () => {
  it('strips Electron’s remote-method prefix and handles non-errors', () => {
    expect(errorMessage(new Error("Error invoking remote method 'dashboard:setEnabled': TypeError: setEnabled: enabled must be a boolean"))).toBe(
      'setEnabled: enabled must be a boolean',
    );
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('text')).toBe('text');
  });
});
