/**
 * Each conflict the doctor knows is planted in a temp HOME, detected, fixed, and the fix undone byte for byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../proxy/src/contract.js';
import { ChangeJournal } from '../../../proxy/src/claude-code/change-journal.js';
import { applyDoctorFix, keySuffix, parseTokenCount, runDoctor, undoDoctorFix, type DoctorDeps } from '../../../proxy/src/claude-code/doctor.js';
import { claudeSettingsPath, claudeStatePath, type ClaudeHome } from '../../../proxy/src/claude-code/paths.js';
import { configureClaude } from '../../../proxy/src/claude-code/settings-writer.js';
import { computeTarget } from '../../../proxy/src/claude-code/target.js';
import { defaultModelMapping } from '../../../proxy/src/routing/model-mapping.js';

const KEY = 'ccp-doctor-client-key-abcdefghijklmnop';
const okAccount: AccountSummary = { id: 'acct_1', email: 'a@example.com', accountId: 'x', plan: 'plus', active: true, status: 'ok', source: 'codex-import' };

let root: string;
let claude: ClaudeHome;
let journal: ChangeJournal;
let health: Server;
let healthUrl: string;

const target = computeTarget({ baseUrl: 'http://127.0.0.1:8081', clientKey: KEY, mapping: defaultModelMapping, catalog: [], statusLineCommand: null });

function deps(over: Partial<DoctorDeps> = {}): DoctorDeps {
  return { claude, journal, target, healthUrl, accounts: async () => [okAccount], ...over };
}

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function configured(): Promise<void> {
  await configureClaude({ claude, journal }, target);
}

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'ccp-doctor-'));
  claude = { home: path.join(root, 'home'), env: {} };
  mkdirSync(claude.home);
  journal = new ChangeJournal(path.join(root, 'data', 'claude-backups'));
  health = createServer((_req, res) => res.end(JSON.stringify({ status: 'ok' })));
  await new Promise<void>((r) => health.listen(0, '127.0.0.1', r));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/health`;
});
afterEach(async () => {
  await new Promise((r) => health.close(r));
  rmSync(root, { recursive: true, force: true });
});

/** Detect → fix → finding gone → undo → files byte-identical and finding back. */
async function roundTrip(id: string, files: string[]): Promise<void> {
  const before = files.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
  const report = await runDoctor(deps());
  const f = report.findings.find((x) => x.id === id);
  expect(f, JSON.stringify(report.findings.map((x) => x.id))).toBeDefined();
  expect(f!.fix).not.toBeNull();
  const fixed = await applyDoctorFix(deps(), id);
  expect(fixed.files.map((p) => path.resolve(p)).sort()).toEqual(files.map((p) => path.resolve(p)).sort());
  expect((await runDoctor(deps())).findings.map((x) => x.id)).not.toContain(id);
  await undoDoctorFix({ journal }, fixed.changeId);
  expect(files.map((p) => (existsSync(p) ? readFileSync(p, 'utf8') : null))).toEqual(before);
  expect((await runDoctor(deps())).findings.map((x) => x.id)).toContain(id);
  await expect(undoDoctorFix({ journal }, fixed.changeId)).rejects.toThrow(/already undone/);
}

describe('doctor', () => {
  it('a configured HOME with a running proxy and an account is clean', async () => {
    await configured();
    const r = await runDoctor(deps());
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('ANTHROPIC_AUTH_TOKEN / API_KEY / BASE_URL in shell rc files (sh, zsh, fish): detected, commented out, undone', async () => {
    await configured();
    const zshrc = path.join(claude.home, '.zshrc');
    const bashrc = path.join(claude.home, '.bashrc');
    const fish = path.join(claude.home, '.config', 'fish', 'config.fish');
    put(zshrc, 'alias ll="ls -l"\nexport ANTHROPIC_AUTH_TOKEN=sk-ant-oat-secret\n  export ANTHROPIC_BASE_URL="https://elsewhere.example"\n');
    put(bashrc, '# my bashrc\r\nANTHROPIC_API_KEY=sk-ant-api03-other\r\n');
    put(fish, 'set -gx ANTHROPIC_AUTH_TOKEN sk-fish\nset -x PATH $PATH ~/bin\n');
    const r = await runDoctor(deps());
    const ids = r.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['rc:.zshrc:ANTHROPIC_AUTH_TOKEN', 'rc:.zshrc:ANTHROPIC_BASE_URL', 'rc:.bashrc:ANTHROPIC_API_KEY', 'rc:config.fish:ANTHROPIC_AUTH_TOKEN']));
    expect(JSON.stringify(r)).not.toMatch(/sk-ant-oat-secret|sk-fish|sk-ant-api03-other/);
    await roundTrip('rc:.zshrc:ANTHROPIC_AUTH_TOKEN', [zshrc]);
    await roundTrip('rc:.bashrc:ANTHROPIC_API_KEY', [bashrc]);
    await roundTrip('rc:config.fish:ANTHROPIC_AUTH_TOKEN', [fish]);
    const fixed = await applyDoctorFix(deps(), 'rc:.zshrc:ANTHROPIC_AUTH_TOKEN');
    expect(readFileSync(zshrc, 'utf8')).toBe('alias ll="ls -l"\n# [disabled by codex-claude-proxy doctor] export ANTHROPIC_AUTH_TOKEN=sk-ant-oat-secret\n  export ANTHROPIC_BASE_URL="https://elsewhere.example"\n');
    await undoDoctorFix({ journal }, fixed.changeId);
  });

  it('an rc line that already sets our own base URL is not a conflict', async () => {
    await configured();
    put(path.join(claude.home, '.profile'), 'export ANTHROPIC_BASE_URL=http://127.0.0.1:8081\n');
    expect((await runDoctor(deps())).findings).toEqual([]);
  });

  it('credentials / base URL in the process environment are reported with advice (no value shown)', async () => {
    await configured();
    claude = { ...claude, env: { ANTHROPIC_AUTH_TOKEN: 'tok-secret-1', ANTHROPIC_API_KEY: 'key-secret-2', ANTHROPIC_BASE_URL: 'https://x.example' } };
    const r = await runDoctor(deps());
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual(
      expect.arrayContaining([
        ['env:ANTHROPIC_AUTH_TOKEN', 'error'],
        ['env:ANTHROPIC_API_KEY', 'warning'],
        ['env:ANTHROPIC_BASE_URL', 'error'],
      ]),
    );
    expect(r.findings.find((f) => f.id === 'env:ANTHROPIC_AUTH_TOKEN')!.advice).toMatch(/Unset/);
    expect(JSON.stringify(r)).not.toMatch(/tok-secret-1|key-secret-2/);
    await expect(applyDoctorFix(deps(), 'env:ANTHROPIC_AUTH_TOKEN')).rejects.toThrow(/no automatic fix/);
  });

  it('a rejected proxy key in ~/.claude.json customApiKeyResponses: detected, un-rejected, undone', async () => {
    await configured();
    const state = claudeStatePath(claude);
    put(state, JSON.stringify({ numStartups: 3, customApiKeyResponses: { approved: ['aaaa'], rejected: ['bbbb', keySuffix(KEY)] }, projects: {} }, null, 2));
    await roundTrip('claude-json:rejected-key', [state]);
    const fixed = await applyDoctorFix(deps(), 'claude-json:rejected-key');
    expect(JSON.parse(readFileSync(state, 'utf8')).customApiKeyResponses).toEqual({ approved: ['aaaa'], rejected: ['bbbb'] });
    await undoDoctorFix({ journal }, fixed.changeId);
  });

  it('honours CLAUDE_CONFIG_DIR for settings.json and .claude.json', async () => {
    const dir = path.join(root, 'cfg');
    claude = { ...claude, env: { CLAUDE_CONFIG_DIR: dir } };
    await configured();
    put(path.join(dir, '.claude.json'), JSON.stringify({ customApiKeyResponses: { rejected: [keySuffix(KEY)] } }));
    const ids = (await runDoctor(deps())).findings.map((f) => f.id);
    expect(ids).toEqual(['claude-json:rejected-key']);
  });

  it('stale model variables (retired slug, old mapping): detected, updated, undone', async () => {
    await configured();
    const file = claudeSettingsPath(claude);
    put(file, readFileSync(file, 'utf8').replace('"claude-codex-gpt-6.1-sol"', '"claude-codex-gpt-5.1-codex"').replace('"claude-codex-gpt-5.6-sol"', '"claude-codex-gpt-5.6-terra"'));
    const r = await runDoctor(deps());
    const f = r.findings.find((x) => x.id === 'settings:stale-models');
    expect(f?.detail).toMatch(/ANTHROPIC_DEFAULT_OPUS_MODEL: gpt-5\.1-codex is retired/);
    expect(f?.detail).toMatch(/ANTHROPIC_DEFAULT_SONNET_MODEL: the proxy now maps this tier to claude-codex-gpt-5\.6-sol/);
    await roundTrip('settings:stale-models', [file]);
  });

  it('a compact window larger than the upstream allows (or missing): detected, set, undone', async () => {
    await configured();
    const file = claudeSettingsPath(claude);
    put(file, readFileSync(file, 'utf8').replace('"272000"', '"1m"'));
    const f = (await runDoctor(deps())).findings.find((x) => x.id === 'settings:compact-window');
    expect(f?.detail).toMatch(/is 1m; the upstream context window is 272000/);
    await roundTrip('settings:compact-window', [file]);
    expect(parseTokenCount('200k')).toBe(200_000);
    expect(parseTokenCount('1.5M')).toBe(1_500_000);
  });

  it('settings.json not configured / pointing elsewhere / carrying a credential: fix configures, undo restores', async () => {
    const file = claudeSettingsPath(claude);
    put(file, '{\n  "model": "sonnet",\n  "env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:9999"}\n}\n');
    const f = (await runDoctor(deps())).findings.find((x) => x.id === 'settings:not-configured');
    expect(f?.title).toMatch(/another base URL/);
    await roundTrip('settings:not-configured', [file]);

    await configured();
    put(file, readFileSync(file, 'utf8').replace('"env": {', '"env": {\n    "ANTHROPIC_AUTH_TOKEN": "tok-x",'));
    await roundTrip('settings:credential-override', [file]);
  });

  it('an unparseable settings.json is reported and never touched', async () => {
    const file = claudeSettingsPath(claude);
    put(file, '{ nope');
    const r = await runDoctor(deps());
    expect(r.findings.map((f) => f.id)).toContain('settings:unparseable');
    expect(r.findings.find((f) => f.id === 'settings:unparseable')!.fix).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('{ nope');
  });

  it('the proxy not running and no usable account are errors with advice', async () => {
    await configured();
    const r = await runDoctor(deps({ healthUrl: 'http://127.0.0.1:1/health', accounts: async () => [{ ...okAccount, status: 'cooldown' }] }));
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.id)).toEqual(['proxy:not-running', 'accounts:none-usable']);
    expect(r.findings[1]!.detail).toMatch(/cooling down/);
    expect((await runDoctor(deps({ accounts: async () => [] }))).findings[0]!.title).toBe('No ChatGPT account');
  });

  it('undo refuses when the file was edited after the fix, unless forced', async () => {
    await configured();
    const zshrc = path.join(claude.home, '.zshrc');
    put(zshrc, 'export ANTHROPIC_AUTH_TOKEN=x\n');
    const fixed = await applyDoctorFix(deps(), 'rc:.zshrc:ANTHROPIC_AUTH_TOKEN');
    writeFileSync(zshrc, `${readFileSync(zshrc, 'utf8')}alias g=git\n`);
    await expect(undoDoctorFix({ journal }, fixed.changeId)).rejects.toThrow(/changed after change/);
    await undoDoctorFix({ journal }, fixed.changeId, { force: true });
    expect(readFileSync(zshrc, 'utf8')).toBe('export ANTHROPIC_AUTH_TOKEN=x\n');
  });
});
