/**
 * One contract, three transports: every DashboardApi method (the keys of the channel map) must be reachable
 * through IPC (a validator and a handler in main/ipc.ts), the preload (tested in preload.test.ts against the same
 * samples), and HTTP: renderer/src/api.ts httpApi must have a function for it whose request the real express
 * app (createApp) routes to the same core method with the same arguments. A method added to the contract without
 * one of these fails here (or does not compile: the sample table and the fakes are typed as the full interface).
 */
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardChannels, type DashboardApi, type ProxyStatus } from '../../../proxy/src/contract.js';
import type { ProxyCore } from '../../../proxy/src/core.js';
import { createApp } from '../../../proxy/src/http/server.js';
import { silentLogger } from '../../../proxy/src/logs/logger.js';
import { registerDashboardIpc, type DashboardIpcMain } from '../../../main/ipc.js';
import { argSchemas, parseArgs } from '../../../proxy/src/contract/schemas.js';
import { ContractError } from '../../../proxy/src/contract/errors.js';
import { httpApi } from '../../../renderer/src/api.js';
import { makeStatus, markerApi, sampleArgs } from './fixtures.js';

const methods = Object.keys(dashboardChannels) as (keyof DashboardApi)[];
type AnyFn = (...args: unknown[]) => Promise<unknown>;

describe('the channel map covers the contract', () => {
  it('has one distinct dashboard:<name> channel per method, and samples for each', () => {
    expect(new Set(Object.values(dashboardChannels)).size).toBe(methods.length);
    for (const m of methods) expect(dashboardChannels[m]).toBe(`dashboard:${m}`);
    expect(Object.keys(sampleArgs).sort()).toEqual([...methods].sort());
  });
});

describe('IPC: a strict argument schema and a handler per method', () => {
  it('every method has a schema that accepts the samples unchanged', () => {
    expect(Object.keys(argSchemas).sort()).toEqual([...methods].sort());
    for (const m of methods) expect(parseArgs(m, sampleArgs[m]), m).toEqual(sampleArgs[m]);
  });

  it('every schema refuses an extra argument', () => {
    for (const m of methods) {
      expect(() => parseArgs(m, [...sampleArgs[m], 'extra', 'more']), m).toThrow(ContractError);
      expect(() => parseArgs(m, [...sampleArgs[m], 'extra', 'more']), m).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    }
  });

  it('every channel reaches its core method with the validated arguments', async () => {
    const handlers = new Map<string, (e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>>();
    const ipc = { handle: (c: string, h: never) => void handlers.set(c, h), removeHandler: () => undefined } as unknown as DashboardIpcMain;
    const api = markerApi();
    registerDashboardIpc(ipc, api);
    const frame = { senderFrame: { url: 'app://dashboard/index.html', parent: null } } as unknown as IpcMainInvokeEvent;
    for (const m of methods) {
      const handler = handlers.get(dashboardChannels[m]);
      expect(handler, m).toBeDefined();
      await expect(handler!(frame, ...sampleArgs[m]), m).resolves.toEqual({ method: m });
      expect(api[m], m).toHaveBeenCalledWith(...sampleArgs[m]);
    }
  });
});

describe('HTTP: httpApi and the express routes', () => {
  let server: Server;
  let base: string;
  const api = markerApi();
  const events = new EventEmitter();

  beforeAll(async () => {
    // The routes only call DashboardApi methods (and read bindHost/logger), so a marker object stands in for
    // ProxyCore; the cast is the test seam.
    const core = Object.assign(events, api, { bindHost: '127.0.0.1', logger: silentLogger(), getStatus: api.getStatus });
    server = createApp(core as unknown as ProxyCore).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));

  it('httpApi has exactly the contract methods (plus push subscriptions when EventSource exists)', () => {
    expect(Object.keys(httpApi('', { eventSource: null })).sort()).toEqual([...methods].sort());
    const withPush = httpApi('', { eventSource: () => ({ addEventListener: () => undefined, close: () => undefined }) });
    expect(Object.keys(withPush).sort()).toEqual([...methods, 'onChanged', 'onHeartbeat', 'onRecord'].sort());
  });

  it('every httpApi call is routed to the same core method with the same arguments', async () => {
    const client = httpApi(base, { eventSource: null });
    for (const m of methods) {
      (api[m] as unknown as { mockClear(): void }).mockClear();
      await expect((client[m] as AnyFn)(...sampleArgs[m]), m).resolves.toEqual({ method: m });
      expect(api[m], `${m} over HTTP`).toHaveBeenCalledWith(...sampleArgs[m]);
    }
  });

  it('optional arguments may be left out over HTTP too', async () => {
    const client = httpApi(base, { eventSource: null });
    for (const [m, call] of [
      ['listRequests', () => client.listRequests()],
      ['importCodexAccount', () => client.importCodexAccount()],
      ['refreshQuota', () => client.refreshQuota()],
    ] as const) {
      (api[m] as unknown as { mockClear(): void }).mockClear();
      await call();
      expect(api[m], m).toHaveBeenCalled();
      expect((api[m] as unknown as { mock: { calls: unknown[][] } }).mock.calls[0]!.filter((a) => a !== undefined), m).toEqual(
        m === 'listRequests' ? [200] : [],
      );
    }
  });

  it('GET /api/events streams `changed` (at once and on change) and `record` as SSE', async () => {
    (api.getStatus as unknown as { mockResolvedValue(v: unknown): void }).mockResolvedValue(makeStatus({ requestsServed: 1 }));
    const ac = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await until('event: changed');
    await until('\n\n');
    events.emit('changed', makeStatus({ requestsServed: 2 }) satisfies ProxyStatus);
    events.emit('record', { id: 'r1', clientModel: 'claude-sonnet-5-5' });
    await until('event: record');
    await until('"claude-sonnet-5-5"}\n\n');
    expect(text).toContain(`event: changed\ndata: ${JSON.stringify(makeStatus({ requestsServed: 2 }))}\n\n`);
    ac.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(events.listenerCount('record')).toBe(0);
    expect(events.listenerCount('changed')).toBe(0);
  });

  it('/api/events refuses a cross-origin page like the rest of /api', async () => {
    const res = await fetch(`${base}/api/events`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});
