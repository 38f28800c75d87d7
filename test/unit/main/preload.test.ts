import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardChangedChannel, dashboardChannels, type ProxyStatus } from '../../../proxy/src/contract.js';
import { makeStatus } from './fixtures.js';

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
  it('exposes exactly the DashboardApi functions plus onChanged, all functions', () => {
    expect(Object.keys(exposed).sort()).toEqual([...Object.keys(dashboardChannels), 'onChanged'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(Object.values(exposed)).not.toContain(electron.ipcRenderer);
  });

  it('each method invokes its contract channel with its arguments', async () => {
    const api = exposed as Record<keyof typeof dashboardChannels, (...a: unknown[]) => Promise<unknown>>;
    await expect(api.getStatus()).resolves.toBe('result');
    await api.listAccounts();
    await api.switchAccount('acct-1');
    await api.setEnabled(true);
    await api.getLaneStats();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [dashboardChannels.getStatus],
      [dashboardChannels.listAccounts],
      [dashboardChannels.switchAccount, 'acct-1'],
      [dashboardChannels.setEnabled, true],
      [dashboardChannels.getLaneStats],
    ]);
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
});
