/**
 * The one contract between the dashboard (renderer) and the proxy core. Implemented by ProxyCore (domain),
 * the Electron preload bridge (IPC) and the browser's HTTP client (/api). Contains types and constant
 * channel names only, so the renderer may import it type-only and the preload may import the channel map.
 */

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

/** Every method the dashboard may call. */
export interface DashboardApi {
  getStatus(): Promise<ProxyStatus>;
  listAccounts(): Promise<AccountSummary[]>;
  switchAccount(id: string): Promise<ProxyStatus>;
  setEnabled(enabled: boolean): Promise<ProxyStatus>;
}

/** IPC channel per method; adding a method without a channel is a compile error. */
export const dashboardChannels = {
  getStatus: 'dashboard:getStatus',
  listAccounts: 'dashboard:listAccounts',
  switchAccount: 'dashboard:switchAccount',
  setEnabled: 'dashboard:setEnabled',
} as const satisfies { [K in keyof DashboardApi]: `dashboard:${K}` };

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

/**
 * Account management (issue 3). Implemented by ProxyCore and served over `/api/accounts…`; kept apart from
 * DashboardApi until the IPC bridge (main/) and the renderer client validate and expose these methods too —
 * then `DashboardApi extends AccountsApi` and the channels merge.
 */
export interface AccountsApi {
  /** Starts a sign-in. 'browser': the callback listener must start; 'paste': the user pastes the callback URL. */
  startLogin(mode: 'browser' | 'paste'): Promise<LoginStart>;
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

export const accountsChannels = {
  startLogin: 'dashboard:startLogin',
  loginStatus: 'dashboard:loginStatus',
  completeLogin: 'dashboard:completeLogin',
  importCodexAccount: 'dashboard:importCodexAccount',
  removeAccount: 'dashboard:removeAccount',
  setAccountDisabled: 'dashboard:setAccountDisabled',
  refreshAccount: 'dashboard:refreshAccount',
  refreshAllAccounts: 'dashboard:refreshAllAccounts',
  refreshQuota: 'dashboard:refreshQuota',
} as const satisfies { [K in keyof AccountsApi]: `dashboard:${K}` };

/** Push event from main to the renderer (and `GET /api/events` in a browser). */
export const dashboardChangedChannel = 'dashboard:changed';
