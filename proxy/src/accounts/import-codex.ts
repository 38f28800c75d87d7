/** `accounts import`: takes a Codex auth.json into the account store (the file stays the source of truth for it). */
import path from 'node:path';
import { readCodexLogin } from './codex-auth-file.js';
import { accountKey, type AccountStore, type StoredAccount } from './store.js';

export interface ImportResult {
  account: StoredAccount;
  created: boolean;
}

export async function importCodexAuth(store: AccountStore, file: string, now = new Date()): Promise<ImportResult> {
  const absolute = path.resolve(file);
  const login = await readCodexLogin(absolute);
  const { identity } = login;
  const id = accountKey(identity.accountId, identity.userId);
  const account: StoredAccount = {
    id,
    accountId: identity.accountId,
    userId: identity.userId,
    email: identity.email,
    plan: identity.plan,
    source: 'codex-import',
    codexAuthPath: absolute,
    sealed: await store.seal(login),
    accessExpiresAt: identity.expiresAt,
    lastRefresh: login.lastRefresh,
    disabled: false,
    needsLogin: null,
    cooldownUntil: null,
    addedAt: now.toISOString(),
  };
  const { created } = await store.upsert(account);
  return { account, created };
}
