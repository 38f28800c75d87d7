/**
 * Main side of the dashboard IPC: one `ipcMain.handle` per DashboardApi method (channel map from the contract),
 * each checking the sender frame and validating its arguments (main/ipc-validators.ts) before delegating to the
 * core (design §7.2); and the typed push events (main → dashboard window).
 * `ipcMain` is a parameter, so tests pass a fake without mocking Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import {
  dashboardChannels,
  dashboardEventChannels,
  type DashboardApi,
  type DashboardEvents,
  type ProxyStatus,
} from '../proxy/src/contract.js';
import { validators } from './ipc-validators.js';
import { isDashboardUrl } from './protocol.js';

/** Only the top-level frame of our own dashboard may call the API: no iframes, no foreign pages. */
export function isTrustedFrame(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  devServerUrl?: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return isDashboardUrl(frame.url, devServerUrl);
}

export { MAX_ACCOUNT_ID_LENGTH, validators, type Validators } from './ipc-validators.js';

export type DashboardIpcMain = Pick<IpcMain, 'handle' | 'removeHandler'>;

const methodNames = Object.keys(dashboardChannels) as (keyof DashboardApi)[];

/**
 * Registers the dashboard handlers and returns a function that removes them.
 * A handler that throws rejects the renderer's `invoke` with the error message.
 */
export function registerDashboardIpc(ipcMain: DashboardIpcMain, api: DashboardApi, devServerUrl?: string): () => void {
  for (const name of methodNames) {
    ipcMain.handle(dashboardChannels[name], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame, devServerUrl)) throw new Error(`untrusted sender for ${name}`);
      const valid = validators[name](args);
      // The validator's tuple type is exactly Parameters<api[name]>; TS cannot correlate the two through the
      // union of method names, so the call goes through a widened signature.
      return (api[name] as (...a: typeof valid) => Promise<unknown>).apply(api, valid);
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(dashboardChannels[name]);
  };
}

type Contents = Pick<WebContents, 'send' | 'isDestroyed'> | undefined;

/** Pushes one typed event to the dashboard window, if it is alive. */
export function sendEvent<K extends keyof DashboardEvents>(contents: Contents, event: K, payload: DashboardEvents[K]): void {
  if (contents && !contents.isDestroyed()) contents.send(dashboardEventChannels[event], payload);
}

/** Pushes a status change to the dashboard window, if it is alive. */
export function sendChanged(contents: Contents, status: ProxyStatus): void {
  sendEvent(contents, 'changed', status);
}
