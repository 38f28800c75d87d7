/**
 * Quotas: x-codex-* headers of every response → per-account snapshot → quota.json → `accounts quota --json`;
 * on-demand refresh from GET /wham/usage (API and CLI); `accounts refresh` (tokens + quota) writes back to the
 * Codex file; nothing secret in any output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';
import type { AccountSummary, QuotaSnapshot } from '../../proxy/src/contract.js';

let stack: Stack;
afterEach(async () => stack?.close());

const params = { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };
const client = () => new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
const SECRET = /eyJ[\w-]{10,}|rt_[\w-]{10,}/;

interface QuotaRow {
  id: string;
  email: string | null;
  plan: string | null;
  quota: QuotaSnapshot | null;
}

describe('quota snapshots', () => {
  it('headers of a response → snapshot on the account → `accounts quota --json`', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    const resetA = Math.floor(Date.now() / 1000) + 1800;
    stack.fake.setQuota(a!.fake.accountId, {
      primaryUsedPercent: 33.5,
      primaryResetAt: resetA,
      secondaryUsedPercent: 61,
      hasCredits: true,
      balance: '4.20',
      activeLimit: 'codex',
    });
    const before = Date.now();
    await client().messages.create(params);
    await client().messages.stream(params).finalMessage();

    const summary = (await stack.core.listAccounts()).find((x) => x.id === a!.id)!;
    expect(summary.quota).toMatchObject({
      plan: 'plus',
      primary: { usedPercent: 33.5, windowMinutes: 300, resetsAt: resetA },
      secondary: { usedPercent: 61, windowMinutes: 10080 },
      credits: { hasCredits: true, unlimited: false, balance: '4.20' },
      activeLimit: 'codex',
      source: 'headers',
    });
    expect(summary.quota!.observedAt).toBeGreaterThanOrEqual(before);
    expect((await stack.core.listAccounts()).find((x) => x.id === b!.id)!.quota).toBeNull();

    await stack.core.quota.flush();
    const r = await runCli(['accounts', 'quota', '--json', '--data-dir', stack.dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as QuotaRow[];
    expect(rows.map((x) => x.email)).toEqual(['user1@example.com', 'user2@example.com']);
    expect(rows[0]!.quota).toEqual(summary.quota);
    expect(rows[1]!.quota).toBeNull();
    expect(r.stdout).not.toMatch(SECRET);

    const text = await runCli(['accounts', 'quota', '--data-dir', stack.dataDir]);
    expect(text.stdout).toMatch(/user1@example\.com\s+plus\s+5h 33\.5% used, resets .* · weekly 61% used/);
    expect(text.stdout).toMatch(/user2@example\.com .*no quota data yet/);

    // the same over HTTP
    const api = (await (await fetch(`${stack.baseUrl}/api/accounts/quota`)).json()) as QuotaRow[];
    expect(api[0]!.quota).toEqual(summary.quota);
  });

  it('GET /wham/usage on demand (API), persisted in quota.json', async () => {
    stack = await startStack();
    const a = stack.accounts[0]!;
    stack.fake.setQuota(a.fake.accountId, { primaryUsedPercent: 71, secondaryUsedPercent: 12 });
    const res = await fetch(`${stack.baseUrl}/api/accounts/quota/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: a.id }) });
    expect(res.status).toBe(200);
    const [summary] = (await res.json()) as AccountSummary[];
    expect(summary!.quota).toMatchObject({ source: 'usage-endpoint', primary: { usedPercent: 71, windowMinutes: 300 }, secondary: { usedPercent: 12, windowMinutes: 10080 } });
    const usage = stack.fake.requests.filter((r) => r.path === '/backend-api/wham/usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]!.headers['chatgpt-account-id']).toBe(a.fake.accountId);
    await stack.core.quota.flush();
    const file = JSON.parse(readFileSync(path.join(stack.dataDir, 'quota.json'), 'utf8')) as { accounts: Record<string, QuotaSnapshot> };
    expect(file.accounts[a.id]!.primary!.usedPercent).toBe(71);
  });
});

describe('accounts refresh (CLI)', () => {
  it('refreshes the tokens and the quota of every account, writes back to the Codex file, prints no secret', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    stack.fake.setQuota(b!.fake.accountId, { primaryUsedPercent: 44 });
    const r = await runCli(['accounts', 'refresh', '--all', '--data-dir', stack.dataDir], { OPENAI_AUTH_ISSUER: stack.fake.issuerUrl, CHATGPT_BASE_URL: stack.fake.chatgptBaseUrl, CODEX_BASE_URL: stack.fake.codexBaseUrl });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/user1@example\.com: refreshed; 5h 13% used/);
    expect(r.stdout).toMatch(/user2@example\.com: refreshed; 5h 44% used/);
    expect(r.stdout + r.stderr).not.toMatch(SECRET);
    expect(stack.fake.refreshCalls).toBe(2);
    for (const acc of [a!, b!]) {
      const file = JSON.parse(readFileSync(acc.authFile, 'utf8')) as { tokens: { refresh_token: string } };
      expect(file.tokens.refresh_token).not.toBe(acc.tokens.refreshToken);
      expect((await stack.core.store.tokens(acc.id)).refreshToken).toBe(file.tokens.refresh_token);
    }
    // the running server keeps working with the tokens the CLI rotated (no refresh_token_reused later)
    stack.fake.expireAccessToken(a!.fake.accountId);
    await client().messages.create(params);
    expect(stack.fake.refreshReused).toBe(0);

    const q = await runCli(['accounts', 'quota', '--json', '--data-dir', stack.dataDir]);
    const rows = JSON.parse(q.stdout) as QuotaRow[];
    expect(rows.find((x) => x.id === b!.id)!.quota).toMatchObject({ primary: { usedPercent: 44 } });
  });

  it('a dead login → exit 1, the account marked needs_login with the reason in `accounts list`', async () => {
    stack = await startStack();
    await fetch(`${stack.fake.issuerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: stack.accounts[0]!.tokens.refreshToken }),
    });
    const env = { OPENAI_AUTH_ISSUER: stack.fake.issuerUrl, CHATGPT_BASE_URL: stack.fake.chatgptBaseUrl };
    const r = await runCli(['accounts', 'refresh', '--data-dir', stack.dataDir], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/refresh_token_reused/);
    const list = await runCli(['accounts', 'list', '--data-dir', stack.dataDir]);
    expect(list.stdout).toMatch(/needs_login\s+\(refresh_token_reused: .*sign in again\)/);
    const json = JSON.parse((await runCli(['accounts', 'list', '--json', '--data-dir', stack.dataDir])).stdout) as { status: string }[];
    expect(json[0]!.status).toBe('needs_login');
  });
});
