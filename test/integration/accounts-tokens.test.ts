/**
 * Token lifecycle: refresh before expiry and on 401, single-flight (fifty concurrent requests → one refresh),
 * across processes too (lock file), rotated tokens written back to the Codex auth.json, the Codex app's own
 * refreshes adopted (never replaying its superseded refresh token), and a dead grant → "needs login" while
 * traffic moves to the other account.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { AccountStore } from '../../proxy/src/accounts/store.js';
import { CredentialProvider } from '../../proxy/src/accounts/credentials.js';
import { createPlaintextVault } from '../../proxy/src/accounts/token-vault.js';

let stack: Stack;
afterEach(async () => stack?.close());

const params = { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello' }] };
const client = () => new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
const responses = () => stack.fake.requests.filter((r) => r.path.endsWith('/responses'));
const authFile = (i = 0) => JSON.parse(readFileSync(stack.accounts[i]!.authFile, 'utf8')) as { tokens: Record<string, unknown>; last_refresh: string };

describe('single-flight refresh', () => {
  it('fifty concurrent requests on an account whose access token has expired → exactly one refresh reaches the issuer', async () => {
    stack = await startStack({ accessTtlSec: 1 });
    const a = stack.accounts[0]!;
    await new Promise((r) => setTimeout(r, 1200)); // the imported access token is now past its exp
    stack.fake.setAccessTtl(a.fake.accountId, 3600);
    const c = client();
    const results = await Promise.all(Array.from({ length: 50 }, () => c.messages.create(params)));
    expect(results.every((m) => m.content[0]?.type === 'text')).toBe(true);
    expect(stack.fake.refreshCalls).toBe(1);
    expect(responses().filter((r) => r.status === 401)).toHaveLength(0); // refreshed before use, not after a 401
    // the rotated refresh token was persisted and written back to the Codex file, other fields kept
    const file = authFile();
    expect(file.tokens.refresh_token).not.toBe(a.tokens.refreshToken);
    expect(file.tokens.oauth_provenance).toBeDefined();
    expect(file.tokens.account_id).toBe(a.fake.accountId);
    expect((await stack.core.store.tokens(a.id)).refreshToken).toBe(file.tokens.refresh_token);
  });

  it('fifty concurrent requests that all get 401 (token revoked) → one refresh, all succeed', async () => {
    stack = await startStack();
    stack.fake.expireAccessToken(stack.accounts[0]!.fake.accountId);
    const c = client();
    const results = await Promise.all(Array.from({ length: 50 }, () => c.messages.create(params)));
    expect(results).toHaveLength(50);
    expect(stack.fake.refreshCalls).toBe(1);
    expect(stack.fake.refreshReused).toBe(0);
  });

  it('two processes (two stores on one data dir) refreshing at once → one refresh (lock file)', async () => {
    stack = await startStack({ accessTtlSec: 1 });
    const a = stack.accounts[0]!;
    await new Promise((r) => setTimeout(r, 1200));
    stack.fake.setAccessTtl(a.fake.accountId, 3600);
    const file = path.join(stack.dataDir, 'accounts.json');
    const providers = [0, 1, 2].map(() => new CredentialProvider(new AccountStore(file, createPlaintextVault()), () => stack.fake.issuerUrl));
    const creds = await Promise.all(providers.map((p) => p.get(a.id)));
    expect(new Set(creds.map((c) => c.accessToken)).size).toBe(1);
    expect(stack.fake.refreshCalls).toBe(1);
    expect(stack.fake.refreshReused).toBe(0);
  });
});

describe('Codex auth.json sync', () => {
  /** What the Codex app does when it refreshes: rotate with the file's refresh token, write the new tokens back. */
  async function codexAppRefreshes(i = 0): Promise<{ access_token: string; refresh_token: string }> {
    const file = authFile(i);
    const res = await fetch(`${stack.fake.issuerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: file.tokens.refresh_token }),
    });
    expect(res.status).toBe(200);
    const t = (await res.json()) as { id_token: string; access_token: string; refresh_token: string };
    const next = { ...file, tokens: { ...file.tokens, id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token }, last_refresh: new Date().toISOString() };
    writeFileSync(stack.accounts[i]!.authFile, JSON.stringify(next, null, 2), { mode: 0o600 });
    return t;
  }

  it('the file changes underneath → the proxy uses the new token and never replays the old refresh token', async () => {
    stack = await startStack();
    const a = stack.accounts[0]!;
    await client().messages.create(params);
    expect(responses().pop()!.headers.authorization).toBe(`Bearer ${a.tokens.accessToken}`);

    const fresh = await codexAppRefreshes();
    expect(stack.fake.refreshCalls).toBe(1);
    await client().messages.create(params);
    expect(responses().pop()!.headers.authorization).toBe(`Bearer ${fresh.access_token}`);

    // later the proxy must refresh itself: it uses the Codex app's refresh token, not the superseded one
    stack.fake.expireAccessToken(a.fake.accountId);
    await client().messages.create(params);
    expect(stack.fake.refreshCalls).toBe(2);
    expect(stack.fake.refreshReused).toBe(0);
    const lastRefresh = stack.fake.requests.filter((r) => r.path === '/oauth/token').pop()!;
    expect((lastRefresh.body as Record<string, string>).refresh_token).toBe(fresh.refresh_token);
    expect(lastRefresh.status).toBe(200);
    // …and writes its rotation back, so the Codex app keeps working
    expect(authFile().tokens.refresh_token).toBe((await stack.core.store.tokens(a.id)).refreshToken);
    expect(authFile().tokens.refresh_token).not.toBe(fresh.refresh_token);
  });

  it('the Codex app refreshed while our token was revoked → adopted on the 401, no refresh of our own', async () => {
    stack = await startStack();
    await client().messages.create(params); // the proxy has seen the file once
    stack.fake.expireAccessToken(stack.accounts[0]!.fake.accountId);
    const fresh = await codexAppRefreshes();
    const msg = await client().messages.create(params);
    expect(msg.content[0]?.type).toBe('text');
    expect(responses().pop()!.headers.authorization).toBe(`Bearer ${fresh.access_token}`);
    expect(stack.fake.refreshCalls).toBe(1); // only the Codex app's
    expect(stack.fake.refreshReused).toBe(0);
  });
});

describe('dead grants', () => {
  it('refresh_token_reused → the account needs a login (clear reason) and the request completes on the other account', async () => {
    stack = await startStack({ accounts: 2 });
    const [a, b] = stack.accounts;
    // another tool that copied A's login (without touching the Codex file) rotates the chain
    const stolen = await fetch(`${stack.fake.issuerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: a!.tokens.refreshToken }),
    });
    expect(stolen.status).toBe(200);
    stack.fake.expireAccessToken(a!.fake.accountId);

    const msg = await client().messages.create(params);
    expect(msg.content[0]?.type).toBe('text');
    expect(responses().pop()!.accountId).toBe(b!.fake.accountId);
    expect(stack.fake.refreshReused).toBe(1);

    const summary = (await stack.core.listAccounts()).find((x) => x.id === a!.id)!;
    expect(summary.status).toBe('needs_login');
    expect(summary.needsLoginReason).toMatch(/^refresh_token_reused: .*sign in again/);

    // traffic has moved on: A is not retried, and its dead refresh token is not replayed
    const before = stack.fake.refreshCalls;
    await client().messages.create(params);
    expect(responses().pop()!.accountId).toBe(b!.fake.accountId);
    expect(stack.fake.refreshCalls).toBe(before);
  });

  it('the only account needs a login → 401 authentication_error naming it, x-should-retry false', async () => {
    stack = await startStack();
    await fetch(`${stack.fake.issuerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: stack.accounts[0]!.tokens.refreshToken }),
    });
    stack.fake.expireAccessToken(stack.accounts[0]!.fake.accountId);
    const err = await client().messages.create(params).then(
      () => null,
      (e: unknown) => e as InstanceType<typeof Anthropic.APIError>,
    );
    expect(err?.status).toBe(401);
    expect(err?.headers?.get('x-should-retry')).toBe('false');
    expect(err?.message).toMatch(/user1@example\.com/);
    expect(err?.message).not.toMatch(/rt_[\w-]{10,}/);
  });
});
