import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CatalogFetchError,
  ModelCatalog,
  parseCatalogEntry,
  parseCatalogResponse,
} from '../../../proxy/src/codex/catalog.js';
import { codexHeaders, codexUserAgent } from '../../../proxy/src/codex/headers.js';

const creds = { accessToken: 'tok-1', accountId: 'acct-1' };

function info(slug: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    display_name: slug.toUpperCase(),
    description: 'x',
    default_reasoning_level: 'medium',
    supported_reasoning_levels: ['low', 'medium', 'high', 'xhigh', 'max', 'ultra'].map((effort) => ({ effort, description: effort })),
    visibility: 'list',
    supported_in_api: true,
    priority: 1,
    context_window: 272000,
    input_modalities: ['text', 'image'],
    supports_parallel_tool_calls: true,
    model_messages: { instructions_template: '…' },
    ...over,
  };
}

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

interface StubCall {
  url: string;
  headers: Record<string, string>;
}

function stubFetch(responder: (n: number) => Response | Promise<Response>): { fetchImpl: typeof fetch; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    return responder(calls.length);
  }) as typeof fetch;
  return { fetchImpl, calls };
}

describe('parseCatalogEntry / parseCatalogResponse', () => {
  it('maps fields, strips ultra, tolerates unknown fields', () => {
    const m = parseCatalogEntry(info('gpt-6.1-sol', { default_reasoning_level: 'low', max_context_window: 872000, future_field: { a: 1 } }));
    expect(m).toEqual({
      slug: 'gpt-6.1-sol',
      displayName: 'GPT-6.1-SOL',
      efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
      defaultEffort: 'low',
      contextWindow: 272000,
      maxContextWindow: 872000,
      visible: true,
      inputModalities: ['text', 'image'],
      supportsParallelToolCalls: true,
      priority: 1,
    });
  });

  it('clamps an ultra default to max and falls back for odd level lists', () => {
    expect(parseCatalogEntry(info('a', { default_reasoning_level: 'ultra' }))?.defaultEffort).toBe('max');
    const bare = parseCatalogEntry({ slug: 'bare' });
    expect(bare).toMatchObject({ slug: 'bare', displayName: 'bare', efforts: ['low', 'medium', 'high'], defaultEffort: 'medium', visible: true });
    expect(parseCatalogEntry(info('h', { visibility: 'hide' }))?.visible).toBe(false);
  });

  it('skips malformed entries and sorts by priority', () => {
    const list = parseCatalogResponse({
      models: [
        info('b', { priority: 5 }),
        null,
        { display_name: 'no slug' },
        { slug: 42 },
        info('c', { context_window: 'big' }),
        info('a', { priority: 0 }),
        info('b', { priority: 9 }),
      ],
    });
    expect(list.map((m) => m.slug)).toEqual(['a', 'b']);
  });

  it('rejects a body without a models array', () => {
    expect(() => parseCatalogResponse({ data: [] })).toThrow(CatalogFetchError);
  });
});

describe('ModelCatalog (stub fetch)', () => {
  it('shares one request between concurrent callers and caches per account', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { fetchImpl, calls } = stubFetch(async () => {
      await gate;
      return jsonResponse({ models: [info('gpt-5.6-sol')] });
    });
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x/backend-api/codex/', fetchImpl });
    const ps = [cat.get(creds), cat.get(creds), cat.get(creds)];
    release();
    const results = await Promise.all(ps);
    expect(calls).toHaveLength(1);
    expect(results[0]).toBe(results[1]);
    expect(results[0]?.map((m) => m.slug)).toEqual(['gpt-5.6-sol']);
    expect(calls[0]?.url).toBe('http://x/backend-api/codex/models?client_version=0.169.0');
    await cat.get(creds);
    expect(calls).toHaveLength(1);
    await cat.get({ accessToken: 'tok-2', accountId: 'acct-2' });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers['chatgpt-account-id']).toBe('acct-2');
  });

  it('refetches after the TTL', async () => {
    let now = 1_000_000;
    const { fetchImpl, calls } = stubFetch((n) => jsonResponse({ models: [info(`m${n}`)] }));
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl, ttlMs: 60_000, now: () => now });
    expect((await cat.get(creds))[0]?.slug).toBe('m1');
    now += 59_999;
    expect((await cat.get(creds))[0]?.slug).toBe('m1');
    now += 2;
    expect((await cat.get(creds))[0]?.slug).toBe('m2');
    expect(calls).toHaveLength(2);
  });

  it('defaults the TTL to 10 minutes', async () => {
    let now = 0;
    const { fetchImpl, calls } = stubFetch(() => jsonResponse({ models: [info('m')] }));
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl, now: () => now });
    await cat.get(creds);
    now = 9 * 60_000;
    await cat.get(creds);
    expect(calls).toHaveLength(1);
    now = 10 * 60_000 + 1;
    await cat.get(creds);
    expect(calls).toHaveLength(2);
  });

  it('serves the last good list when a refresh fails, and backs off before retrying', async () => {
    let now = 0;
    let fail = false;
    const { fetchImpl, calls } = stubFetch(() => {
      if (fail) return jsonResponse({ error: 'boom' }, 503);
      return jsonResponse({ models: [info('good')] });
    });
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl, ttlMs: 1000, errorRetryMs: 500, now: () => now });
    await cat.get(creds);
    fail = true;
    now = 2000;
    expect((await cat.get(creds)).map((m) => m.slug)).toEqual(['good']);
    expect(calls).toHaveLength(2);
    now = 2400; // inside the error back-off
    await cat.get(creds);
    expect(calls).toHaveLength(2);
    now = 2600;
    expect((await cat.get(creds))[0]?.slug).toBe('good');
    expect(calls).toHaveLength(3);
    fail = false;
    now = 3200;
    expect((await cat.get(creds))[0]?.slug).toBe('good');
    expect(calls).toHaveLength(4);
  });

  it('also serves stale on network errors and malformed bodies', async () => {
    let now = 0;
    let mode: 'ok' | 'throw' | 'garbage' = 'ok';
    const { fetchImpl } = stubFetch(() => {
      if (mode === 'throw') throw new TypeError('fetch failed');
      if (mode === 'garbage') return new Response('<html>', { status: 200 });
      return jsonResponse({ models: [info('good')] });
    });
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl, ttlMs: 10, errorRetryMs: 0, now: () => now });
    await cat.get(creds);
    mode = 'throw';
    now = 100;
    expect((await cat.get(creds))[0]?.slug).toBe('good');
    mode = 'garbage';
    now = 200;
    expect((await cat.get(creds))[0]?.slug).toBe('good');
  });

  it('throws when the first fetch fails, and retries on the next call', async () => {
    let fail = true;
    const { fetchImpl, calls } = stubFetch(() => (fail ? jsonResponse({}, 401) : jsonResponse({ models: [info('m')] })));
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl });
    const err = await cat.get(creds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogFetchError);
    expect((err as CatalogFetchError).status).toBe(401);
    expect((err as Error).message).not.toContain('tok-1');
    fail = false;
    expect((await cat.get(creds))[0]?.slug).toBe('m');
    expect(calls).toHaveLength(2);
  });

  it("strips 'ultra' and skips malformed entries", async () => {
    const { fetchImpl } = stubFetch(() =>
      jsonResponse({ models: [info('a'), { slug: '' }, 'nope', info('b', { supported_reasoning_levels: [{ effort: 'ultra' }, { effort: 'high' }, 7] })] }),
    );
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl });
    const list = await cat.get(creds);
    expect(list.map((m) => m.slug)).toEqual(['a', 'b']);
    for (const m of list) expect(m.efforts as string[]).not.toContain('ultra');
    expect(list[1]?.efforts).toEqual(['high']);
    expect(list[1]?.defaultEffort).toBe('high');
  });

  it('invalidate() forces a refetch (one account or all)', async () => {
    const { fetchImpl, calls } = stubFetch((n) => jsonResponse({ models: [info(`m${n}`)] }));
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl });
    await cat.get(creds);
    cat.invalidate('other');
    await cat.get(creds);
    expect(calls).toHaveLength(1);
    cat.invalidate('acct-1');
    expect((await cat.get(creds))[0]?.slug).toBe('m2');
    cat.invalidate();
    expect((await cat.get(creds))[0]?.slug).toBe('m3');
  });

  it('does not let a fetch started before invalidate() overwrite the cache', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { fetchImpl } = stubFetch(async (n) => {
      if (n === 1) await gate;
      return jsonResponse({ models: [info(`m${n}`)] });
    });
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl });
    const first = cat.get(creds);
    cat.invalidate('acct-1');
    const second = await cat.get(creds);
    release();
    expect((await first)[0]?.slug).toBe('m1');
    expect(second[0]?.slug).toBe('m2');
    expect((await cat.get(creds))[0]?.slug).toBe('m2');
  });

  it('sends If-None-Match and keeps the list on 304', async () => {
    let now = 0;
    const { fetchImpl, calls } = stubFetch((n) =>
      n === 1 ? jsonResponse({ models: [info('m')] }, 200, { etag: 'W/"e1"' }) : new Response(null, { status: 304 }),
    );
    const cat = new ModelCatalog({ codexBaseUrl: 'http://x', fetchImpl, ttlMs: 10, now: () => now });
    await cat.get(creds);
    now = 100;
    expect((await cat.get(creds))[0]?.slug).toBe('m');
    expect(calls[1]?.headers['if-none-match']).toBe('W/"e1"');
    expect(calls[0]?.headers['if-none-match']).toBeUndefined();
  });
});

describe('ModelCatalog (real HTTP)', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it('GETs {base}/models?client_version with Codex headers', async () => {
    const seen: { url?: string; method?: string; headers: http.IncomingHttpHeaders }[] = [];
    server = http.createServer((req, res) => {
      seen.push({ url: req.url, method: req.method, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json', etag: '"abc"' });
      res.end(JSON.stringify({ models: [info('gpt-6.1-sol', { priority: 0 }), info('gpt-5.6-luna', { priority: 2 })] }));
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const cat = new ModelCatalog({ codexBaseUrl: `http://127.0.0.1:${port}/backend-api/codex` });
    const list = await cat.get({ accessToken: 'access-xyz', accountId: 'acc-fake-1234' });
    expect(list.map((m) => m.slug)).toEqual(['gpt-6.1-sol', 'gpt-5.6-luna']);
    expect(seen).toHaveLength(1);
    const req = seen[0];
    expect(req?.method).toBe('GET');
    const url = new URL(req?.url ?? '', 'http://h');
    expect(url.pathname).toBe('/backend-api/codex/models');
    expect(url.searchParams.get('client_version')).toBe('0.169.0');
    expect(req?.headers.authorization).toBe('Bearer access-xyz');
    expect(req?.headers['chatgpt-account-id']).toBe('acc-fake-1234');
    expect(req?.headers.originator).toBe('codex_cli_rs');
    expect(req?.headers.version).toBe('0.169.0');
    expect(req?.headers['user-agent']).toMatch(/^codex_cli_rs\/0\.169\.0 \(.+; .+\) codex-claude-proxy$/);
    expect(req?.headers.accept).toBe('application/json');
  });
});

describe('codexHeaders', () => {
  it('builds the Codex-like header set', () => {
    const h = codexHeaders({ accessToken: 'a', accountId: 'b' });
    expect(h).toEqual({
      authorization: 'Bearer a',
      'chatgpt-account-id': 'b',
      originator: 'codex_cli_rs',
      'user-agent': codexUserAgent(),
      version: '0.169.0',
      accept: 'text/event-stream',
      'content-type': 'application/json',
    });
    expect(h['user-agent']).toMatch(/^codex_cli_rs\/0\.169\.0 \([^;]+ [^;]+; [a-z0-9_]+\) codex-claude-proxy$/);
  });

  it('adds both session header spellings and a custom accept', () => {
    const h = codexHeaders({ accessToken: 'a', accountId: 'b', sessionId: 's-1', accept: 'application/json' });
    expect(h['session-id']).toBe('s-1');
    expect(h['session_id']).toBe('s-1');
    expect(h.accept).toBe('application/json');
  });
});
