/**
 * Sandboxed preload (bundled to a single CJS file: dist/preload/preload.cjs). Exposes exactly the DashboardApi
 * functions plus the typed push subscriptions (`onChanged`, `onRecord`) on `window.dashboard`; never ipcRenderer
 * itself or any other Electron API (security checklist #20). Imports only `electron` and the constant channel
 * names from the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  dashboardChannels as ch,
  dashboardEventChannels,
  type DashboardApi,
  type DashboardEvents,
  type DashboardSubscriptions,
} from '../proxy/src/contract.js';

/** What the preload exposes as `window.dashboard` (renderer/src/api.ts declares the same shape). */
export type DashboardBridge = DashboardApi & DashboardSubscriptions;

function subscribe<K extends keyof DashboardEvents>(event: K, listener: (payload: DashboardEvents[K]) => void): () => void {
  // Wrap so the page never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
  const wrapped = (_event: IpcRendererEvent, payload: DashboardEvents[K]): void => listener(payload);
  const channel = dashboardEventChannels[event];
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const bridge: DashboardBridge = {
  getStatus: () => ipcRenderer.invoke(ch.getStatus),
  listAccounts: () => ipcRenderer.invoke(ch.listAccounts),
  switchAccount: (id) => ipcRenderer.invoke(ch.switchAccount, id),
  setEnabled: (enabled) => ipcRenderer.invoke(ch.setEnabled, enabled),
  getLaneStats: () => ipcRenderer.invoke(ch.getLaneStats),
  listRequests: (...args) => ipcRenderer.invoke(ch.listRequests, ...args),
  getModels: () => ipcRenderer.invoke(ch.getModels),
  startLogin: (mode) => ipcRenderer.invoke(ch.startLogin, mode),
  startDeviceLogin: () => ipcRenderer.invoke(ch.startDeviceLogin),
  loginStatus: (loginId) => ipcRenderer.invoke(ch.loginStatus, loginId),
  completeLogin: (pasted) => ipcRenderer.invoke(ch.completeLogin, pasted),
  importCodexAccount: (...args) => ipcRenderer.invoke(ch.importCodexAccount, ...args),
  removeAccount: (id) => ipcRenderer.invoke(ch.removeAccount, id),
  setAccountDisabled: (id, disabled) => ipcRenderer.invoke(ch.setAccountDisabled, id, disabled),
  refreshAccount: (id) => ipcRenderer.invoke(ch.refreshAccount, id),
  refreshAllAccounts: () => ipcRenderer.invoke(ch.refreshAllAccounts),
  refreshQuota: (...args) => ipcRenderer.invoke(ch.refreshQuota, ...args),
  getClaudeConfig: () => ipcRenderer.invoke(ch.getClaudeConfig),
  configureClaude: (opts) => ipcRenderer.invoke(ch.configureClaude, opts),
  useClaudeDirect: (opts) => ipcRenderer.invoke(ch.useClaudeDirect, opts),
  revertClaudeConfig: (opts) => ipcRenderer.invoke(ch.revertClaudeConfig, opts),
  runDoctor: () => ipcRenderer.invoke(ch.runDoctor),
  applyDoctorFix: (findingId) => ipcRenderer.invoke(ch.applyDoctorFix, findingId),
  undoDoctorFix: (changeId, opts) => ipcRenderer.invoke(ch.undoDoctorFix, changeId, opts),
  getCompat: () => ipcRenderer.invoke(ch.getCompat),
  getStatusline: () => ipcRenderer.invoke(ch.getStatusline),
  onChanged: (listener) => subscribe('changed', listener),
  onRecord: (listener) => subscribe('record', listener),
};

contextBridge.exposeInMainWorld('dashboard', bridge);
