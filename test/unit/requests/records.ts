/** A request record with overrides, for the log, stats and service tests. */
import type { DashboardRecord } from '../../../proxy/src/requests/record.js';

export const rec = (over: Partial<DashboardRecord> = {}): DashboardRecord => ({
  id: 'r',
  startedAt: 1000,
  durationMs: 100,
  route: '/v1/messages',
  clientModel: 'claude-sonnet-5-5',
  upstreamModel: 'gpt-5.6-sol',
  accountId: 'a',
  stream: true,
  status: 200,
  outcome: 'ok',
  attempts: 1,
  inputTokens: 100,
  outputTokens: 10,
  cachedTokens: 50,
  ...over,
});
