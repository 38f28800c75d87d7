import { vi, type Mock } from 'vitest';
import type { AccountSummary, DashboardApi, LaneStats, LaneStatsEntry, ProxyStatus } from '../../../proxy/src/contract.js';
import type { TrayState } from '../../../main/tray-state.js';

export function makeStatus(overrides: Partial<ProxyStatus> = {}): ProxyStatus {
  return {
    enabled: true,
    listening: true,
    host: '127.0.0.1',
    port: 8081,
    activeAccountId: 'b',
    requestsServed: 3,
    version: '0.1.0',
    ...overrides,
  };
}

export function makeAccount(overrides: Partial<AccountSummary> & Pick<AccountSummary, 'id'>): AccountSummary {
  return {
    email: `${overrides.id}@example.com`,
    accountId: `acct-${overrides.id}`,
    plan: 'plus',
    active: false,
    status: 'ok',
    source: 'login',
    ...overrides,
  };
}

const emptyLane: LaneStatsEntry = {
  requests: 0,
  ok: 0,
  failures: 0,
  fallbacks: 0,
  aborted: 0,
  medianLatencyMs: null,
  inputTokens: 0,
  outputTokens: 0,
  cachedTokens: 0,
};

export function makeLaneStats(overrides: Partial<LaneStats> = {}): LaneStats {
  return { since: null, lanes: { codex: { ...emptyLane }, haiku: { ...emptyLane } }, ...overrides };
}

/** Valid arguments for every DashboardApi method (typed: a method without samples does not compile). */
export const sampleArgs: { [K in keyof DashboardApi]: Parameters<DashboardApi[K]> } = {
  getStatus: [],
  listAccounts: [],
  switchAccount: ['acct_1'],
  setEnabled: [false],
  getLaneStats: [],
  listRequests: [5],
  getModels: [],
  startLogin: ['paste'],
  startDeviceLogin: [],
  loginStatus: ['login-1'],
  completeLogin: ['http://localhost:1455/auth/callback?code=c&state=s'],
  importCodexAccount: ['/home/u/.codex/auth.json'],
  removeAccount: ['acct_1'],
  setAccountDisabled: ['acct_1', true],
  refreshAccount: ['acct_1'],
  refreshAllAccounts: [],
  refreshQuota: ['acct_1'],
  getClaudeConfig: [],
  configureClaude: [{ dryRun: true, statusLine: false }],
  useClaudeDirect: [{ dryRun: true }],
  revertClaudeConfig: [{ force: true }],
  runDoctor: [],
  applyDoctorFix: ['env.ANTHROPIC_AUTH_TOKEN'],
  undoDoctorFix: ['20260101T000000000Z-doctor-abcdef', { force: true }],
  getCompat: [],
  getStatusline: [],
};

type Spied<T> = { [K in keyof T]: T[K] & Mock };

/**
 * A DashboardApi whose every method is a spy answering `{ method: <name> }` (a marker the transports must pass
 * through unchanged). Typed as the full interface: a new method without a spy here is a compile error.
 */
export function markerApi(): Spied<DashboardApi> {
  const marker = <K extends keyof DashboardApi>(name: K) => vi.fn(async (..._args: unknown[]) => ({ method: name })) as unknown as DashboardApi[K] & Mock;
  const api = {} as Spied<DashboardApi>;
  for (const name of Object.keys(sampleArgs) as (keyof DashboardApi)[]) {
    (api as Record<string, unknown>)[name] = marker(name);
  }
  return api;
}

export function makeTrayState(overrides: Partial<TrayState> = {}): TrayState {
  return {
    status: makeStatus(),
    accounts: [],
    requestsToday: 3,
    lastError: null,
    startError: null,
    claude: { pointsAtProxy: false, revertable: false },
    launchAtLogin: false,
    showQuotaInTitle: true,
    ...overrides,
  };
}

export function quotaUsed(usedPercent: number, resetsAt: number | null = null, windowMinutes = 300) {
  return {
    plan: 'plus',
    primary: { usedPercent, windowMinutes, resetsAt },
    secondary: null,
    credits: null,
    observedAt: 0,
    source: 'headers' as const,
  };
}
