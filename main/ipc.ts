/**
 * Main side of the dashboard IPC, derived from the contract table: one `ipcMain.handle` per DashboardApi method
 * (channel map from the contract), each checking the sender frame and validating its arguments with the method's
 * zod schema — the same one the HTTP routes use (proxy/src/contract/schemas.ts) — before delegating to the core
 * (design §7.2); and the typed push events (main → dashboard window), including the heartbeat.
 * Every failure is a ContractError: its code reaches the renderer in the string Electron forwards.
 * `ipcMain` is a parameter, so tests pass a fake without mocking Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import {
  dashboardChannels,
  dashboardEventChannels,
  HEARTBEAT_INTERVAL_MS,
  type DashboardEvents,
  type DashboardMethod,
  type ProxyStatus,
} from '../proxy/src/contract.js';
import { callMethod, failureOf, type ContractImpl } from '../proxy/src/contract/call.js';
import { ContractError } from '../proxy/src/contract/errors.js';
import { isDashboardUrl } from './protocol.js';

/** Only the top-level frame of our own dashboard may call the API: no iframes, no foreign pages. */
export function isTrustedFrame(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  devServerUrl?: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return isDashboardUrl(frame.url, devServerUrl);
}

export { MAX_ACCOUNT_ID_LENGTH } from '../proxy/src/contract/schemas.js';

export type DashboardIpcMain = Pick<IpcMain, 'handle' | 'removeHandler'>;

const methodNames = Object.keys(dashboardChannels) as DashboardMethod[];

/**
 * Registers the dashboard handlers and returns a function that removes them.
 * A handler rejects with a ContractError: `forbidden` for an untrusted sender, `invalid_argument` for arguments
 * the method's schema refuses (the api is then never called), else the code of the api's failure.
 */
export function registerDashboardIpc(ipcMain: DashboardIpcMain, api: ContractImpl, devServerUrl?: string): () => void {
  for (const name of methodNames) {
    ipcMain.handle(dashboardChannels[name], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      try {
        if (!isTrustedFrame(event.senderFrame, devServerUrl)) throw new ContractError('forbidden', `untrusted sender for ${name}`);
        return await callMethod(api, name, args);
      } catch (e) {
        throw failureOf(e, api.logger, dashboardChannels[name]);
      }
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

/**
 * Sends the `heartbeat` event to the dashboard window (whichever is current, via `contents()`) every interval,
 * like `GET /api/events` does; returns the function that stops it.
 */
export function startHeartbeat(contents: () => Contents, opts: { intervalMs?: number; now?: () => number } = {}): () => void {
  const { intervalMs = HEARTBEAT_INTERVAL_MS, now = Date.now } = opts;
  const timer = setInterval(() => sendEvent(contents(), 'heartbeat', { t: now() }), intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
