/** The seed-compatible /accounts routes (import, switch, refresh, refresh/all) and /api/accounts/import: no secret out. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCodexAuthJson } from '../fakes/codex-backend.js';
import { startStack, type Stack } from '../helpers/stack.js';
import type { AccountSummary, ProxyStatus } from '../../proxy/src/contract.js';

let stack: Stack;
beforeEach(async () => (stack = await startStack({ accounts: 2 })));
afterEach(async () => stack.close());

const SECRET = /eyJ[\w-]{10,}|rt_[\w-]{10,}/;
async function post<T>(p: string, body?: unknown): Promise<{ status: number; json: T; text: string }> {
  const res = await fetch(`${stack.baseUrl}${p}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as T, text };
}

describe('seed-compatible account routes', () => {
  it('GET /accounts, POST /accounts/switch by email, /accounts/refresh (active), /accounts/refresh/all', async () => {
    const [, b] = stack.accounts;
    const list = await fetch(`${stack.baseUrl}/accounts`);
    const body = (await list.json()) as { accounts: AccountSummary[]; activeAccountId: string };
    expect(body.accounts).toHaveLength(2);
    expect(body.activeAccountId).toBe(stack.accounts[0]!.id);

    const sw = await post<ProxyStatus>('/accounts/switch', { email: 'user2@example.com' });
    expect(sw.status).toBe(200);
    expect(sw.json.activeAccountId).toBe(b!.id);
    expect((await post('/accounts/switch', {})).status).toBe(400);
    expect((await post('/accounts/switch', { email: 'nobody@example.com' })).status).toBe(404);

    const one = await post<{ success: boolean; account: AccountSummary }>('/accounts/refresh');
    expect(one.status).toBe(200);
    expect(one.json.account.id).toBe(b!.id);
    expect(one.json.account.quota?.source).toBe('usage-endpoint');
    expect(stack.fake.refreshCalls).toBe(1);

    const all = await post<{ success: boolean; accounts: AccountSummary[] }>('/accounts/refresh/all');
    expect(all.status).toBe(200);
    expect(all.json.accounts.every((a) => a.status === 'ok')).toBe(true);
    expect(stack.fake.refreshCalls).toBe(3);
    for (const r of [sw, one, all]) expect(r.text).not.toMatch(SECRET);
  });

  it('POST /accounts/import and /api/accounts/import take a Codex auth.json; other files are refused', async () => {
    const { account, tokens } = stack.fake.addAccount({ email: 'imported@example.com', plan: 'pro' });
    const file = path.join(stack.dataDir, 'codex-new', 'auth.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(makeCodexAuthJson(tokens, account)));
    const seed = await post<{ success: boolean; account: AccountSummary }>('/accounts/import', { file });
    expect(seed.status).toBe(200);
    expect(seed.json.account).toMatchObject({ email: 'imported@example.com', plan: 'pro', source: 'codex-import' });
    expect(seed.text).not.toMatch(SECRET);
    const again = await post<AccountSummary>('/api/accounts/import', { file });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(seed.json.account.id);
    expect((await stack.core.listAccounts())).toHaveLength(3);

    const other = path.join(stack.dataDir, 'accounts.json');
    const refused = await post<{ error: { message: string } }>('/api/accounts/import', { file: other });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/Only a Codex auth\.json/);
  });
});
