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
    const getStatus = vi.fn(async () => status);
    const onChanged = vi.fn();
    window.dashboard = { getStatus, onChanged } as unknown as DashboardClient;
    const viaIpc = resolveApi();
    await expect(viaIpc.getStatus()).resolves.toEqual(status);
    expect(getStatus).toHaveBeenCalledOnce();
    expect(viaIpc.onChanged).toBe(onChanged);

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

describe('httpApi push events over SSE', () => {
  class FakeEventSource {
    static opened: FakeEventSource[] = [];
    listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
    closed = false;
    constructor(readonly url: string) {
      FakeEventSource.opened.push(this);
    }
    addEventListener(type: string, l: (e: MessageEvent<string>) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    close(): void {
      this.closed = true;
    }
    emit(type: string, data: string): void {
      for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
    }
  }

  it('shares one EventSource on /api/events for both events, and closes it after the last unsubscribe', () => {
    FakeEventSource.opened = [];
    const api = httpApi('http://localhost:8081', { eventSource: (url) => new FakeEventSource(url) });
    const changed: unknown[] = [];
    const records: unknown[] = [];
    const offChanged = api.onChanged!((s) => changed.push(s));
    const offRecord = api.onRecord!((r) => records.push(r));
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['http://localhost:8081/api/events']);
    const es = FakeEventSource.opened[0]!;
    es.emit('changed', JSON.stringify(status));
    es.emit('record', JSON.stringify({ id: 'r1' }));
    es.emit('record', 'not json'); // ignored
    expect(changed).toEqual([status]);
    expect(records).toEqual([{ id: 'r1' }]);
    offChanged();
    expect(es.closed).toBe(false);
    offRecord();
    expect(es.closed).toBe(true);
  });

  it('without EventSource there are no subscriptions (the dashboard polls)', () => {
    const api = httpApi('', { eventSource: null });
    expect(api.onChanged).toBeUndefined();
    expect(api.onRecord).toBeUndefined();
  });

  it('routes path parameters URL-encoded', async () => {
    const fetch = fakeFetch(() => json([]));
    const api = httpApi('', { fetch, eventSource: null });
    await api.removeAccount('a/b c');
    await api.setAccountDisabled('x', false);
    await api.loginStatus('device-1');
    expect(fetch.mock.calls.map(([url, init]) => [init?.method, url])).toEqual([
      ['DELETE', '/api/accounts/a%2Fb%20c'],
      ['POST', '/api/accounts/x/enable'],
      ['GET', '/api/accounts/login/device-1'],
    ]);
  });
});
