/**
 * The account pool behind real clients: usage-limit failover invisible to Claude Code, cooldown until the reset,
 * the exhausted-pool answer, manual switch (also from another process), disable/enable/remove, and the
 * round-robin and quota-aware strategies.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { runClaude } from '../helpers/claude-code.js';
import { runCli } from '../helpers/cli.js';
import { apiError } from '../helpers/api-error.js';
import { startStack, type Stack } from '../helpers/stack.js';
import type { AccountSummary } from '../../proxy/src/contract.js';

let stack: Stack;
afterEach(async () => stack?.close());

const params = { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };
const client = () => new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
const responses = () => stack.fake.requests.filter((r) => r.path.endsWith('/responses'));
const servedBy = () => responses().pop()!.accountId;
const ask = (session?: string) => client().messages.create(params, session ? { headers: { 'x-claude-code-session-id': session } } : undefined);

describe('usage-limit failover', () => {
  it('A answers 429 usage_limit_reached → the same Claude Code request completes on B; A cools down until its reset', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 5400 });
    const started = Date.now();
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(run.json!.result).toBe('Hello from the fake Codex backend.');

    const onA = responses().filter((r) => r.accountId === a!.fake.accountId);
    expect(onA.map((r) => r.status)).toEqual([429]);
    expect(responses().filter((r) => r.accountId === b!.fake.accountId).every((r) => r.status === 200)).toBe(true);

    const summary = (await stack.core.listAccounts()).find((x) => x.id === a!.id)!;
    expect(summary.status).toBe('cooldown');
    const expected = Math.floor(started / 1000) * 1000 + 5400_000;
    expect(summary.cooldownUntil!).toBeGreaterThanOrEqual(expected - 2000);
    expect(summary.cooldownUntil!).toBeLessThanOrEqual(expected + 2000);
    // the 429's quota headers were recorded too: the binding window shows 100 %
    expect(summary.quota?.primary?.usedPercent).toBe(100);
  });

  it('every account exhausted, earliest reset > 60 s away → 429 rate_limit_error, retry-after, x-should-retry false', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 7200 });
    stack.fake.enqueue(b!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 600 });
    const e = await apiError(ask());
    expect(e.status).toBe(429);
    expect((e.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const retryAfter = Number(e.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(601);
    expect(e.headers?.get('x-should-retry')).toBe('false');
    expect(e.message).toMatch(/usage limit/i);

    // both cooling down: the next request is answered without reaching the backend, with the same advice
    const n = responses().length;
    const again = await apiError(ask());
    expect(again.status).toBe(429);
    expect(Number(again.headers?.get('retry-after'))).toBeLessThanOrEqual(601);
    expect(again.headers?.get('x-should-retry')).toBe('false');
    expect(responses().length).toBe(n);
  });

  it('exhausted pool through Claude Code: one attempt per account, then an error, no hammering', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 7200 });
    stack.fake.enqueue(b!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 3600 });
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(run.json?.is_error ?? run.code !== 0).toBe(true);
    expect(responses().map((r) => r.status)).toEqual([429, 429]);
  });
});

describe('manual control', () => {
  it('switch (API or another process) takes effect at once, even for a pinned session', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    await ask('sess-1');
    expect(servedBy()).toBe(a!.fake.accountId);
    const res = await fetch(`${stack.baseUrl}/api/accounts/switch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: b!.id }) });
    expect(res.status).toBe(200);
    await ask('sess-1');
    expect(servedBy()).toBe(b!.fake.accountId);
    // the CLI in another process switches back by email
    const r = await runCli(['accounts', 'switch', 'user1@example.com', '--data-dir', stack.dataDir]);
    expect(r.code, r.stderr).toBe(0);
    await new Promise((res) => setTimeout(res, 20));
    await ask('sess-1');
    expect(servedBy()).toBe(a!.fake.accountId);
  });

  it('disable / enable / remove', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    const post = (p: string) => fetch(`${stack.baseUrl}${p}`, { method: 'POST' }).then(async (r) => ({ status: r.status, json: (await r.json()) as AccountSummary[] }));
    const off = await post(`/api/accounts/${a!.id}/disable`);
    expect(off.status).toBe(200);
    expect(off.json.find((x) => x.id === a!.id)!.status).toBe('disabled');
    await ask();
    expect(servedBy()).toBe(b!.fake.accountId);
    await post(`/api/accounts/${a!.id}/enable`);
    await ask();
    expect(servedBy()).toBe(a!.fake.accountId);

    const del = await fetch(`${stack.baseUrl}/api/accounts/${a!.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(((await del.json()) as AccountSummary[]).map((x) => x.id)).toEqual([b!.id]);
    await ask();
    expect(servedBy()).toBe(b!.fake.accountId);
    expect((await fetch(`${stack.baseUrl}/api/accounts/nope/disable`, { method: 'POST' })).status).toBe(404);

    // the CLI verbs do the same on the data dir
    expect((await runCli(['accounts', 'disable', b!.id, '--data-dir', stack.dataDir])).code).toBe(0);
    expect((await stack.core.listAccounts())[0]!.status).toBe('disabled');
    expect((await runCli(['accounts', 'enable', b!.id, '--data-dir', stack.dataDir])).code).toBe(0);
    expect((await runCli(['accounts', 'remove', b!.id, '--data-dir', stack.dataDir])).code).toBe(0);
    expect(await stack.core.listAccounts()).toEqual([]);
    const unknown = await runCli(['accounts', 'remove', 'ghost', '--data-dir', stack.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account ghost/);
  });
});

describe('strategies', () => {
  it('round-robin: new sessions alternate accounts; a session stays on its account', async () => {
    stack = await startStack({ accounts: 2, settings: { rotation: 'round-robin' } });
    const [a, b] = stack.accounts;
    const seen: (string | undefined)[] = [];
    for (const s of ['s1', 's2', 's3']) {
      await ask(s);
      seen.push(servedBy());
    }
    expect(seen).toEqual([a!.fake.accountId, b!.fake.accountId, a!.fake.accountId]);
    await ask('s2');
    expect(servedBy()).toBe(b!.fake.accountId);
  });

  it('quota-aware: new sessions go to the account with the most headroom, from the recorded quota headers', async () => {
    stack = await startStack({ accounts: 2, settings: { rotation: 'quota-aware' } });
    const [a, b] = stack.accounts;
    stack.fake.setQuota(a!.fake.accountId, { primaryUsedPercent: 85, secondaryUsedPercent: 20 });
    stack.fake.setQuota(b!.fake.accountId, { primaryUsedPercent: 10, secondaryUsedPercent: 30 });
    await stack.core.switchAccount(a!.id);
    await ask('learn-a'); // no data yet: both count as full; the active one wins the tie
    expect(servedBy()).toBe(a!.fake.accountId);
    await ask('next'); // A is now known at 15 % left; B unknown (full)
    expect(servedBy()).toBe(b!.fake.accountId);
    await ask('another'); // both known: B has 70 % left, A 15 %
    expect(servedBy()).toBe(b!.fake.accountId);
    await ask('learn-a'); // a pinned session stays while its account has headroom
    expect(servedBy()).toBe(a!.fake.accountId);
  });
});
