/**
 * An in-memory DashboardClient for renderer tests, behaving like ProxyCore would. Typed as the full interface
 * (`satisfies DashboardClient` over every method), so a contract method without a fake is a compile error.
 */
import { vi, type Mock } from 'vitest';
import type {
  AccountSummary,
  ClaudeConfigStatus,
  DashboardApi,
  DashboardEvents,
  LaneStatsEntry,
  ProxyStatus,
  QuotaSnapshot,
  RequestRecord,
} from '../../proxy/src/contract';
import type { DashboardClient } from '../../renderer/src/api';

export const NOW_S = Math.floor(Date.now() / 1000);

export const baseStatus: ProxyStatus = {
  enabled: true,
  listening: true,
  host: '127.0.0.1',
  port: 8081,
  activeAccountId: 'a',
  requestsServed: 42,
  version: '0.1.0',
};

export const quota: QuotaSnapshot = {
  plan: 'pro',
  primary: { usedPercent: 42, windowMinutes: 300, resetsAt: NOW_S + 2 * 3600 + 5 * 60 },
  secondary: { usedPercent: 91, windowMinutes: 10080, resetsAt: NOW_S + 3 * 86400 },
  additional: { spark: { name: 'Spark', primary: { usedPercent: 5, windowMinutes: 300, resetsAt: null }, secondary: null } },
  credits: null,
  observedAt: Date.now(),
  source: 'headers',
};

export const baseAccounts: AccountSummary[] = [
  { id: 'a', email: 'work@example.com', accountId: 'acct-a', plan: 'pro', active: true, status: 'ok', source: 'login', quota },
  { id: 'b', email: null, accountId: 'acct-b', plan: null, active: false, status: 'needs_login', source: 'codex-import', needsLoginReason: 'refresh_token_reused: sign in again' },
];

const emptyLane = (): LaneStatsEntry => ({ requests: 0, ok: 0, failures: 0, fallbacks: 0, aborted: 0, medianLatencyMs: null, inputTokens: 0, outputTokens: 0, cachedTokens: 0 });

export function makeRecord(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'r1',
    startedAt: Date.parse('2026-01-01T10:00:00Z'),
    durationMs: 1234,
    route: '/v1/messages',
    clientModel: 'claude-sonnet-5-5',
    upstreamModel: 'gpt-5.6-sol',
    accountId: 'a',
    stream: true,
    status: 200,
    outcome: 'ok',
    attempts: 1,
    inputTokens: 1200,
    outputTokens: 34,
    cachedTokens: 1024,
    ...over,
  };
}

export const claudeStatus: ClaudeConfigStatus = {
  settingsPath: '/home/u/.claude/settings.json',
  exists: true,
  error: null,
  pointsAtProxy: false,
  baseUrl: null,
  expectedBaseUrl: 'http://127.0.0.1:8081',
  upToDate: false,
  outdated: ['env.ANTHROPIC_BASE_URL'],
  conflicts: ['ANTHROPIC_AUTH_TOKEN'],
  apiKeyHelper: 'none',
  statusLineInstalled: false,
  revertable: null,
};

export const DIFF = '--- settings.json\n+++ settings.json\n@@ -1,2 +1,4 @@\n {\n+  "env": { "ANTHROPIC_BASE_URL": "http://127.0.0.1:8081" },\n-  "model": "x"\n }\n';

/** The fake plus a way to push events as main / SSE would. */
export function fakeApi(overrides: Partial<DashboardClient> = {}) {
  let status = { ...baseStatus };
  let accounts = baseAccounts.map((a) => ({ ...a }));
  let claude = { ...claudeStatus };
  const listeners: { [K in keyof DashboardEvents]: Set<(p: DashboardEvents[K]) => void> } = { changed: new Set(), record: new Set(), heartbeat: new Set() };
  const list = async () => accounts;

  const base = {
    getStatus: vi.fn(async () => status),
    listAccounts: vi.fn(list),
    setEnabled: vi.fn(async (enabled: boolean) => (status = { ...status, enabled, listening: enabled })),
    switchAccount: vi.fn(async (id: string) => {
      accounts = accounts.map((a) => ({ ...a, active: a.id === id }));
      return (status = { ...status, activeAccountId: id });
    }),
    getLaneStats: vi.fn(async () => ({ since: 1, lanes: { codex: { ...emptyLane(), requests: 3, ok: 2, failures: 1, medianLatencyMs: 850, inputTokens: 12_000, outputTokens: 300, cachedTokens: 9_000 }, haiku: emptyLane() } })),
    listRequests: vi.fn(async (_limit?: number) => [makeRecord()]),
    getModels: vi.fn(async () => ({
      mapping: [
        { name: 'opus', kind: 'family' as const, clientModel: 'claude-opus-5-5', configuredModel: 'gpt-6.1-sol', configuredEffort: 'high', codexModel: 'gpt-6.1-sol', defaultEffort: 'high', contextWindow: 272_000, substituted: null },
        { name: 'haiku', kind: 'family' as const, clientModel: 'claude-haiku-5-5', configuredModel: 'gpt-5.1-codex-mini', configuredEffort: 'low', codexModel: 'gpt-5.6-luna', defaultEffort: 'low', contextWindow: 128_000, substituted: { wanted: 'gpt-5.1-codex-mini', reason: 'retired' } },
      ],
      catalog: [{ slug: 'gpt-6.1-sol', displayName: 'GPT-6.1 Sol', contextWindow: 272_000, efforts: ['low', 'medium', 'high'], defaultEffort: 'medium', visible: true }],
      advertised: ['claude-opus-5-5'],
    })),
    startLogin: vi.fn(async (mode: 'browser' | 'paste') => ({
      loginId: `login-${mode}`,
      url: 'https://auth.openai.com/oauth/authorize?client_id=app&state=s1',
      redirectUri: 'http://localhost:1455/auth/callback',
      listening: mode === 'browser',
      expiresAt: Date.now() + 600_000,
    })),
    startDeviceLogin: vi.fn(async () => ({ loginId: 'device-1', userCode: 'ABCD-EFGH', verificationUrl: 'https://auth.openai.com/codex/device', expiresAt: Date.now() + 900_000 })),
    loginStatus: vi.fn(async (loginId: string) => ({ loginId, status: 'pending' as const })),
    completeLogin: vi.fn(async (_pasted: string) => {
      const added: AccountSummary = { id: 'c', email: 'new@example.com', accountId: 'acct-c', plan: 'plus', active: false, status: 'ok', source: 'login' };
      accounts = [...accounts, added];
      return added;
    }),
    importCodexAccount: vi.fn(async (_file?: string) => {
      const added: AccountSummary = { id: 'd', email: 'codex@example.com', accountId: 'acct-d', plan: 'team', active: false, status: 'ok', source: 'codex-import' };
      accounts = [...accounts, added];
      return added;
    }),
    removeAccount: vi.fn(async (id: string) => (accounts = accounts.filter((a) => a.id !== id))),
    setAccountDisabled: vi.fn(async (id: string, disabled: boolean) =>
      (accounts = accounts.map((a) => (a.id === id ? { ...a, status: disabled ? ('disabled' as const) : ('ok' as const) } : a)))),
    refreshAccount: vi.fn(async (id: string) => accounts.find((a) => a.id === id)!),
    refreshAllAccounts: vi.fn(list),
    refreshQuota: vi.fn(async (_id?: string) => accounts),
    getClaudeConfig: vi.fn(async () => claude),
    configureClaude: vi.fn(async (o: { dryRun?: boolean; statusLine?: boolean }) => {
      if (!o.dryRun) claude = { ...claude, pointsAtProxy: true, upToDate: true, outdated: [], revertable: { id: 'chg-1', kind: 'configure', createdAt: '', description: 'configure' } };
      return { settingsPath: claude.settingsPath, changed: true, diff: DIFF, changeId: o.dryRun ? null : 'chg-1', status: claude };
    }),
    useClaudeDirect: vi.fn(async (o: { dryRun?: boolean }) => ({ settingsPath: claude.settingsPath, changed: false, diff: '', changeId: null, status: { ...claude, dryRun: o.dryRun } as ClaudeConfigStatus })),
    revertClaudeConfig: vi.fn(async (_o: { force?: boolean }) => {
      claude = { ...claudeStatus };
      return { settingsPath: claude.settingsPath, changed: true, diff: DIFF, changeId: 'chg-1', status: claude };
    }),
    runDoctor: vi.fn(async () => ({
      ok: false,
      checkedAt: Date.now(),
      findings: [
        { id: 'env.ANTHROPIC_AUTH_TOKEN', severity: 'error' as const, title: 'ANTHROPIC_AUTH_TOKEN overrides the proxy', detail: 'Set in ~/.zshrc line 3.', fix: { label: 'Comment it out' }, advice: null },
        { id: 'proxy.off', severity: 'warning' as const, title: 'The proxy is off', detail: 'Turn it on.', fix: null, advice: 'Use the switch on the Overview tab.' },
      ],
    })),
    applyDoctorFix: vi.fn(async (findingId: string) => ({ findingId, changeId: '20260101T000000000Z-doctor-abcdef', files: ['/home/u/.zshrc'], message: 'Commented out ANTHROPIC_AUTH_TOKEN in ~/.zshrc' })),
    undoDoctorFix: vi.fn(async (changeId: string, _o: { force?: boolean }) => ({ changeId, files: ['/home/u/.zshrc'] })),
    getCompat: vi.fn(async () => ({ fields: { context_management: 3 }, blockTypes: {}, betas: { 'new-beta-2026': 1 }, firstSeenAt: 1, lastSeenAt: Date.now() })),
    getStatusline: vi.fn(async () => ({ enabled: true, account: null, quota: null, lastTurn: null })),
  } satisfies DashboardClient;
  // Overrides are vi.fn()s too; the cast only restores the Mock typing the spread loses.
  const api = { ...base, ...overrides } as unknown as { [K in keyof DashboardApi]: Mock<DashboardApi[K]> };

  return {
    api,
    /** Subscribable variant: the fake as the preload would expose it (with onChanged / onRecord). */
    withPush(): DashboardClient {
      return {
        ...api,
        onChanged: (l) => {
          listeners.changed.add(l);
          return () => listeners.changed.delete(l);
        },
        onRecord: (l) => {
          listeners.record.add(l);
          return () => listeners.record.delete(l);
        },
      };
    },
    push<K extends keyof DashboardEvents>(event: K, payload: DashboardEvents[K]): void {
      for (const l of listeners[event]) (l as (p: DashboardEvents[K]) => void)(payload);
    },
    listenerCount: () => listeners.changed.size + listeners.record.size,
    setStatus: (s: Partial<ProxyStatus>) => (status = { ...status, ...s }),
    setAccounts: (a: AccountSummary[]) => (accounts = a),
  };
}
