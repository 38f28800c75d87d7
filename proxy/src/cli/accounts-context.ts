/** What the `accounts` CLI verbs share: the data dir's account store, quota book, upstreams and credentials. */
import path from 'node:path';
import { resolveDataDir, resolveUpstreams, type UpstreamUrls } from '../config.js';
import { openHeadlessSettings, parseSettings } from '../settings.js';
import { AccountStore, type StoredAccount } from '../accounts/store.js';
import { createPlaintextVault } from '../accounts/token-vault.js';
import { CredentialProvider } from '../accounts/credentials.js';
import { QuotaBook } from '../accounts/quota.js';
import { CliFailure } from './failure.js';

export function openStore(dataDir: string): AccountStore {
  return new AccountStore(path.join(dataDir, 'accounts.json'), createPlaintextVault());
}

export interface AccountsContext {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  store: AccountStore;
  quota: QuotaBook;
  upstreams: UpstreamUrls;
  credentials: CredentialProvider;
  find(ref: string): Promise<StoredAccount>;
}

export async function openAccountsContext(dataDirFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<AccountsContext> {
  const dataDir = resolveDataDir(dataDirFlag, env);
  const settingsStore = openHeadlessSettings(dataDir);
  const settings = parseSettings(settingsStore.store, settingsStore.path);
  const upstreams = resolveUpstreams(env, settings.upstreams);
  const store = openStore(dataDir);
  const quota = new QuotaBook(path.join(dataDir, 'quota.json'));
  await quota.load();
  const credentials = new CredentialProvider(store, () => upstreams.authIssuer);
  return {
    dataDir,
    env,
    store,
    quota,
    upstreams,
    credentials,
    async find(ref) {
      const acc = await store.find(ref);
      if (!acc) throw new CliFailure(`no account ${ref} (see \`codex-claude-proxy accounts list\`)`);
      return acc;
    },
  };
}
