/**
 * The dashboard in a real browser (design §8.4): Debian Chromium driven by playwright-core against the built
 * headless CLI (`dist/proxy/cli.js start --port 0`), which serves the built dist/renderer with its CSP. Two
 * accounts are imported with the CLI first. The CLI runs with a temp HOME and CLAUDE_CONFIG_DIR (ProxyCore's
 * claudeHome is this process's env), so "configure Claude Code" writes a throwaway settings.json. Requires /usr/bin/chromium (or CHROMIUM_PATH); without it every test
 * FAILS with the install command (CI's .ci/run installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary, ProxyStatus } from '../../proxy/src/contract.js';
import { makeCodexAuthJson, startFakeCodex, type FakeCodex } from '../fakes/codex-backend.js';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';
import { fakeEnv } from '../helpers/stack.js';
import { DASHBOARD_CSP } from '../../renderer/vite.config.js';
import { ensureBuilt } from '../packaging/build-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let tmp: string;
let fake: FakeCodex;
let cli: RunningCli;
let browser: Browser;
let page: Page;
let claudeDir: string;
const problems: string[] = [];
const emails = ['first@example.com', 'second@example.com'];

async function api<T>(p: string): Promise<T> {
  const res = await fetch(`${cli.url}${p}`);
  expect(res.status, p).toBe(200);
  return (await res.json()) as T;
}

const MISSING_CHROMIUM =
  `Chromium not found at ${CHROMIUM}. Install it with: apt-get update && DEBIAN_FRONTEND=noninteractive ` +
  'apt-get install -y --no-install-recommends chromium fonts-liberation (or set CHROMIUM_PATH)';

/** Each test calls this first, so a machine without Chromium FAILS every test with the fix (never skips). */
function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return; // reported by each test
  ensureBuilt('renderer');

  tmp = mkdtempSync(path.join(tmpdir(), 'ccp-dashboard-'));
  const dataDir = path.join(tmp, 'data');
  fake = await startFakeCodex();
  for (const [i, email] of emails.entries()) {
    const { account, tokens } = fake.addAccount({ email });
    const file = path.join(tmp, `codex-${i}`, 'auth.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(makeCodexAuthJson(tokens, account)), { mode: 0o600 });
    const imp = await runCli(['accounts', 'import', '--file', file, '--data-dir', dataDir]);
    expect(imp.code, imp.stderr).toBe(0);
  }
  const home = path.join(tmp, 'home');
  claudeDir = path.join(tmp, 'claude-config');
  mkdirSync(home, { recursive: true });
  cli = await startCli(['--data-dir', dataDir], { ...fakeEnv(fake), HOME: home, CLAUDE_CONFIG_DIR: claudeDir });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await cli?.stop();
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const tab = (name: string | RegExp) => page.getByRole('tab', { name });

describe('dashboard in Chromium against the headless CLI', () => {
  it('shows the status on the Overview tab, under the CSP', async () => {
    requireChromium();
    await page.goto(`${cli.url}/`);
    const toggle = page.getByRole('switch');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await expect.poll(() => page.getByText('Proxy on').count()).toBe(1);
    expect(await page.getByTestId('port').textContent()).toBe(new URL(cli.url).port);
    expect(await page.getByText(cli.url, { exact: true }).count()).toBe(1);
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Overview', 'Accounts', 'Models', 'Live logs', 'Claude Code']);
    await page.getByTestId('lane-codex').waitFor();

    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toBe(DASHBOARD_CSP);
  });

  it('the on/off toggle changes the proxy state through the API', async () => {
    requireChromium();
    const toggle = page.getByRole('switch');
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await expect.poll(() => page.getByText('Proxy off').count()).toBe(1);
    expect((await api<ProxyStatus>('/api/status')).enabled).toBe(false);
    expect(await api<{ enabled: boolean }>('/health')).toMatchObject({ enabled: false });

    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    expect((await api<ProxyStatus>('/api/status')).enabled).toBe(true);
  });

  it('lists the imported accounts, and switching in the dashboard switches the active account', async () => {
    requireChromium();
    await tab(/Accounts/).click();
    const radios = page.getByRole('radio');
    await expect.poll(() => radios.count()).toBe(2);
    for (const email of emails) expect(await page.getByText(email).count()).toBe(1);
    const accounts = await api<AccountSummary[]>('/api/accounts');
    const active = accounts.find((a) => a.active)!;
    expect(await page.locator(`input[type=radio][value="${active.id}"]`).isChecked()).toBe(true);

    const other = accounts.find((a) => !a.active)!;
    const radio = page.locator(`input[type=radio][value="${other.id}"]`);
    await radio.click();
    await expect.poll(() => radio.isChecked()).toBe(true);
    expect((await api<ProxyStatus>('/api/status')).activeAccountId).toBe(other.id);
  });

  it('a /v1/messages request streams into Live logs and fills the active account’s quota bars', async () => {
    requireChromium();
    await tab('Live logs').click();
    await page.getByText(/No requests yet/).waitFor();
    const res = await fetch(`${cli.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await res.arrayBuffer();

    // Pushed over SSE (GET /api/events): no reload, no tab switch.
    const row = page.getByTestId('log-row');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent())!;
    expect(text).toContain('claude-sonnet-5-5 →');
    const active = (await api<AccountSummary[]>('/api/accounts')).find((a) => a.active)!;
    expect(text).toContain(active.email!);
    expect(text).toContain('200');

    await tab(/Accounts/).click();
    const bars = page.getByTestId(`account-${active.id}`).getByRole('progressbar');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(2);
    expect(await bars.first().getAttribute('aria-valuenow')).toMatch(/^\d+$/);
    expect(await page.getByTestId(`account-${active.id}`).textContent()).toMatch(/% used · (resets in|has reset)/);
  });

  it('Models shows the mapping resolved against the live catalog', async () => {
    requireChromium();
    await tab('Models').click();
    await page.getByTestId('route-sonnet').waitFor();
    expect(await page.getByTestId('route-sonnet').textContent()).toContain('claude-sonnet-5-5');
    await expect.poll(() => page.getByRole('table', { name: 'Active account’s catalog' }).count()).toBe(1);
  });

  it('Claude Code: configure shows a diff preview, applies it to the (temp) settings.json, and reverts', async () => {
    requireChromium();
    await tab('Claude Code').click();
    await page.getByTestId('claude-config').waitFor();
    expect(await page.getByTestId('claude-config').textContent()).toContain(path.join(claudeDir, 'settings.json'));
    await page.getByRole('button', { name: 'Preview configure' }).click();
    const diff = page.getByTestId('diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('ANTHROPIC_BASE_URL');
    expect(existsSync(path.join(claudeDir, 'settings.json'))).toBe(false); // a preview writes nothing

    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Claude Code now uses this proxy.').waitFor();
    const settings = JSON.parse(readFileSync(path.join(claudeDir, 'settings.json'), 'utf8')) as { env?: Record<string, string> };
    expect(settings.env?.ANTHROPIC_BASE_URL).toBe(cli.url);

    await page.getByRole('button', { name: 'Revert last change' }).click();
    await page.getByText('The last change was reverted.').waitFor();
    const after = existsSync(path.join(claudeDir, 'settings.json')) ? readFileSync(path.join(claudeDir, 'settings.json'), 'utf8') : '';
    expect(after).not.toContain('ANTHROPIC_BASE_URL');
    await page.getByRole('heading', { name: 'Doctor' }).waitFor();
    await page.getByRole('heading', { name: 'Compatibility sentinel' }).waitFor();
  });

  it('logged no console errors, page errors or failed requests', () => {
    requireChromium();
    expect(problems).toEqual([]);
  });
});
