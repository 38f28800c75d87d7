import type { AccountSummary, LaneStats, LaneStatsEntry, ProxyStatus } from '../../../proxy/src/contract.js';

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
