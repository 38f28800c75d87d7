/** The CLI contract (docs/ARCHITECTURE.md §5a) against the built dist/proxy/cli.js. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { makeCodexAuthJson, startFakeCodex, type FakeCodex } from '../fakes/codex-backend.js';
import { fakeEnv } from '../helpers/stack.js';

let tmp: string;
let fake: FakeCodex;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'ccp-cli-'));
  fake = await startFakeCodex();
});
afterAll(async () => {
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
});

function writeAuth(dir: string, email = 'cli@example.com') {
  const { account, tokens } = fake.addAccount({ email });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'auth.json');
  writeFileSync(file, JSON.stringify(makeCodexAuthJson(tokens, account)), { mode: 0o600 });
  return { file, account, tokens };
}

describe('codex-claude-proxy CLI', () => {
  it('start --port 0 prints the real URL, serves /health and stops on SIGTERM', async () => {
    const cli = await startCli(['--data-dir', path.join(tmp, 'start')]);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${cli.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    const page = await fetch(`${cli.url}/`);
    expect(page.status).toBe(200);
    expect(await cli.stop()).toBe(0);
  });

  it('bad arguments → one-line error and exit code 2, never a stack trace', async () => {
    for (const args of [['start', '--port', 'abc'], ['bogus'], ['start', '--nope'], ['accounts', 'list', '--wat']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a missing auth.json → exit 1 with a one-line message', async () => {
    const r = await runCli(['accounts', 'import', '--file', path.join(tmp, 'nope.json'), '--data-dir', path.join(tmp, 'd1')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No Codex login found at .*nope\.json/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('accounts import takes $CODEX_HOME/auth.json and accounts list --json shows it without any token', async () => {
    const codexHome = path.join(tmp, 'codex-home');
    const { tokens, account } = writeAuth(codexHome, 'imported@example.com');
    const home = path.join(tmp, 'proxy-home');
    const imp = await runCli(['accounts', 'import'], { CODEX_HOME: codexHome, CODEX_CLAUDE_PROXY_HOME: home });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('imported@example.com');
    const list = await runCli(['accounts', 'list', '--json'], { CODEX_CLAUDE_PROXY_HOME: home });
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({
      id: expect.stringMatching(/^acct_/),
      email: 'imported@example.com',
      accountId: account.accountId,
      plan: account.plan,
      active: true,
      status: 'ok',
    });
    for (const secret of [tokens.accessToken, tokens.refreshToken, tokens.idToken]) {
      expect(list.stdout).not.toContain(secret);
      expect(imp.stdout).not.toContain(secret);
    }
    const file = path.join(home, 'accounts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts).toHaveLength(1);
  });

  it('a running server sees accounts imported by another process and serves a request with them', async () => {
    const home = path.join(tmp, 'live-home');
    const cli = await startCli(['--data-dir', home], fakeEnv(fake));
    try {
      const before = await fetch(`${cli.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'x' },
        body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(before.status).toBe(401);
      const { file } = writeAuth(path.join(tmp, 'live-codex'), 'live@example.com');
      const imp = await runCli(['accounts', 'import', '--file', file, '--data-dir', home]);
      expect(imp.code, imp.stderr).toBe(0);
      const after = await fetch(`${cli.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'x' },
        body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(after.status).toBe(200);
      expect(((await after.json()) as { content: { text: string }[] }).content[0]!.text).toBeTruthy();
    } finally {
      await cli.stop();
    }
  });
});
