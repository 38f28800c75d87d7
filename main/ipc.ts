/**
 * Main side of the dashboard IPC: one `ipcMain.handle` per DashboardApi method (channel map from the contract),
 * each checking the sender frame and validating its arguments before delegating to the core (design §7.2).
 * `ipcMain` is a parameter, so tests pass a fake without mocking Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import {
  dashboardChangedChannel,
  dashboardChannels,
  type DashboardApi,
  type ProxyStatus,
} from '../proxy/src/contract.js';
import { isDashboardUrl } from './protocol.js';

/** Only the top-level frame of our own dashboard may call the API: no iframes, no foreign pages. */
export function isTrustedFrame(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  devServerUrl?: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return isDashboardUrl(frame.url, devServerUrl);
}

export const MAX_ACCOUNT_ID_LENGTH = 128;

type Validators = { [K in keyof DashboardApi]: (args: readonly unknown[]) => Parameters<DashboardApi[K]> };

function arity(name: string, args: readonly unknown[], n: number): void {
  if (args.length !== n) throw new TypeError(`${name} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

/** Runtime validation of everything that crosses the IPC boundary. The mapped type makes coverage compile-checked. */
export const validators: Validators = {
  getStatus: (args) => {
    arity('getStatus', args, 0);
    return [];
  },
  listAccounts: (args) => {
    arity('listAccounts', args, 0);
    return [];
  },
  switchAccount: (args) => {
    arity('switchAccount', args, 1);
    const [id] = args;
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ACCOUNT_ID_LENGTH || /[\u0000-\u001f]/.test(id)) {
      throw new TypeError(`switchAccount: account id must be a non-empty string of at most ${MAX_ACCOUNT_ID_LENGTH} characters`);
    }
    return [id];
  },
  setEnabled: (args) => {
    arity('setEnabled', args, 1);
    const [enabled] = args;
    if (typeof enabled !== 'boolean') throw new TypeError('setEnabled: enabled must be a boolean');
    return [enabled];
  },
  getLaneStats: (args) => {
    arity('getLaneStats', args, 0);
    return [];
  },
};

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

/** Pushes a status change to the dashboard window, if it is alive. */
export function sendChanged(contents: Pick<WebContents, 'send' | 'isDestroyed'> | undefined, status: ProxyStatus): void {
  if (contents && !contents.isDestroyed()) contents.send(dashboardChangedChannel, status);
}
