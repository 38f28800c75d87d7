/**
 * Sandboxed preload (bundled to a single CJS file: dist/preload/preload.cjs). Exposes exactly the DashboardApi
 * functions plus `onChanged` on `window.dashboard`; never ipcRenderer itself or any other Electron API
 * (security checklist #20). Imports only `electron` and the constant channel names from the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  dashboardChangedChannel,
  dashboardChannels,
  type DashboardApi,
  type ProxyStatus,
} from '../proxy/src/contract.js';

/** What the preload exposes as `window.dashboard` (renderer/src/api.ts declares the same shape). */
export type DashboardBridge = DashboardApi & {
  /** Subscribes to status pushes from main; returns the unsubscribe function (for React effects). */
  onChanged(listener: (status: ProxyStatus) => void): () => void;
};

const bridge: DashboardBridge = {
  getStatus: () => ipcRenderer.invoke(dashboardChannels.getStatus),
  listAccounts: () => ipcRenderer.invoke(dashboardChannels.listAccounts),
  switchAccount: (id) => ipcRenderer.invoke(dashboardChannels.switchAccount, id),
  setEnabled: (enabled) => ipcRenderer.invoke(dashboardChannels.setEnabled, enabled),
  getLaneStats: () => ipcRenderer.invoke(dashboardChannels.getLaneStats),
  onChanged(listener) {
    // Wrap so the page never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
    const wrapped = (_event: IpcRendererEvent, status: ProxyStatus): void => listener(status);
    ipcRenderer.on(dashboardChangedChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(dashboardChangedChannel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('dashboard', bridge);
