/** /claude/config*, /api/statusline|compat|doctor and the `claude` / `doctor` / `statusline` CLI verbs, on a temp HOME. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyCore } from '../../proxy/src/core.js';
import { silentLogger } from '../../proxy/src/logs/logger.js';
import { importCodexAuth } from '../../proxy/src/accounts/import-codex.js';
import { makeCodexAuthJson, startFakeCodex, type FakeCodex } from '../fakes/codex-backend.js';
import { fakeEnv, memorySettings } from '../helpers/stack.js';
import { runCli } from '../helpers/cli.js';

const KEY = 'ccp-int-client-key-0123456789';
let fake: FakeCodex;
let core: ProxyCore;
let root: string;
let home: string;
let base: string;
let settingsFile: string;

beforeAll(async () => {
  fake = await startFakeCodex();
  root = mkdtempSync(path.join(tmpdir(), 'ccp-claude-int-'));
  home = path.join(root, 'home');
  mkdirSync(home);
  settingsFile = path.join(home, '.claude', 'settings.json');
  core = new ProxyCore({
    dataDir: path.join(root, 'data'),
    env: fakeEnv(fake),
    settingsStore: memorySettings({ apiKey: KEY }),
    logger: silentLogger(),
    overrides: { port: 0, host: '127.0.0.1' },
    claudeHome: { home, env: {} },
  });
  const { account, tokens } = fake.addAccount({ email: 'int@example.com' });
  const authFile = path.join(root, 'codex', 'auth.json');
  mkdirSync(path.dirname(authFile), { recursive: true });
  writeFileSync(authFile, JSON.stringify(makeCodexAuthJson(tokens, account)));
  await importCodexAuth(core.store, authFile);
  await core.start();
  base = `http://127.0.0.1:${core.port}`;
});
afterAll(async () => {
  await core?.stop();
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('/claude/config routes', () => {
  const ORIGINAL = '{\n  "model": "opus",\n  "includeCoAuthoredBy": false\n}\n';

  it('dry run → diff only; configure → written; status; revert → byte-identical', async () => {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, ORIGINAL);
    let res = await fetch(`${base}/claude/config`);
    expect(res.status).toBe(200);
    let status = (await res.json()) as { pointsAtProxy: boolean; expectedBaseUrl: string };
    expect(status).toMatchObject({ pointsAtProxy: false, expectedBaseUrl: base });

    res = await post('/claude/config/proxy', { dryRun: true });
    const dry = (await res.json()) as { changed: boolean; diff: string; changeId: string | null };
    expect(dry.changed).toBe(true);
    expect(dry.changeId).toBeNull();
    expect(dry.diff).toContain(`+    "ANTHROPIC_BASE_URL": "${base}"`);
    expect(dry.diff).not.toContain(KEY);
    expect(readFileSync(settingsFile, 'utf8')).toBe(ORIGINAL);

    res = await post('/claude/config/proxy', { statusLine: true });
    const applied = (await res.json()) as { changed: boolean; changeId: string; status: { upToDate: boolean; statusLineInstalled: boolean } };
    expect(applied.changed).toBe(true);
    expect(applied.status).toMatchObject({ upToDate: true, statusLineInstalled: true });
    const written = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(written).toMatchObject({ model: 'opus', includeCoAuthoredBy: false, apiKeyHelper: `echo ${KEY}` });
    expect(written.env.ANTHROPIC_BASE_URL).toBe(base);
    expect(JSON.stringify(await (await fetch(`${base}/claude/config`)).json())).not.toContain(KEY);

    res = await post('/claude/config/revert', {});
    expect(res.status).toBe(200);
    expect(readFileSync(settingsFile, 'utf8')).toBe(ORIGINAL);
    res = await post('/claude/config/revert', {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/nothing to revert/);
  });

  it('direct removes the proxy settings (revertable)', async () => {
    await post('/claude/config/proxy', {});
    const res = await post('/claude/config/direct', {});
    expect(res.status).toBe(200);
    const data = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(data.env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(data.apiKeyHelper).toBeUndefined();
    await post('/claude/config/revert', {});
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).env.ANTHROPIC_BASE_URL).toBe(base);
    await post('/claude/config/revert', {});
  });

  it('an unparseable settings.json → 409 with a clear message, file untouched', async () => {
    const broken = '{"model": "opus",, }';
    writeFileSync(settingsFile, broken);
    const res = await post('/claude/config/proxy', {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON.*left unchanged/);
    expect(readFileSync(settingsFile, 'utf8')).toBe(broken);
    writeFileSync(settingsFile, '{}\n');
  });

  it('guards: cross-origin 403, foreign Host 403, invalid body 400', async () => {
    expect((await post('/claude/config/proxy', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: core.port, path: '/claude/config', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await post('/claude/config/proxy', { dryRun: 'yes' })).status).toBe(400);
    expect((await post('/api/doctor/undo', { changeId: '../../etc/passwd' })).status).toBe(400);
  });
});

describe('/api/statusline, /api/compat, /api/doctor', () => {
  it('statusline: account, tightest quota window, last turn', async () => {
    const r = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-opus-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(200);
    await r.text();
    const started = Date.now();
    const data = (await (await fetch(`${base}/api/statusline`)).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side JSON
    expect(Date.now() - started).toBeLessThan(500);
    expect(data.account).toMatchObject({ email: 'int@example.com', status: 'ok' });
    expect(data.lastTurn).toMatchObject({ model: 'claude-opus-5-5', upstreamModel: 'gpt-6.1-sol' });
    expect(data.lastTurn.inputTokens).toBeGreaterThan(0);
    if (data.quota) expect(data.quota).toMatchObject({ window: 'weekly', usedPercent: 40, remainingPercent: 60 });
  });

  it('compat: names counted, values never', async () => {
    core.compat.record({ unknownFields: ['brand_new_field'], unknownBlockTypes: ['hologram'] }, ['claude-code-20250219', 'future-beta-2027-01-01']);
    const snap = (await (await fetch(`${base}/api/compat`)).json()) as { fields: object; blockTypes: object; betas: object };
    expect(snap.fields).toEqual({ brand_new_field: 1 });
    expect(snap.blockTypes).toEqual({ hologram: 1 });
    expect(snap.betas).toEqual({ 'future-beta-2027-01-01': 1 });
  });

  it('doctor over HTTP: report, fix, undo', async () => {
    writeFileSync(path.join(home, '.bashrc'), 'export ANTHROPIC_AUTH_TOKEN=abc\n');
    const report = (await (await fetch(`${base}/api/doctor`)).json()) as { findings: { id: string }[] };
    expect(report.findings.map((f) => f.id)).toContain('rc:.bashrc:ANTHROPIC_AUTH_TOKEN');
    const fixRes = await post('/api/doctor/fix', { id: 'rc:.bashrc:ANTHROPIC_AUTH_TOKEN' });
    const fixed = (await fixRes.json()) as { changeId: string };
    expect(readFileSync(path.join(home, '.bashrc'), 'utf8')).toMatch(/^# \[disabled by codex-claude-proxy doctor\] export/);
    expect((await post('/api/doctor/undo', { changeId: fixed.changeId })).status).toBe(200);
    expect(readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('export ANTHROPIC_AUTH_TOKEN=abc\n');
    expect((await post('/api/doctor/fix', { id: 'nope' })).status).toBe(409);
  });
});

describe('CLI: claude configure | status | revert, doctor, statusline', () => {
  it('configure --dry-run, configure, status, revert on a temp HOME', async () => {
    const h = mkdtempSync(path.join(tmpdir(), 'ccp-cli-home-'));
    const data = path.join(h, 'proxy-data');
    const env = { HOME: h, CODEX_CLAUDE_PROXY_HOME: data, CLAUDE_CONFIG_DIR: '', CODEX_CLAUDE_PROXY_API_KEY: KEY };
    const file = path.join(h, '.claude', 'settings.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{\n  "theme": "dark"\n}\n');
    let r = await runCli(['claude', 'configure', '--dry-run', '--port', '8765'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:8765"');
    expect(r.stdout).toContain('(dry run');
    expect(r.stdout).not.toContain(KEY);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "theme": "dark"\n}\n');
    r = await runCli(['claude', 'configure', '--port', '8765'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/backup: change \d{8}T/);
    r = await runCli(['claude', 'status', '--json', '--port', '8765'], env);
    expect(JSON.parse(r.stdout)).toMatchObject({ pointsAtProxy: true, upToDate: true });
    r = await runCli(['claude', 'revert'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "theme": "dark"\n}\n');
    writeFileSync(file, '{ broken');
    r = await runCli(['claude', 'configure'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*settings\.json is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ broken');
    expect(existsSync(path.join(data, 'claude-backups'))).toBe(true);
    rmSync(h, { recursive: true, force: true });
  });

  it('doctor --json exits 1 with findings; --fix and --undo round-trip', async () => {
    const h = mkdtempSync(path.join(tmpdir(), 'ccp-cli-doc-'));
    const env = { HOME: h, CODEX_CLAUDE_PROXY_HOME: path.join(h, 'd'), CLAUDE_CONFIG_DIR: '', ANTHROPIC_AUTH_TOKEN: '', ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' };
    writeFileSync(path.join(h, '.zshrc'), 'export ANTHROPIC_BASE_URL=https://elsewhere.example\n');
    let r = await runCli(['doctor', '--json', '--port', '1'], env);
    expect(r.code).toBe(1);
    const ids = (JSON.parse(r.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['rc:.zshrc:ANTHROPIC_BASE_URL', 'settings:not-configured', 'proxy:not-running', 'accounts:none-usable']));
    r = await runCli(['doctor', '--fix', 'rc:.zshrc:ANTHROPIC_BASE_URL'], env);
    expect(r.code, r.stderr).toBe(0);
    const changeId = /doctor --undo (\S+)`/.exec(r.stdout)?.[1];
    expect(changeId).toBeDefined();
    r = await runCli(['doctor', '--undo', changeId!], env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(h, '.zshrc'), 'utf8')).toBe('export ANTHROPIC_BASE_URL=https://elsewhere.example\n');
    rmSync(h, { recursive: true, force: true });
  });

  it('statusline: the proxy line from stdin JSON, and a fallback line when nothing runs', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const run = (args: string[], stdin: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, [CLI, 'statusline', ...args], { env: { PATH: process.env.PATH ?? '', HOME: root } });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', (code) => resolve({ code, out }));
        c.stdin.end(stdin);
      });
    const live = await run(['--url', base], JSON.stringify({ model: { id: 'claude-codex-gpt-6.1-sol', display_name: 'x' }, workspace: {} }));
    expect(live.code).toBe(0);
    expect(live.out).toMatch(/^codex gpt-6\.1-sol · int@example\.com \(plus\)/);
    expect(live.out).toMatch(/last \d+ in \(\d+% cached\) \/ \d+ out\n$/);
    const dead = await run(['--url', 'http://127.0.0.1:1'], '');
    expect(dead).toEqual({ code: 0, out: 'codex-claude-proxy not running (127.0.0.1:1)\n' });
  });
});
