/**
 * The three ChatGPT sign-in flows against the fake issuer (PKCE S256 verified, JWT id_tokens with the real claim
 * layout): browser (the test plays the browser: it follows the authorize URL, which redirects to the callback
 * listener), paste mode, device code; wrong state rejected; port taken. Through the HTTP API and the built CLI.
 * The callback port is always random (CODEX_CLAUDE_PROXY_CALLBACK_PORT=0 or a taken test port), never 1455.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { fakeEnv, startStack, type Stack } from '../helpers/stack.js';
import { startFakeCodex, type FakeCodex } from '../fakes/codex-backend.js';
import type { AccountSummary, LoginStart, LoginState } from '../../proxy/src/contract.js';

const JWT_OR_RT = /eyJ[\w-]{10,}|rt_[\w-]{10,}|ac_[\w-]{10,}/;

async function api<T>(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as T };
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sign-in through the HTTP API (in-process proxy)', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { CODEX_CLAUDE_PROXY_CALLBACK_PORT: '0' } });
  });
  afterEach(async () => stack.close());

  it('browser flow: authorize URL → fake issuer → 302 to the callback listener → account saved from the id_token claims', async () => {
    const { account: team } = stack.fake.addAccount({ email: 'team@example.com', plan: 'team' });
    stack.fake.setAuthorizeAccount(team.accountId);
    const start = await api<LoginStart>(stack.baseUrl, 'POST', '/api/accounts/login', { mode: 'browser' });
    expect(start.status).toBe(200);
    expect(Object.keys(start.json).sort()).toEqual(['expiresAt', 'listening', 'loginId', 'redirectUri', 'url']);
    const url = new URL(start.json.url);
    expect(url.origin).toBe(stack.fake.issuerUrl);
    expect(url.searchParams.get('redirect_uri')).toBe(start.json.redirectUri);
    expect(start.json.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/);
    expect(start.json.redirectUri).not.toContain(':1455/');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('originator')).toBe('codex_cli_rs');

    // the "browser": follows the issuer's redirect to our listener
    const page = await fetch(start.json.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as team@example.com');

    const state = await until(async () => {
      const s = await api<LoginState>(stack.baseUrl, 'GET', `/api/accounts/login/${start.json.loginId}`);
      return s.json.status === 'pending' ? undefined : s.json;
    });
    expect(state).toMatchObject({ status: 'done', email: 'team@example.com' });
    const exchange = stack.fake.requests.find((r) => r.path === '/oauth/token' && (r.body as Record<string, string>).grant_type === 'authorization_code')!;
    expect(exchange.status).toBe(200);
    expect(exchange.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect((exchange.body as Record<string, string>).redirect_uri).toBe(start.json.redirectUri);

    const accounts = (await api<AccountSummary[]>(stack.baseUrl, 'GET', '/api/accounts')).json;
    const added = accounts.find((a) => a.email === 'team@example.com')!;
    expect(added).toMatchObject({ accountId: team.accountId, plan: 'team', source: 'login', status: 'ok' });
    expect(JSON.stringify(accounts)).not.toMatch(JWT_OR_RT);

    // the new account really works on the backend
    await stack.core.switchAccount(added.id);
    const msg = await fetch(`${stack.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(msg.status).toBe(200);
    expect(stack.fake.requests.filter((r) => r.path.endsWith('/responses')).pop()!.accountId).toBe(team.accountId);
  });

  it('a callback with the wrong state gets 400 "State mismatch" and the listener keeps waiting', async () => {
    const start = (await api<LoginStart>(stack.baseUrl, 'POST', '/api/accounts/login', {})).json;
    const wrong = await fetch(`${start.redirectUri}?code=ac_forged&state=not-the-state`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('State mismatch');
    expect((await api<LoginState>(stack.baseUrl, 'GET', `/api/accounts/login/${start.loginId}`)).json.status).toBe('pending');
    const page = await fetch(start.url);
    expect(await page.text()).toContain('Signed in');
    expect(stack.fake.requests.some((r) => r.path === '/oauth/token' && JSON.stringify(r.body).includes('ac_forged'))).toBe(false);
  });

  it('seed routes: POST /accounts/add gives the URL (never the verifier); /accounts/add/manual takes the pasted callback URL', async () => {
    const { account: other } = stack.fake.addAccount({ email: 'pasted@example.com' });
    stack.fake.setAuthorizeAccount(other.accountId);
    const start = await api<LoginStart & Record<string, unknown>>(stack.baseUrl, 'POST', '/accounts/add');
    expect(start.status).toBe(200);
    expect(JSON.stringify(start.json)).not.toMatch(/verifier/i);
    const redirect = await fetch(start.json.url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const callbackUrl = redirect.headers.get('location')!;

    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'forged');
    const bad = await api<{ error: { message: string } }>(stack.baseUrl, 'POST', '/accounts/add/manual', { callbackUrl: forged.toString() });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/State mismatch/);

    const ok = await api<{ success: boolean; account: AccountSummary }>(stack.baseUrl, 'POST', '/accounts/add/manual', { callbackUrl });
    expect(ok.status).toBe(200);
    expect(ok.json.account).toMatchObject({ email: 'pasted@example.com', accountId: other.accountId, source: 'login' });
    const list = await api<{ accounts: AccountSummary[] }>(stack.baseUrl, 'GET', '/accounts');
    expect(list.json.accounts.map((a) => a.email).sort()).toEqual(['pasted@example.com', 'user1@example.com']);
  });

  it('paste mode also takes code#state', async () => {
    const start = (await api<LoginStart>(stack.baseUrl, 'POST', '/api/accounts/login', { mode: 'paste' })).json;
    const loc = new URL((await fetch(start.url, { redirect: 'manual' })).headers.get('location')!);
    const input = `${loc.searchParams.get('code')}#${loc.searchParams.get('state')}`;
    const done = await api<AccountSummary>(stack.baseUrl, 'POST', '/api/accounts/login/complete', { input });
    expect(done.status).toBe(200);
    expect(done.json.source).toBe('login');
  });

  it('one email in a Team and a personal workspace → two accounts', async () => {
    const personal = stack.fake.addAccount({ email: 'same@example.com', userId: 'user-same', plan: 'plus' }).account;
    const team = stack.fake.addAccount({ email: 'same@example.com', userId: 'user-same', plan: 'team' }).account;
    for (const acct of [personal, team]) {
      stack.fake.setAuthorizeAccount(acct.accountId);
      const start = (await api<LoginStart>(stack.baseUrl, 'POST', '/api/accounts/login', {})).json;
      await (await fetch(start.url)).text();
      await until(async () => ((await api<LoginState>(stack.baseUrl, 'GET', `/api/accounts/login/${start.loginId}`)).json.status === 'done' ? true : undefined));
    }
    const same = (await stack.core.listAccounts()).filter((a) => a.email === 'same@example.com');
    expect(same.map((a) => a.plan).sort()).toEqual(['plus', 'team']);
    expect(new Set(same.map((a) => a.id)).size).toBe(2);
  });

  it('cross-origin calls to the account routes are refused', async () => {
    for (const p of ['/accounts/add', '/api/accounts/login', '/accounts/switch']) {
      const res = await fetch(`${stack.baseUrl}${p}`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, p).toBe(403);
    }
    const rebinding = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: stack.core.port, path: '/accounts', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebinding).toBe(403);
  });
});

// ------------------------------------------------------------------------------------------------ CLI

interface Interactive {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

function spawnCli(args: string[], env: Record<string, string>): Interactive {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DEBUG: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
  void exit.then(() => clearTimeout(kill));
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    async waitFor(re, timeoutMs = 10_000) {
      return until(async () => re.exec(out) ?? undefined, timeoutMs).catch(() => {
        throw new Error(`CLI output never matched ${re}:\n${out}\n${err}`);
      });
    },
  };
}

describe('accounts add (built CLI)', () => {
  let fake: FakeCodex;
  let tmp: string;
  let n = 0;
  const env = (extra: Record<string, string> = {}) => ({ ...fakeEnv(fake), CODEX_CLAUDE_PROXY_NO_BROWSER: '1', CODEX_CLAUDE_PROXY_CALLBACK_PORT: '0', ...extra });
  const dataDir = () => path.join(tmp, `d${++n}`);

  beforeAll(async () => {
    fake = await startFakeCodex();
    tmp = mkdtempSync(path.join(tmpdir(), 'ccp-login-cli-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('browser: prints the URL, the "browser" follows it, the CLI saves the account and exits 0', async () => {
    const { account } = fake.addAccount({ email: 'cli-browser@example.com' });
    fake.setAuthorizeAccount(account.accountId);
    const dir = dataDir();
    const cli = spawnCli(['accounts', 'add', '--data-dir', dir], env());
    const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    const page = await fetch(url);
    expect(await page.text()).toContain('Signed in as cli-browser@example.com');
    expect(await cli.exit).toBe(0);
    expect(cli.out()).toMatch(/added cli-browser@example\.com \(plus\) as acct_/);
    expect(cli.out() + cli.err()).not.toMatch(JWT_OR_RT);
    const list = await runCli(['accounts', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ email: 'cli-browser@example.com', accountId: account.accountId, active: true, status: 'ok' })]);
  });

  it('--no-browser: a wrong state is refused and it keeps reading; the right callback URL completes', async () => {
    const { account } = fake.addAccount({ email: 'cli-paste@example.com' });
    fake.setAuthorizeAccount(account.accountId);
    const dir = dataDir();
    const cli = spawnCli(['accounts', 'add', '--no-browser', '--data-dir', dir], env());
    const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    await cli.waitFor(/Paste its full URL here/);
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
    const forged = new URL(location);
    forged.searchParams.set('state', 'forged');
    cli.child.stdin!.write(`${forged}\n`);
    await cli.waitFor(/State mismatch.*paste the callback URL again/);
    cli.child.stdin!.write(`${location}\n`);
    expect(await cli.exit).toBe(0);
    expect(cli.out()).toMatch(/added cli-paste@example\.com/);
    expect(cli.out()).not.toMatch(/rt_[\w-]{10,}|eyJ[\w-]{10,}/);
  });

  it('--device: shows the verification URL and code, polls (403 pending) until approved', async () => {
    const { account } = fake.addAccount({ email: 'cli-device@example.com', plan: 'pro' });
    const dir = dataDir();
    const cli = spawnCli(['accounts', 'add', '--device', '--data-dir', dir], env());
    const m = await cli.waitFor(/enter the code:\s+(\S+)/);
    expect(cli.out()).toContain(`${fake.issuerUrl}/codex/device`);
    const userCode = m[1]!;
    await until(async () => (fake.requests.some((r) => r.path === '/api/accounts/deviceauth/token' && r.status === 403) ? true : undefined));
    fake.approveDeviceCode(userCode, account.accountId);
    expect(await cli.exit).toBe(0);
    expect(cli.out()).toMatch(/added cli-device@example\.com \(pro\)/);
    const exchange = fake.requests.filter((r) => r.path === '/oauth/token' && (r.body as Record<string, string>).grant_type === 'authorization_code').pop()!;
    expect(exchange.status).toBe(200);
    expect((exchange.body as Record<string, string>).redirect_uri).toBe(`${fake.issuerUrl}/deviceauth/callback`);
  });

  it('a taken callback port → exit 1 with "is `codex login` running?"', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['accounts', 'add', '--data-dir', dataDir()], env({ CODEX_CLAUDE_PROXY_CALLBACK_PORT: String(port) }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port ${port} is in use — is \`codex login\` running?`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });
});
