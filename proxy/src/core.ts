/**
 * ProxyCore: the composition of settings, accounts, catalog, logs and the HTTP server. Implements the
 * DashboardApi, so the express /api routes and the Electron IPC handlers both delegate to it.
 */
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { mkdirSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type {
  AccountsApi,
  AccountSummary,
  ClaudeCodeApi,
  ClaudeConfigResult,
  ClaudeConfigStatus,
  CompatReport,
  DashboardApi,
  DeviceLoginStart,
  DoctorFixResult,
  DoctorReport,
  HaikuLaneView,
  LaneStats,
  LoginStart,
  LoginState,
  ModelsView,
  ProxyStatus,
  QuotaSnapshot,
  StatuslineData,
} from './contract.js';
import { ConfigError, defaultCodexAuthPath, normaliseBaseUrl, resolveCallbackPort, resolveUpstreams, type UpstreamUrls } from './config.js';
import { haikuLaneSchema, parseSettings, type HaikuLaneSettings, type Settings, type SettingsStore } from './settings.js';
import { AccountStore, type StoredAccount } from './accounts/store.js';
import { CredentialProvider } from './accounts/credentials.js';
import { AccountPool } from './accounts/pool.js';
import { summarize } from './accounts/summary.js';
import { createPlaintextVault, type TokenVault } from './accounts/token-vault.js';
import { QuotaBook } from './accounts/quota.js';
import { refreshQuotaFromUsage } from './accounts/quota-refresh.js';
import { importCodexAuth } from './accounts/import-codex.js';
import { LoginManager } from './accounts/oauth/login-manager.js';
import { parseQuotaHeaders } from './codex/quota-headers.js';
import { ModelCatalog, type CatalogModel } from './codex/catalog.js';
import { createLogger, type Logger } from './logs/logger.js';
import { RequestLog, type RequestRecord } from './logs/request-log.js';
import { pollDeviceCode, requestDeviceCode } from './accounts/oauth/device-code.js';
import { saveLogin } from './accounts/oauth/login.js';
import { buildModelsView } from './models-view.js';
import type { PipelineDeps } from './pipeline/execute.js';
import { createApp } from './http/server.js';
import { VERSION } from './version.js';
import { LaneSecrets } from './lanes/lane-secrets.js';
import { planRequest, wantsLane, type PlanInput, type PlanStep } from './routing/plan.js';
import { LaneStatsCollector } from './logs/lane-stats.js';
import { CompatSentinel } from './logs/compat-sentinel.js';
import { ClaudeCodeService } from './claude-code/service.js';
import { defaultClaudeHome, type ClaudeHome } from './claude-code/paths.js';
import { ContractError } from './contract/errors.js';

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
  /** HOME + env Claude Code sees (settings.json, .claude.json, shell rc files); default: this process's. */
  claudeHome?: ClaudeHome;
}

export class ProxyCore extends EventEmitter<{ changed: [ProxyStatus]; record: [RequestRecord] }> implements DashboardApi, AccountsApi, ClaudeCodeApi {
  readonly version = VERSION;
  readonly logger: Logger;
  readonly store: AccountStore;
  readonly credentials: CredentialProvider;
  readonly quota: QuotaBook;
  readonly logins: LoginManager;
  readonly pool = new AccountPool({ strategy: () => this.settings.rotation, quota: (id) => this.quota.get(id) });
  readonly catalog: ModelCatalog;
  readonly requestLog = new RequestLog();
  readonly laneStats = new LaneStatsCollector();
  readonly laneSecrets: LaneSecrets;
  readonly upstreams: UpstreamUrls;
  /** Unknown request fields / block types / betas (names only). */
  readonly compat: CompatSentinel;
  readonly claude: ClaudeCodeService;
  settings: Settings;
  enabled = true;
  private server: Server | null = null;
  private laneSettingsCache: { stamp: string; value: HaikuLaneSettings } | null = null;
  private readonly now: () => number;
  /** Device-code sign-ins started from the dashboard (loginId → state); at most one polls at a time. */
  private readonly deviceLogins = new Map<string, LoginState>();
  private deviceAbort: AbortController | null = null;

  constructor(private readonly opts: CoreOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger ?? createLogger();
    this.compat = new CompatSentinel(this.logger, this.now);
    this.settings = parseSettings(opts.settingsStore.store, opts.settingsStore.path);
    this.upstreams = resolveUpstreams(opts.env, this.settings.upstreams);
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const vault = opts.vault ?? createPlaintextVault();
    this.store = new AccountStore(path.join(opts.dataDir, 'accounts.json'), vault);
    this.laneSecrets = new LaneSecrets(path.join(opts.dataDir, 'secrets.json'), vault);
    this.requestLog.on('record', (r) => this.laneStats.add(r));
    this.credentials = new CredentialProvider(this.store, () => this.upstreams.authIssuer, this.now);
    this.catalog = new ModelCatalog({ codexBaseUrl: this.upstreams.codexBaseUrl, now: this.now });
    this.quota = new QuotaBook(path.join(opts.dataDir, 'quota.json'));
    void this.quota.load();
    this.logins = new LoginManager({
      store: this.store,
      issuer: () => this.upstreams.authIssuer,
      port: () => resolveCallbackPort(this.opts.env),
      now: this.now,
      onSaved: () => this.emitChanged(),
    });
    this.requestLog.on('record', (r) => {
      this.emit('record', r);
      this.emitChanged();
    });
    this.claude = new ClaudeCodeService({
      claudeHome: opts.claudeHome ?? defaultClaudeHome(process.env),
      dataDir: opts.dataDir,
      bindHost: () => this.bindHost,
      port: () => this.port,
      clientKey: () => this.apiKey,
      mapping: () => this.settings.modelMapping,
      catalog: () => this.activeCatalog(),
      accounts: () => this.listAccounts(),
      enabled: () => this.enabled,
      lastRequest: () => this.requestLog.recent(1)[0],
      now: this.now,
    });
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
      plan: (input) => this.planFor(input),
      onUpstreamHeaders: (accountId, headers) => this.observeQuotaHeaders(accountId, headers),
      onCompat: (compat, betas) => this.compat.record(compat, betas),
    };
  }

  /** x-codex-* headers of any upstream response → the account's quota snapshot. */
  observeQuotaHeaders(accountId: string, headers: Record<string, string | string[] | undefined>): void {
    try {
      const snap = parseQuotaHeaders(headers, this.now());
      if (snap) this.quota.record(accountId, snap);
    } catch (e) {
      this.logger.debug({ err: (e as Error).message }, 'unreadable quota headers');
    }
  }

  // ---------------------------------------------------------------- Haiku lane

  /**
   * The lane settings, re-read from the store when its file changed, so `haiku-lane enable|disable` in another
   * process applies without a restart — without reading and parsing settings.json on every request.
   */
  haikuLaneSettings(): HaikuLaneSettings {
    const stamp = fileStamp(this.opts.settingsStore.path);
    if (stamp !== null && this.laneSettingsCache?.stamp === stamp) return this.laneSettingsCache.value;
    const r = haikuLaneSchema.safeParse(this.opts.settingsStore.store['haikuLane'] ?? {});
    const value = r.success ? r.data : this.settings.haikuLane;
    this.laneSettingsCache = stamp === null ? null : { stamp, value };
    return value;
  }

  /** `OPENROUTER_BASE_URL` beats the lane's own `baseUrl`, which beats `upstreams.openrouterBaseUrl` / the default. */
  haikuLaneBaseUrl(lane: HaikuLaneSettings = this.haikuLaneSettings()): string {
    if (this.opts.env.OPENROUTER_BASE_URL || !lane.baseUrl) return this.upstreams.openrouterBaseUrl;
    return normaliseBaseUrl(lane.baseUrl, 'haikuLane.baseUrl');
  }

  /** The request's plan (routing/plan.ts). A lane key that cannot be opened is logged, never shown: Codex serves. */
  async planFor(input: PlanInput): Promise<PlanStep[]> {
    const lane = this.haikuLaneSettings();
    if (!wantsLane(input, { enabled: lane.enabled, model: lane.model ?? null })) return planRequest(input, null);
    try {
      const endpoint = { baseUrl: this.haikuLaneBaseUrl(lane), apiKey: await this.laneSecrets.getApiKey() };
      return planRequest(input, { enabled: lane.enabled, model: lane.model ?? null, fallbackToCodex: lane.fallbackToCodex, endpoint });
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'haiku lane unusable; serving on Codex');
      return planRequest(input, null);
    }
  }

  async haikuLaneView(): Promise<HaikuLaneView> {
    const lane = this.haikuLaneSettings();
    let hasApiKey = false;
    try {
      hasApiKey = await this.laneSecrets.hasApiKey();
    } catch {
      hasApiKey = false;
    }
    return { enabled: lane.enabled, model: lane.model ?? null, baseUrl: this.haikuLaneBaseUrl(lane), fallbackToCodex: lane.fallbackToCodex, hasApiKey };
  }

  /** Merges, validates and persists a change of the lane settings. */
  async updateHaikuLane(patch: Partial<HaikuLaneSettings>): Promise<HaikuLaneView> {
    const r = haikuLaneSchema.safeParse({ ...this.haikuLaneSettings(), ...patch });
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new ConfigError(`Invalid haikuLane.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    if (r.data.enabled && !r.data.model) throw new ConfigError('The Haiku lane needs a model before it can be enabled');
    this.opts.settingsStore.set('haikuLane', r.data);
    this.settings = { ...this.settings, haikuLane: r.data };
    this.emitChanged();
    return this.haikuLaneView();
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
    await this.quota.load();
    if (this.quota.lastCorruption) {
      this.logger.warn({ aside: this.quota.lastCorruption.aside, error: this.quota.lastCorruption.error }, 'quota.json was unreadable; kept aside, starting with no quota data');
    }
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
    await this.logins.cancel().catch(() => undefined);
    this.deviceAbort?.abort();
    await this.quota.flush();
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
    return accounts.map((a) => summarize(a, a.id === activeId, now, this.quota.get(a.id)));
  }

  async switchAccount(id: string): Promise<ProxyStatus> {
    const acc = await this.mustFind(id);
    await this.store.setActive(acc.id);
    this.pool.forgetSessions();
    this.emitChanged();
    return this.getStatus();
  }

  // ---------------------------------------------------------------- AccountsApi

  private async mustFind(ref: string): Promise<StoredAccount> {
    const acc = await this.store.find(ref);
    if (!acc) throw new ContractError('not_found', `No account ${ref}`);
    return acc;
  }

  private async summaryOf(id: string): Promise<AccountSummary> {
    const found = (await this.listAccounts()).find((a) => a.id === id);
    if (!found) throw new ContractError('not_found', `No account ${id}`);
    return found;
  }

  async startLogin(mode: 'browser' | 'paste'): Promise<LoginStart> {
    return this.logins.start(mode);
  }

  async startDeviceLogin(): Promise<DeviceLoginStart> {
    this.deviceAbort?.abort();
    const ac = new AbortController();
    this.deviceAbort = ac;
    const issuer = this.upstreams.authIssuer;
    const dc = await requestDeviceCode({ issuer, signal: ac.signal, now: this.now });
    const loginId = `device-${randomUUID()}`;
    const settle = (state: LoginState): void => {
      this.deviceLogins.set(loginId, state);
      while (this.deviceLogins.size > 20) this.deviceLogins.delete(this.deviceLogins.keys().next().value!);
    };
    settle({ loginId, status: 'pending' });
    void pollDeviceCode({ issuer, signal: ac.signal, now: this.now }, dc)
      .then((tokens) => saveLogin(this.store, tokens, new Date(this.now())))
      .then(
        (saved) => {
          settle({ loginId, status: 'done', accountId: saved.account.id, email: saved.account.email });
          this.emitChanged();
        },
        (e: Error) => settle({ loginId, status: 'failed', message: e.message }),
      )
      .finally(() => {
        if (this.deviceAbort === ac) this.deviceAbort = null;
      });
    return { loginId, userCode: dc.userCode, verificationUrl: dc.verificationUrl, expiresAt: dc.expiresAt };
  }

  async loginStatus(loginId: string): Promise<LoginState> {
    return this.deviceLogins.get(loginId) ?? this.logins.status(loginId);
  }

  async completeLogin(pasted: string): Promise<AccountSummary> {
    const saved = await this.logins.completeManual(pasted);
    this.emitChanged();
    return this.summaryOf(saved.account.id);
  }

  async importCodexAccount(file?: string): Promise<AccountSummary> {
    const target = file ?? defaultCodexAuthPath(this.opts.env);
    // Only a Codex login file may be named here (the method is reachable from the dashboard).
    if (path.basename(target) !== 'auth.json') throw new ContractError('invalid_argument', 'Only a Codex auth.json can be imported');
    const { account } = await importCodexAuth(this.store, target, new Date(this.now()));
    this.emitChanged();
    return this.summaryOf(account.id);
  }

  async removeAccount(id: string): Promise<AccountSummary[]> {
    const acc = await this.mustFind(id);
    await this.store.remove(acc.id);
    this.quota.remove(acc.id);
    this.pool.forgetSessions(acc.id);
    this.emitChanged();
    return this.listAccounts();
  }

  async setAccountDisabled(id: string, disabled: boolean): Promise<AccountSummary[]> {
    const acc = await this.mustFind(id);
    await this.store.update(acc.id, { disabled });
    if (disabled) this.pool.forgetSessions(acc.id);
    this.emitChanged();
    return this.listAccounts();
  }

  async refreshAccount(id: string): Promise<AccountSummary> {
    const acc = await this.mustFind(id);
    await this.credentials.forceRefresh(acc.id);
    await this.fetchQuota(acc.id).catch((e: Error) => this.logger.info({ account: acc.id, err: e.message }, 'quota refresh failed'));
    this.emitChanged();
    return this.summaryOf(acc.id);
  }

  async refreshAllAccounts(): Promise<AccountSummary[]> {
    for (const acc of await this.store.list()) {
      if (acc.disabled) continue;
      await this.refreshAccount(acc.id).catch((e: Error) => this.logger.warn({ account: acc.id, err: e.message }, 'account refresh failed'));
    }
    return this.listAccounts();
  }

  async refreshQuota(id?: string): Promise<AccountSummary[]> {
    if (id) {
      await this.fetchQuota((await this.mustFind(id)).id);
    } else {
      for (const acc of await this.store.list()) {
        if (acc.disabled || acc.needsLogin) continue;
        await this.fetchQuota(acc.id).catch((e: Error) => this.logger.info({ account: acc.id, err: e.message }, 'quota refresh failed'));
      }
    }
    this.emitChanged();
    return this.listAccounts();
  }

  private fetchQuota(id: string): Promise<QuotaSnapshot> {
    return refreshQuotaFromUsage(
      { credentials: this.credentials, book: this.quota, chatgptBaseUrl: () => this.upstreams.chatgptBaseUrl, now: this.now },
      id,
    );
  }

  async setEnabled(enabled: boolean): Promise<ProxyStatus> {
    this.enabled = enabled;
    this.emitChanged();
    return this.getStatus();
  }

  async getLaneStats(): Promise<LaneStats> {
    return this.laneStats.snapshot();
  }

  async listRequests(limit = 200): Promise<RequestRecord[]> {
    return this.requestLog.recent(Math.max(1, Math.min(500, Math.floor(limit))));
  }

  async getModels(): Promise<ModelsView> {
    return buildModelsView(this.settings.modelMapping, await this.activeCatalog());
  }

  // ---------------------------------------------------------------- ClaudeCodeApi (issue 5)

  getClaudeConfig(): Promise<ClaudeConfigStatus> {
    return this.claude.status();
  }
  configureClaude(opts: { dryRun?: boolean; statusLine?: boolean }): Promise<ClaudeConfigResult> {
    return this.claude.configure(opts);
  }
  useClaudeDirect(opts: { dryRun?: boolean }): Promise<ClaudeConfigResult> {
    return this.claude.direct(opts);
  }
  revertClaudeConfig(opts: { force?: boolean }): Promise<ClaudeConfigResult> {
    return this.claude.revert(opts);
  }
  runDoctor(): Promise<DoctorReport> {
    return this.claude.doctor();
  }
  applyDoctorFix(findingId: string): Promise<DoctorFixResult> {
    return this.claude.fix(findingId);
  }
  undoDoctorFix(changeId: string, opts: { force?: boolean }): Promise<{ changeId: string; files: string[] }> {
    return this.claude.undo(changeId, opts);
  }
  async getCompat(): Promise<CompatReport> {
    return this.compat.snapshot();
  }
  getStatusline(): Promise<StatuslineData> {
    return this.claude.statusline();
  }
}

/** mtime + size of a file, or null when it is not a file (e.g. an in-memory settings store). */
function fileStamp(file: string): string | null {
  try {
    const st = statSync(file);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}
