import { describe, expect, it } from 'vitest';
import type { AccountSummary, QuotaSnapshot } from '../../../proxy/src/contract.js';
import { buildStatuslineData, fallbackStatusline, formatDuration, formatStatusline, tightestWindow } from '../../../proxy/src/claude-code/statusline.js';
import { CompatSentinel, KNOWN_BETAS, parseBetaHeader } from '../../../proxy/src/logs/compat-sentinel.js';
import { unifiedDiff } from '../../../proxy/src/claude-code/unified-diff.js';
import { apiKeyHelperCommand, keyFromHelper, proxyBaseUrl } from '../../../proxy/src/claude-code/target.js';
import { statuslineUrl } from '../../../proxy/src/cli/statusline-command.js';

const NOW = 1_800_000_000_000;
const quota: QuotaSnapshot = {
  plan: 'plus',
  primary: { usedPercent: 12.5, windowMinutes: 300, resetsAt: NOW / 1000 + 3600 },
  secondary: { usedPercent: 71, windowMinutes: 10080, resetsAt: NOW / 1000 + 2 * 86400 + 3 * 3600 },
  additional: { codex_other: { name: 'GPT-6 Astra', primary: { usedPercent: 90, windowMinutes: 300, resetsAt: NOW / 1000 + 600 }, secondary: null } },
  credits: null,
  observedAt: NOW,
  source: 'headers',
};
const acct: AccountSummary = { id: 'acct_1', email: 'me@example.com', accountId: 'a', plan: 'plus', active: true, status: 'ok', source: 'login', quota };

describe('statusline', () => {
  it('picks the tightest window across primary, secondary and additional limits', () => {
    expect(tightestWindow(quota)).toEqual({ window: 'GPT-6 Astra 5h', usedPercent: 90, remainingPercent: 10, resetsAt: NOW / 1000 + 600 });
    expect(tightestWindow({ ...quota, additional: {} })).toMatchObject({ window: 'weekly', remainingPercent: 29 });
    expect(tightestWindow(null)).toBeNull();
  });

  it('formats one line: model, account, quota, reset, last turn tokens and cache hit', () => {
    const data = buildStatuslineData({
      enabled: true,
      accounts: [{ ...acct, active: false, id: 'other' }, acct],
      last: { id: 'r', startedAt: NOW, durationMs: 1, route: '/v1/messages', clientModel: 'claude-opus-5-5', upstreamModel: 'gpt-6.1-sol', accountId: 'acct_1', stream: true, status: 200, outcome: 'ok', attempts: 1, inputTokens: 12_345, outputTokens: 450, cachedTokens: 9_876 },
    });
    expect(formatStatusline({ ...data, quota: tightestWindow({ ...quota, additional: {} }) }, null, NOW)).toBe(
      'codex gpt-6.1-sol · me@example.com (plus) · weekly 29% left, resets in 2d3h · last 12k in (80% cached) / 450 out',
    );
    expect(formatStatusline({ enabled: false, account: null, quota: null, lastTurn: null }, { model: { id: 'claude-codex-gpt-5.6-luna' } }, NOW)).toBe('codex gpt-5.6-luna · proxy off · no account');
    expect(fallbackStatusline('127.0.0.1:8081')).toBe('codex-claude-proxy not running (127.0.0.1:8081)');
    expect(formatDuration(4380)).toBe('1h13m');
  });

  it('finds the proxy: --url, a local ANTHROPIC_BASE_URL, else the settings port', () => {
    expect(statuslineUrl({ url: 'http://127.0.0.1:9/' }, {})).toBe('http://127.0.0.1:9');
    expect(statuslineUrl({}, { ANTHROPIC_BASE_URL: 'http://127.0.0.1:8123' })).toBe('http://127.0.0.1:8123');
    expect(statuslineUrl({ dataDir: '/nonexistent-ccp' }, { ANTHROPIC_BASE_URL: 'https://api.anthropic.com' })).toBe('http://127.0.0.1:8081');
  });
});

describe('compat sentinel', () => {
  it('counts unknown field / block / beta names, never values, and ignores known betas', () => {
    const warnings: unknown[] = [];
    const logger = { warn: (o: unknown) => warnings.push(o) } as unknown as ConstructorParameters<typeof CompatSentinel>[0];
    const s = new CompatSentinel(logger, () => NOW);
    s.record({ unknownFields: ['galaxy', 'galaxy'], unknownBlockTypes: ['tool:mystery'] }, parseBetaHeader('claude-code-20250219, new-beta-2027-01-01'));
    s.record({ unknownFields: ['galaxy'], unknownBlockTypes: [] }, ['new-beta-2027-01-01', 'sk-ant secret value!']);
    expect(s.snapshot()).toEqual({
      fields: { galaxy: 2 },
      blockTypes: { 'tool:mystery': 1 },
      betas: { 'new-beta-2027-01-01': 2, '<invalid>': 1 },
      firstSeenAt: NOW,
      lastSeenAt: NOW,
    });
    expect(JSON.stringify(warnings)).not.toContain('secret');
    expect(warnings).toHaveLength(4); // first sighting of each name only
    expect(KNOWN_BETAS.has('context-management-2025-06-27')).toBe(true);
    s.reset();
    expect(s.snapshot().fields).toEqual({});
  });
});

describe('small pure helpers', () => {
  it('unified diff', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', { fromLabel: 'x', toLabel: 'y' })).toBe('--- x\n+++ y\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(unifiedDiff('same', 'same')).toBe('');
    expect(unifiedDiff('', '{}\n')).toBe('--- before\n+++ after\n@@ -0,0 +1,1 @@\n+{}\n');
  });

  it('helper command round-trips the key and quotes odd keys', () => {
    expect(apiKeyHelperCommand('abc-123')).toBe('echo abc-123');
    expect(keyFromHelper(apiKeyHelperCommand("we'ird key$"))).toBe("we'ird key$");
    expect(keyFromHelper('security find-generic-password -w')).toBeNull();
    expect(proxyBaseUrl('0.0.0.0', 8081)).toBe('http://127.0.0.1:8081');
    expect(proxyBaseUrl('::1', 8081)).toBe('http://[::1]:8081');
  });
});
