/**
 * ProxyCore: the composition of settings, accounts, catalog, logs and the HTTP server. Implements the
 * DashboardApi, so the express /api routes and the Electron IPC handlers both delegate to it.
 */
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { AccountSummary, DashboardApi, ProxyStatus } from './contract.js';
import { resolveUpstreams, type UpstreamUrls } from './config.js';
import { parseSettings, type Settings, type SettingsStore } from './settings.js';
import { AccountStore, type StoredAccount } from './accounts/store.js';
import { CredentialProvider } from './accounts/credentials.js';
import { AccountPool, isUsable } from './accounts/pool.js';
import { createPlaintextVault, type TokenVault } from './accounts/token-vault.js';
import { ModelCatalog, type CatalogModel } from './codex/catalog.js';
import { createLogger, type Logger } from './logs/logger.js';
import { RequestLog } from './logs/request-log.js';
import type { PipelineDeps } from './pipeline/execute.js';
import { createApp } from './http/server.js';
import { VERSION } from './version.js';

export interface CoreOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  settingsStore: SettingsStore;
  vault?: TokenVault;
  logger?: Logger;
  /** CLI flags beat the settings file. */
  overrides?: { port?: number; host?: string; apiKey?: string | null };
  dashboardDir?: string;
  now?: () => number;
}

export class ProxyCore extends EventEmitter<{ changed: [ProxyStatus] }> implements DashboardApi {
  readonly version = VERSION;
  readonly logger: Logger;
  readonly store: AccountStore;
  readonly credentials: CredentialProvider;
  readonly pool = new AccountPool();
  readonly catalog: ModelCatalog;
  readonly requestLog = new RequestLog();
  readonly upstreams: UpstreamUrls;
  settings: Settings;
  enabled = true;
  private server: Server | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: CoreOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger ?? createLogger();
    this.settings = parseSettings(opts.settingsStore.store, opts.settingsStore.path);
    this.upstreams = resolveUpstreams(opts.env, this.settings.upstreams);
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    this.store = new AccountStore(path.join(opts.dataDir, 'accounts.json'), opts.vault ?? createPlaintextVault());
    this.credentials = new CredentialProvider(this.store, () => this.upstreams.authIssuer, this.now);
    this.catalog = new ModelCatalog({ codexBaseUrl: this.upstreams.codexBaseUrl, now: this.now });
    this.requestLog.on('record', () => this.emitChanged());
  }

  get bindHost(): string {
    return this.opts.overrides?.host ?? this.settings.host;
  }
  get port(): number {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    return addr?.port ?? this.opts.overrides?.port ?? this.settings.port;
  }
  get apiKey(): string | null {
    const o = this.opts.overrides?.apiKey;
    return o !== undefined ? o : (this.opts.env.CODEX_CLAUDE_PROXY_API_KEY || this.settings.apiKey);
  }

  pipelineDeps(): PipelineDeps {
    return {
      store: this.store,
      credentials: this.credentials,
      pool: this.pool,
      catalog: this.catalog,
      settings: () => this.settings,
      codexBaseUrl: () => this.upstreams.codexBaseUrl,
      logger: this.logger,
      requestLog: this.requestLog,
      now: this.now,
    };
  }

  /** The catalog of the account that would serve the next request, or null when unknown. */
  async activeCatalog(): Promise<CatalogModel[] | null> {
    try {
      const id = await this.store.activeId();
      if (!id) return null;
      return await this.catalog.get(await this.credentials.get(id));
    } catch {
      return null;
    }
  }

  async start(): Promise<{ host: string; port: number }> {
    const app = createApp(this, { dashboardDir: this.opts.dashboardDir });
    const host = this.bindHost;
    const port = this.opts.overrides?.port ?? this.settings.port;
    this.server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, host);
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
    this.server.keepAliveTimeout = 65_000;
    this.server.requestTimeout = 0;
    this.emitChanged();
    return { host, port: this.port };
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private emitChanged(): void {
    void this.getStatus().then((s) => this.emit('changed', s)).catch(() => undefined);
  }

  // ---------------------------------------------------------------- DashboardApi

  async getStatus(): Promise<ProxyStatus> {
    let activeAccountId: string | null = null;
    try {
      activeAccountId = await this.store.activeId();
    } catch {
      activeAccountId = null;
    }
    return {
      enabled: this.enabled,
      listening: this.server !== null,
      host: this.bindHost,
      port: this.port,
      activeAccountId,
      requestsServed: this.requestLog.total,
      version: this.version,
    };
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const [accounts, activeId] = [await this.store.list(), await this.store.activeId()];
    const now = this.now();
    return accounts.map((a) => summarize(a, a.id === activeId, now));
  }

  async switchAccount(id: string): Promise<ProxyStatus> {
    const acc = await this.store.find(id);
    if (!acc) throw new Error(`No account ${id}`);
    await this.store.setActive(acc.id);
    this.emitChanged();
    return this.getStatus();
  }

  async setEnabled(enabled: boolean): Promise<ProxyStatus> {
    this.enabled = enabled;
    this.emitChanged();
    return this.getStatus();
  }
}

export function summarize(a: StoredAccount, active: boolean, nowMs: number): AccountSummary {
  const status: AccountSummary['status'] = a.disabled
    ? 'disabled'
    : a.needsLogin
      ? 'needs_login'
      : !isUsable(a, nowMs)
        ? 'cooldown'
        : 'ok';
  return {
    id: a.id,
    email: a.email,
    accountId: a.accountId,
    plan: a.plan,
    active,
    status,
    cooldownUntil: status === 'cooldown' ? a.cooldownUntil : null,
    source: a.source,
  };
}
