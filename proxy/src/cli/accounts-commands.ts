/** `accounts import | list` (more verbs join as the accounts feature grows). */
import path from 'node:path';
import type { Command } from 'commander';
import { defaultCodexAuthPath, resolveDataDir } from '../config.js';
import { summarize } from '../core.js';
import { AccountStore } from '../accounts/store.js';
import { createPlaintextVault } from '../accounts/token-vault.js';
import { importCodexAuth } from '../accounts/import-codex.js';

export function openStore(dataDir: string): AccountStore {
  return new AccountStore(path.join(dataDir, 'accounts.json'), createPlaintextVault());
}

async function accountsImport(opts: { file?: string; dataDir?: string }): Promise<void> {
  const env = process.env;
  const file = opts.file ?? defaultCodexAuthPath(env);
  const store = openStore(resolveDataDir(opts.dataDir, env));
  const { account, created } = await importCodexAuth(store, file);
  const who = account.email ?? account.accountId;
  process.stdout.write(`${created ? 'imported' : 'updated'} ${who} (${account.plan ?? 'unknown plan'}) as ${account.id}\n`);
}

async function accountsList(opts: { json?: boolean; dataDir?: string }): Promise<void> {
  const store = openStore(resolveDataDir(opts.dataDir, process.env));
  const accounts = await store.list();
  const activeId = await store.activeId();
  const now = Date.now();
  const rows = accounts.map((a) => {
    const s = summarize(a, a.id === activeId, now);
    return { id: s.id, email: s.email, accountId: s.accountId, plan: s.plan, active: s.active, status: s.status };
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('no accounts (run `codex-claude-proxy accounts import`)\n');
    return;
  }
  for (const r of rows) {
    process.stdout.write(`${r.active ? '*' : ' '} ${r.id}  ${r.email ?? '-'}  ${r.plan ?? '-'}  ${r.status}\n`);
  }
}

export function registerAccountsCommands(program: Command): Command {
  const accounts = program.command('accounts').description('manage ChatGPT accounts');
  accounts
    .command('import')
    .description('import the login of the Codex CLI/app ($CODEX_HOME/auth.json or ~/.codex/auth.json)')
    .option('--file <path>', 'auth.json to import')
    .option('--data-dir <dir>', 'data directory')
    .action(accountsImport);
  accounts
    .command('list')
    .description('list accounts')
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'data directory')
    .action(accountsList);
  return accounts;
}
