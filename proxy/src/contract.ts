/**
 * The one contract between the dashboard (renderer) and the proxy core. Implemented by ProxyCore (domain),
 * the Electron preload bridge (IPC) and the browser's HTTP client (/api). Contains types and constant
 * channel names only, so the renderer may import it type-only and the preload may import the channel map.
 */
import type { RequestRecord } from './logs/request-log.js';

export type AccountStatus = 'ok' | 'needs_login' | 'cooldown' | 'disabled';

/** One rate-limit window of a ChatGPT plan (docs/codex-backend.md §8). */
export interface QuotaWindow {
  usedPercent: number;
  windowMinutes: number | null;
  /** Unix seconds. */
  resetsAt: number | null;
}

/** The latest known quota state of an account, from x-codex-* headers or GET /wham/usage. */
export interface QuotaSnapshot {
  plan: string | null;
  primary: QuotaWindow | null;
  secondary: QuotaWindow | null;
  /** Other limit families (e.g. a model-specific limit), keyed by limit id. */
  additional?: Record<string, { name: string | null; primary: QuotaWindow | null; secondary: QuotaWindow | null }>;
  credits: { hasCredits: boolean; unlimited: boolean; balance: string | null } | null;
  /** Which limit family is binding (`x-codex-active-limit`), when known. */
  activeLimit?: string | null;
  /** Unix ms. */
  observedAt: number;
  source: 'headers' | 'usage-endpoint' | 'stream-event';
}

/** What the dashboard and `accounts list --json` show of an account. Never a token. */
export interface AccountSummary {
  id: string;
  email: string | null;
  accountId: string;
  plan: string | null;
  active: boolean;
  status: AccountStatus;
  /** Unix ms until which the account is cooling down after a usage limit, when status is 'cooldown'. */
  cooldownUntil?: number | null;
  source: 'login' | 'codex-import';
  quota?: QuotaSnapshot | null;
  /** Why the account needs a new sign-in, when status is 'needs_login' (e.g. "refresh_token_reused: …"). */
  needsLoginReason?: string | null;
}

export interface ProxyStatus {
  enabled: boolean;
  listening: boolean;
  host: string;
  port: number;
  activeAccountId: string | null;
  requestsServed: number;
  version: string;
}

/** Figures of one upstream lane since the proxy started (docs: README, "Per-lane statistics"). */
export interface LaneStatsEntry {
  /** Requests that ended on this lane (a Haiku-lane attempt that fell back counts here and again on Codex). */
  requests: number;
  ok: number;
  /** Ended with an error (including Haiku-lane attempts that were then retried on Codex). */
  failures: number;
  /** Haiku lane: attempts handed over to Codex. Codex: requests served as such a fallback. */
  fallbacks: number;
  aborted: number;
  /** Median duration of the recent successful requests (ms), null before the first one. */
  medianLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

export interface LaneStats {
  /** Unix ms of the first counted record (null when none yet). */
  since: number | null;
  lanes: { codex: LaneStatsEntry; haiku: LaneStatsEntry };
}

/** The Haiku lane's configuration as shown to the dashboard and `GET /settings/haiku-model`: never the key. */
export interface HaikuLaneView {
  enabled: boolean;
  model: string | null;
  /** The effective upstream base URL. */
  baseUrl: string;
  fallbackToCodex: boolean;
  hasApiKey: boolean;
}

/** A started ChatGPT sign-in: open `url` in a browser. Never carries the PKCE verifier or a token. */
export interface LoginStart {
  loginId: string;
  url: string;
  redirectUri: string;
  /** Whether the loopback callback listener is running (false in paste mode when the port is taken). */
  listening: boolean;
  /** Unix ms after which the sign-in is abandoned. */
  expiresAt: number;
}

export interface LoginState {
  loginId: string;
  status: 'pending' | 'done' | 'failed' | 'unknown';
  accountId?: string;
  email?: string | null;
  message?: string;
}

/** A started device-code sign-in: show `userCode` and `verificationUrl`, then poll `loginStatus(loginId)`. */
export interface DeviceLoginStart {
  loginId: string;
  userCode: string;
  verificationUrl: string;
  /** Unix ms after which the code is no longer accepted. */
  expiresAt: number;
}

/** Account management (issue 3): part of DashboardApi. */
export interface AccountsApi {
  /** Starts a sign-in. 'browser': the callback listener must start; 'paste': the user pastes the callback URL. */
  startLogin(mode: 'browser' | 'paste'): Promise<LoginStart>;
  /** Starts a device-code sign-in; the proxy polls the issuer until the user approved it (or it expired). */
  startDeviceLogin(): Promise<DeviceLoginStart>;
  loginStatus(loginId: string): Promise<LoginState>;
  /** Completes the pending sign-in with the pasted callback URL, `code#state`, query string or bare code. */
  completeLogin(pasted: string): Promise<AccountSummary>;
  /** Imports the Codex CLI/app login (default $CODEX_HOME/auth.json). */
  importCodexAccount(file?: string): Promise<AccountSummary>;
  removeAccount(id: string): Promise<AccountSummary[]>;
  setAccountDisabled(id: string, disabled: boolean): Promise<AccountSummary[]>;
  /** Refreshes the account's tokens and quota. */
  refreshAccount(id: string): Promise<AccountSummary>;
  refreshAllAccounts(): Promise<AccountSummary[]>;
  /** Fetches the quota from GET /wham/usage (one account, or all). */
  refreshQuota(id?: string): Promise<AccountSummary[]>;
}

// ------------------------------------------------------------------------------------------ Claude Code (issue 5)

/** How Claude Code's settings.json relates to this proxy (`GET /claude/config`). Never holds a key. */
export interface ClaudeConfigStatus {
  settingsPath: string;
  exists: boolean;
  /** Set when settings.json cannot be parsed (it is then never written). */
  error: string | null;
  /** ANTHROPIC_BASE_URL equals this proxy's URL. */
  pointsAtProxy: boolean;
  baseUrl: string | null;
  expectedBaseUrl: string;
  /** Every key configure owns holds the value configure would write, and no credential overrides the helper. */
  upToDate: boolean;
  /** Owned keys whose value differs from what configure would write (`env.X`, `apiKeyHelper`). */
  outdated: string[];
  /** Credential variables in settings `env` that override the helper. */
  conflicts: string[];
  apiKeyHelper: 'proxy' | 'other' | 'none';
  statusLineInstalled: boolean;
  /** The change `revert` would undo. */
  revertable: { id: string; kind: string; createdAt: string; description: string } | null;
}

/** Result of configure / direct / revert: the redacted diff that was (or would be) applied. */
export interface ClaudeConfigResult {
  settingsPath: string;
  changed: boolean;
  diff: string;
  /** Journal id of the change (undo handle); null for a dry run or no change. */
  changeId: string | null;
  status: ClaudeConfigStatus;
}

export type DoctorSeverity = 'error' | 'warning' | 'info';

export interface DoctorFinding {
  /** Stable id; also the fix id (`doctor --fix <id>`). */
  id: string;
  severity: DoctorSeverity;
  title: string;
  detail: string;
  /** An automatic, undoable fix, or null when only `advice` can help. */
  fix: { label: string } | null;
  advice: string | null;
}

export interface DoctorReport {
  ok: boolean;
  findings: DoctorFinding[];
  /** Unix ms. */
  checkedAt: number;
}

export interface DoctorFixResult {
  findingId: string;
  /** Journal id: `doctor --undo <changeId>` restores the files byte for byte. */
  changeId: string;
  files: string[];
  message: string;
}

/** Unknown request parts seen since start (names only). */
export interface CompatReport {
  fields: Record<string, number>;
  blockTypes: Record<string, number>;
  betas: Record<string, number>;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
}

/** `GET /api/statusline`: what `codex-claude-proxy statusline` prints. */
export interface StatuslineData {
  enabled: boolean;
  account: { id: string; email: string | null; plan: string | null; status: AccountStatus } | null;
  /** The tightest quota window of the active account. */
  quota: { window: string; usedPercent: number; remainingPercent: number; resetsAt: number | null } | null;
  lastTurn: { model: string; upstreamModel: string | null; inputTokens: number; outputTokens: number; cachedTokens: number; at: number } | null;
}

/** Claude Code integration (issue 5): part of DashboardApi. */
export interface ClaudeCodeApi {
  getClaudeConfig(): Promise<ClaudeConfigStatus>;
  configureClaude(opts: { dryRun?: boolean; statusLine?: boolean }): Promise<ClaudeConfigResult>;
  useClaudeDirect(opts: { dryRun?: boolean }): Promise<ClaudeConfigResult>;
  revertClaudeConfig(opts: { force?: boolean }): Promise<ClaudeConfigResult>;
  runDoctor(): Promise<DoctorReport>;
  applyDoctorFix(findingId: string): Promise<DoctorFixResult>;
  undoDoctorFix(changeId: string, opts: { force?: boolean }): Promise<{ changeId: string; files: string[] }>;
  getCompat(): Promise<CompatReport>;
  getStatusline(): Promise<StatuslineData>;
}


// ------------------------------------------------------------------------------------------ models and logs

export type { RequestRecord };

/** One row of the model mapping: what a Claude model id is served by, resolved against the active catalog. */
export interface ModelRouteView {
  /** `opus` / `sonnet` / `haiku` / `unknown`, or the client id of an alias. */
  name: string;
  kind: 'family' | 'alias';
  /** The client model id this row is shown for (Claude Code's family id, or the alias itself). */
  clientModel: string;
  /** The Codex slug the settings name. */
  configuredModel: string;
  configuredEffort: string | null;
  /** The Codex model that would actually serve it (differs when the configured one is missing from the catalog). */
  codexModel: string;
  defaultEffort: string;
  contextWindow: number;
  substituted: { wanted: string; reason: string } | null;
}

/** One model of the active account's live Codex catalog. */
export interface CatalogModelView {
  slug: string;
  displayName: string;
  contextWindow: number;
  efforts: string[];
  defaultEffort: string;
  visible: boolean;
}

export interface ModelsView {
  mapping: ModelRouteView[];
  /** The active account's catalog; null when unknown (no account, or it could not be fetched). */
  catalog: CatalogModelView[] | null;
  /** The ids `GET /v1/models` advertises. */
  advertised: string[];
}

// ------------------------------------------------------------------------------------------ the one contract

/**
 * Every method the dashboard may call. Implemented by ProxyCore (domain); its transports are derived from the
 * contract table, keyed by these names and type-checked against this interface: the argument schemas
 * (contract/schemas.ts, both transports validate with them), the HTTP routes and requests (contract/http-routes.ts)
 * and the IPC channels below. Failures are ContractErrors with a typed code (contract/errors.ts).
 */
export interface DashboardApi extends AccountsApi, ClaudeCodeApi {
  getStatus(): Promise<ProxyStatus>;
  listAccounts(): Promise<AccountSummary[]>;
  switchAccount(id: string): Promise<ProxyStatus>;
  setEnabled(enabled: boolean): Promise<ProxyStatus>;
  getLaneStats(): Promise<LaneStats>;
  /** The newest request records (oldest first), at most `limit` (default 200). */
  listRequests(limit?: number): Promise<RequestRecord[]>;
  /** The model mapping and the active account's catalog. */
  getModels(): Promise<ModelsView>;
}

/** IPC channel per method; adding a method without a channel is a compile error. */
export const dashboardChannels = {
  getStatus: 'dashboard:getStatus',
  listAccounts: 'dashboard:listAccounts',
  switchAccount: 'dashboard:switchAccount',
  setEnabled: 'dashboard:setEnabled',
  getLaneStats: 'dashboard:getLaneStats',
  listRequests: 'dashboard:listRequests',
  getModels: 'dashboard:getModels',
  startLogin: 'dashboard:startLogin',
  startDeviceLogin: 'dashboard:startDeviceLogin',
  loginStatus: 'dashboard:loginStatus',
  completeLogin: 'dashboard:completeLogin',
  importCodexAccount: 'dashboard:importCodexAccount',
  removeAccount: 'dashboard:removeAccount',
  setAccountDisabled: 'dashboard:setAccountDisabled',
  refreshAccount: 'dashboard:refreshAccount',
  refreshAllAccounts: 'dashboard:refreshAllAccounts',
  refreshQuota: 'dashboard:refreshQuota',
  getClaudeConfig: 'dashboard:getClaudeConfig',
  configureClaude: 'dashboard:configureClaude',
  useClaudeDirect: 'dashboard:useClaudeDirect',
  revertClaudeConfig: 'dashboard:revertClaudeConfig',
  runDoctor: 'dashboard:runDoctor',
  applyDoctorFix: 'dashboard:applyDoctorFix',
  undoDoctorFix: 'dashboard:undoDoctorFix',
  getCompat: 'dashboard:getCompat',
  getStatusline: 'dashboard:getStatusline',
} as const satisfies { [K in keyof DashboardApi]: `dashboard:${K}` };

export type DashboardMethod = keyof DashboardApi;

// ------------------------------------------------------------------------------------------ push events

/** A sign of life, pushed every HEARTBEAT_INTERVAL_MS on each transport: no heartbeat for ~3 s means lost contact. */
export interface Heartbeat {
  /** Unix ms when the proxy sent it. */
  t: number;
}

export const HEARTBEAT_INTERVAL_MS = 1000;

/** Push events from the core to the dashboard: IPC `dashboard:<name>` in the app, SSE `GET /api/events` in a browser. */
export interface DashboardEvents {
  changed: ProxyStatus;
  record: RequestRecord;
  heartbeat: Heartbeat;
}

/** IPC channel per push event (and the SSE event names are its keys); an event without a channel does not compile. */
export const dashboardEventChannels = {
  changed: 'dashboard:changed',
  record: 'dashboard:record',
  heartbeat: 'dashboard:heartbeat',
} as const satisfies { [K in keyof DashboardEvents]: `dashboard:${K}` };

export type DashboardEvent = keyof DashboardEvents;

/** Kept for callers of the single-event era. */
export const dashboardChangedChannel = dashboardEventChannels.changed;

/** `onChanged`, `onRecord`: subscribe to one push event; each returns its unsubscribe function (for React effects). */
export type DashboardSubscriptions = {
  [K in keyof DashboardEvents as `on${Capitalize<K>}`]: (listener: (payload: DashboardEvents[K]) => void) => () => void;
};
