/**
 * Sandboxed preload (bundled to a single CJS file: dist/preload/preload.cjs). Exposes exactly the DashboardApi
 * functions plus the typed push subscriptions (`onChanged`, `onRecord`, `onHeartbeat`) on `window.dashboard`,
 * generated from the contract's channel maps; never ipcRenderer itself or any other Electron API (security
 * checklist #20). Imports only `electron` and the constant channel names from the contract (no zod, no proxy code).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  dashboardChannels,
  dashboardEventChannels,
  type DashboardApi,
  type DashboardEvent,
  type DashboardEvents,
  type DashboardMethod,
  type DashboardSubscriptions,
} from '../proxy/src/contract.js';

/** What the preload exposes as `window.dashboard` (renderer/src/api.ts declares the same shape). */
export type DashboardBridge = DashboardApi & DashboardSubscriptions;

function subscribe<K extends DashboardEvent>(event: K, listener: (payload: DashboardEvents[K]) => void): () => void {
  // Wrap so the page never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
  const wrapped = (_event: IpcRendererEvent, payload: DashboardEvents[K]): void => listener(payload);
  const channel = dashboardEventChannels[event];
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const subscriptionName = (event: DashboardEvent): keyof DashboardSubscriptions =>
  `on${event[0]!.toUpperCase()}${event.slice(1)}` as keyof DashboardSubscriptions;

function buildBridge(): DashboardBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of Object.keys(dashboardChannels) as DashboardMethod[]) {
    // Rest arguments: an optional argument left out is not sent as an explicit undefined.
    bridge[method] = (...args: unknown[]) => ipcRenderer.invoke(dashboardChannels[method], ...args);
  }
  for (const event of Object.keys(dashboardEventChannels) as DashboardEvent[]) {
    bridge[subscriptionName(event)] = (listener: never) => subscribe(event, listener);
  }
  // Built from the two channel maps, which cover DashboardApi and DashboardEvents exactly (checked where they
  // are declared); the record type cannot carry that through the loops.
  return bridge as unknown as DashboardBridge;
}

contextBridge.exposeInMainWorld('dashboard', buildBridge());
