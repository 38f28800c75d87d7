/**
 * What the Electron shell needs from the proxy core, and a stand-in until proxy/ exports `createProxyCore`.
 *
 * TODO(wire): `ProxyCore` (proxy/src/core.ts) satisfies `Core` structurally (checked with tsc); once main/index.ts
 * builds a real ProxyCore, `createUnwiredCore` can be deleted.
 */
import { EventEmitter } from 'node:events';
import type { AccountSummary, DashboardApi, ProxyStatus } from '../proxy/src/contract.js';
import type { TokenVault } from './token-vault.js';

export type Core = DashboardApi & {
  on(event: 'changed', listener: (status: ProxyStatus) => void): unknown;
  /** Starts serving when enabled in settings. Resolves once listening (the result, e.g. the bound address, is unused). */
  start(): Promise<unknown>;
  /** Graceful shutdown: stop accepting, finish or abort in-flight requests, flush state. */
  stop(): Promise<void>;
};

/** What the shell hands to the core factory: Electron-backed implementations of the core's ports. */
export interface CoreDeps {
  /** Keychain-backed vault for refresh/access tokens. */
  vault: TokenVault;
  /** app.getPath('userData'): where the app's own files (electron-store settings) live. */
  userDataDir: string;
  /** app.getVersion(). */
  appVersion: string;
  /** The built dashboard (dist/renderer), for the core's HTTP server to serve at http://localhost:<port>/. */
  dashboardDir: string;
}

export type CoreFactory = (deps: CoreDeps) => Core | Promise<Core>;

/**
 * An in-memory core with no accounts and no server: lets the shell boot and the dashboard render on a Mac
 * before proxy/ is wired. The toggle flips `enabled`; nothing ever listens.
 */
export const createUnwiredCore: CoreFactory = (deps) => {
  const events = new EventEmitter<{ changed: [ProxyStatus] }>();
  let status: ProxyStatus = {
    enabled: false,
    listening: false,
    host: '127.0.0.1',
    port: 8081,
    activeAccountId: null,
    requestsServed: 0,
    version: deps.appVersion,
  };
  const accounts: AccountSummary[] = [];
  const update = (next: Partial<ProxyStatus>): ProxyStatus => {
    status = { ...status, ...next };
    events.emit('changed', status);
    return status;
  };
  return {
    getStatus: async () => status,
    listAccounts: async () => accounts,
    switchAccount: async (id) => {
      throw new Error(`unknown account ${id} (the proxy core is not wired yet)`);
    },
    setEnabled: async (enabled) => update({ enabled }),
    on: (event, listener) => events.on(event, listener),
    start: async () => undefined,
    stop: async () => undefined,
  };
};
