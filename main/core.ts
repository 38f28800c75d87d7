/**
 * What the Electron shell needs from the proxy core. `ProxyCore` (proxy/src/core.ts) satisfies `Core`
 * structurally; main/app-core.ts builds it.
 */
import type { DashboardApi, ProxyStatus, RequestRecord } from '../proxy/src/contract.js';
import type { Logger } from '../proxy/src/logs/logger.js';
import type { ResealableStore, TokenVault } from './token-vault.js';

export type Core = DashboardApi & {
  on(event: 'changed', listener: (status: ProxyStatus) => void): unknown;
  /** Every finished request (redacted), for the dashboard's live log. */
  on(event: 'record', listener: (record: RequestRecord) => void): unknown;
  /** Starts serving. Resolves once listening (the result, e.g. the bound address, is unused). */
  start(): Promise<unknown>;
  /** Graceful shutdown: stop accepting, finish or abort in-flight requests, flush state. */
  stop(): Promise<void>;
  /** The account store (ProxyCore's public `store`), for sealing CLI-imported tokens at start. */
  readonly store?: ResealableStore;
};

/** What the shell hands to the core factory: Electron-backed implementations of the core's ports. */
export interface CoreDeps {
  /** Keychain-backed vault for refresh/access tokens. */
  vault: TokenVault;
  /** app.getVersion(). */
  appVersion: string;
  /** The built dashboard (dist/renderer), for the core's HTTP server to serve at http://localhost:<port>/. */
  dashboardDir: string;
  /** The app's logger (stderr + the rotating log file); the core's default (stderr only) otherwise. */
  logger?: Logger;
}

export type CoreFactory = (deps: CoreDeps) => Core | Promise<Core>;
