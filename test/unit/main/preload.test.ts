import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardChangedChannel, dashboardChannels, dashboardEventChannels, type DashboardApi, type ProxyStatus, type RequestRecord } from '../../../proxy/src/contract.js';
import { makeStatus, sampleArgs } from './fixtures.js';

// Hoisted above the imports: the preload module runs against these fakes, never the real (absent) Electron.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => 'result'),
      on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      }),
      removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(l);
      }),
      // Present on the real ipcRenderer; the preload must never pass these to the page.
      send: vi.fn(),
      sendSync: vi.fn(),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

type Exposed = Record<string, unknown>;
let exposed: Exposed;

beforeAll(async () => {
  await import('../../../main/preload.js');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]! as [string, Exposed];
  expect(key).toBe('dashboard');
  exposed = api;
});

describe('preload bridge', () => {
  it('exposes exactly the DashboardApi functions plus onChanged, onRecord and onHeartbeat, all functions', () => {
    expect(Object.keys(exposed).sort()).toEqual([...Object.keys(dashboardChannels), 'onChanged', 'onHeartbeat', 'onRecord'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(Object.values(exposed)).not.toContain(electron.ipcRenderer);
  });

  it('each method invokes its contract channel with its arguments', async () => {
    const api = exposed as Record<keyof DashboardApi, (...a: unknown[]) => Promise<unknown>>;
    const methods = Object.keys(dashboardChannels) as (keyof DashboardApi)[];
    electron.ipcRenderer.invoke.mockClear();
    for (const m of methods) await expect(api[m](...sampleArgs[m]), m).resolves.toBe('result');
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual(methods.map((m) => [dashboardChannels[m], ...sampleArgs[m]]));
  });

  it('optional arguments are not sent as an explicit undefined', async () => {
    const api = exposed as Record<keyof DashboardApi, (...a: unknown[]) => Promise<unknown>>;
    electron.ipcRenderer.invoke.mockClear();
    await api.listRequests();
    await api.importCodexAccount();
    await api.refreshQuota();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [dashboardChannels.listRequests],
      [dashboardChannels.importCodexAccount],
      [dashboardChannels.refreshQuota],
    ]);
  });

  it('onRecord delivers request records from their own channel, and unsubscribes', () => {
    const onRecord = exposed.onRecord as (cb: (r: RequestRecord) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onRecord((...args) => received.push(args));
    const record = { id: 'r1' } as RequestRecord;
    for (const l of electron.listeners.get(dashboardEventChannels.record) ?? []) l({ sender: electron.ipcRenderer }, record);
    for (const l of electron.listeners.get(dashboardEventChannels.changed) ?? []) l({ sender: electron.ipcRenderer }, makeStatus());
    expect(received).toEqual([[record]]);
    unsubscribe();
    expect(electron.listeners.get(dashboardEventChannels.record)?.size ?? 0).toBe(0);
  });

  it('onChanged delivers the status without the IPC event, and unsubscribes', () => {
    const onChanged = exposed.onChanged as (cb: (s: ProxyStatus) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onChanged((...args) => received.push(args));
    const status = makeStatus({ requestsServed: 9 });
    const fakeEvent = { sender: electron.ipcRenderer };
    for (const l of electron.listeners.get(dashboardChangedChannel) ?? []) l(fakeEvent, status);
    expect(received).toEqual([[status]]);

    unsubscribe();
    expect(electron.listeners.get(dashboardChangedChannel)?.size ?? 0).toBe(0);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(dashboardChangedChannel, expect.any(Function));
  });

  it('onHeartbeat delivers heartbeats from their own channel, and unsubscribes', () => {
    const onHeartbeat = exposed.onHeartbeat as (cb: (h: { t: number }) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onHeartbeat((...args) => received.push(args));
    for (const l of electron.listeners.get(dashboardEventChannels.heartbeat) ?? []) l({ sender: electron.ipcRenderer }, { t: 5 });
    for (const l of electron.listeners.get(dashboardEventChannels.record) ?? []) l({ sender: electron.ipcRenderer }, { id: 'r' });
    expect(received).toEqual([[{ t: 5 }]]);
    unsubscribe();
    expect(electron.listeners.get(dashboardEventChannels.heartbeat)?.size ?? 0).toBe(0);
  });
});
