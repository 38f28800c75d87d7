/**
 * An in-process stack for integration tests: the strict fake Codex backend + a ProxyCore on 127.0.0.1:0 with a
 * temp data dir, accounts imported through the real `accounts import` code path (a Codex auth.json per account).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProxyCore } from '../../proxy/src/core.js';
import type { SettingsStore } from '../../proxy/src/settings.js';
import { importCodexAuth } from '../../proxy/src/accounts/import-codex.js';
import { silentLogger, type Logger } from '../../proxy/src/logs/logger.js';
import { makeCodexAuthJson, startFakeCodex, type FakeAccount, type FakeCodex, type IssuedTokens } from '../fakes/codex-backend.js';

export function memorySettings(initial: Record<string, unknown> = {}): SettingsStore {
  const store: Record<string, unknown> = { ...initial };
  return { store, set: (k, v) => void (store[k] = v), path: '(memory)' };
}

export interface StackAccount {
  fake: FakeAccount;
  tokens: IssuedTokens;
  id: string;
  authFile: string;
}

export interface Stack {
  fake: FakeCodex;
  core: ProxyCore;
  baseUrl: string;
  dataDir: string;
  accounts: StackAccount[];
  env: Record<string, string>;
  close(): Promise<void>;
}

export function fakeEnv(fake: FakeCodex): Record<string, string> {
  return { CODEX_BASE_URL: fake.codexBaseUrl, CHATGPT_BASE_URL: fake.chatgptBaseUrl, OPENAI_AUTH_ISSUER: fake.issuerUrl };
}

export async function startStack(
  opts: { accounts?: number; settings?: Record<string, unknown>; accessTtlSec?: number; env?: Record<string, string>; logger?: Logger } = {},
): Promise<Stack> {
  const fake = await startFakeCodex();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ccp-stack-'));
  const env = { ...fakeEnv(fake), ...opts.env };
  const core = new ProxyCore({
    dataDir,
    env,
    settingsStore: memorySettings({ keepAliveMs: 200, commitDeadlineMs: 5_000, ...opts.settings }),
    logger: opts.logger ?? silentLogger(),
    overrides: { port: 0, host: '127.0.0.1' },
  });
  const accounts: StackAccount[] = [];
  for (let i = 0; i < (opts.accounts ?? 1); i++) {
    const { account, tokens } = fake.addAccount({ email: `user${i + 1}@example.com`, accessTtlSec: opts.accessTtlSec });
    const authFile = path.join(dataDir, `codex-home-${i}`, 'auth.json');
    mkdirp(path.dirname(authFile));
    writeFileSync(authFile, JSON.stringify(makeCodexAuthJson(tokens, account), null, 2), { mode: 0o600 });
    const { account: stored } = await importCodexAuth(core.store, authFile);
    accounts.push({ fake: account, tokens, id: stored.id, authFile });
  }
  await core.start();
  const baseUrl = `http://127.0.0.1:${core.port}`;
  return {
    fake,
    core,
    baseUrl,
    dataDir,
    accounts,
    env,
    async close() {
      await core.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function mkdirp(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
