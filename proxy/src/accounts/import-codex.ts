/** `accounts import`: takes a Codex auth.json into the account store (the file stays the source of truth for it). */
import path from 'node:path';
import { readCodexLogin } from './codex-auth-file.js';
import type { AccountStore, StoredAccount } from './store.js';

export interface ImportResult {
  account: StoredAccount;
  created: boolean;
}

export async function importCodexAuth(store: AccountStore, file: string, now = new Date()): Promise<ImportResult> {
  const absolute = path.resolve(file);
  const login = await readCodexLogin(absolute);
  return store.saveAccount(login.identity, login, {
    source: 'codex-import',
    codexAuthPath: absolute,
    accessExpiresAt: login.identity.expiresAt,
    lastRefresh: login.lastRefresh,
    now,
  });
}
