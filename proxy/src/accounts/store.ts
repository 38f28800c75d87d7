/**
 * The account file (`<data dir>/accounts.json`, 0600): identities, sealed tokens, state flags.
 * Every write is atomic and re-reads the file first, so a CLI `accounts import` in another process is seen by a
 * running server (which re-reads when the file's mtime changes). A corrupt file is moved aside and reported,
 * never silently replaced.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { keepAside, readJsonFileIfChanged, writeJsonAtomic, type FileStamp } from './atomic-file.js';
import type { ChatGptIdentity } from './jwt-claims.js';
import type { TokenVault } from './token-vault.js';
import { ContractError } from '../contract/errors.js';

const storedAccount = z.looseObject({
  id: z.string(),
  accountId: z.string(),
  userId: z.string().nullable(),
  email: z.string().nullable(),
  plan: z.string().nullable(),
  source: z.enum(['login', 'codex-import']),
  codexAuthPath: z.string().nullable(),
  sealed: z.object({ idToken: z.string(), accessToken: z.string(), refreshToken: z.string() }),
  /** Unix seconds (access-token JWT exp). */
  accessExpiresAt: z.number().nullable(),
  lastRefresh: z.string().nullable(),
  disabled: z.boolean(),
  needsLogin: z.string().nullable(),
  /** Unix ms. */
  cooldownUntil: z.number().nullable(),
  addedAt: z.string(),
});
const accountsFile = z.object({
  version: z.literal(1),
  activeId: z.string().nullable(),
  accounts: z.array(storedAccount),
});

export type StoredAccount = z.infer<typeof storedAccount>;
type AccountsFile = z.infer<typeof accountsFile>;

export interface PlainTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

export class AccountStoreError extends Error {
  override name = 'AccountStoreError';
}

/** Accounts are keyed by ChatGPT account (workspace) + user: a Team and a personal workspace are two accounts. */
export function accountKey(accountId: string, userId: string | null): string {
  return `acct_${createHash('sha256').update(`${accountId}:${userId ?? ''}`).digest('hex').slice(0, 10)}`;
}

const EMPTY: AccountsFile = { version: 1, activeId: null, accounts: [] };

export class AccountStore {
  private cache: AccountsFile = EMPTY;
  /** Stamp of the file `cache` was read from; null: read it again at the next load. */
  private cacheStamp: FileStamp | null = null;
  /** The load in flight: concurrent readers share its stat (and read) instead of each doing their own. */
  private loading: Promise<AccountsFile> | null = null;
  private writing: Promise<unknown> = Promise.resolve();
  /** Set when a corrupt file was moved aside during this process's life (surfaced by the CLI / dashboard). */
  lastCorruption: { aside: string; error: string } | null = null;

  constructor(
    readonly file: string,
    private readonly vault: TokenVault,
  ) {}

  /** The file's content: re-read and re-validated only when its mtime or size changed (one stat otherwise). */
  private load(): Promise<AccountsFile> {
    this.loading ??= this.readFile().finally(() => (this.loading = null));
    return this.loading;
  }

  private async readFile(): Promise<AccountsFile> {
    const read = await readJsonFileIfChanged(this.file, this.cacheStamp);
    if (read.kind === 'unchanged') return this.cache;
    if (read.kind === 'missing') {
      this.cache = EMPTY;
      this.cacheStamp = null;
      return this.cache;
    }
    const parsed = read.kind === 'ok' ? accountsFile.safeParse(read.value) : null;
    if (!parsed || !parsed.success) {
      const error = read.kind === 'corrupt' ? read.error : 'unexpected structure';
      const aside = await keepAside(this.file);
      this.lastCorruption = { aside, error };
      this.cache = EMPTY;
      this.cacheStamp = null;
      throw new AccountStoreError(`The accounts file ${this.file} was unreadable (${error}); it was kept as ${aside}. Re-add your accounts.`);
    }
    this.cache = parsed.data;
    this.cacheStamp = read.kind === 'ok' ? read.stamp : null;
    return this.cache;
  }

  async list(): Promise<StoredAccount[]> {
    return (await this.load()).accounts;
  }

  async activeId(): Promise<string | null> {
    return (await this.state()).activeId;
  }

  /** The accounts and the active one, from one read of the file. */
  async state(): Promise<{ accounts: StoredAccount[]; activeId: string | null }> {
    const f = await this.load();
    const activeId = f.activeId && f.accounts.some((a) => a.id === f.activeId) ? f.activeId : (f.accounts[0]?.id ?? null);
    return { accounts: f.accounts, activeId };
  }

  async get(id: string): Promise<StoredAccount | undefined> {
    return (await this.load()).accounts.find((a) => a.id === id);
  }

  /** Finds an account by id, email or ChatGPT account id (what users type on the CLI). */
  async find(ref: string): Promise<StoredAccount | undefined> {
    const all = await this.list();
    return all.find((a) => a.id === ref) ?? all.find((a) => a.email === ref) ?? all.find((a) => a.accountId === ref);
  }

  /** Serialises mutations within this process; each one re-reads the file first. */
  private mutate<T>(fn: (f: AccountsFile) => T | Promise<T>): Promise<T> {
    const run = this.writing.then(async () => {
      this.cacheStamp = null; // a fresh read of its own (not a shared one that may predate another process's write)
      const current = structuredClone(await this.readFile());
      const result = await fn(current);
      await writeJsonAtomic(this.file, current);
      this.cache = current;
      this.cacheStamp = null;
      return result;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  async seal(tokens: PlainTokens): Promise<StoredAccount['sealed']> {
    return {
      idToken: await this.vault.seal(tokens.idToken),
      accessToken: await this.vault.seal(tokens.accessToken),
      refreshToken: await this.vault.seal(tokens.refreshToken),
    };
  }

  async tokens(id: string): Promise<PlainTokens> {
    const acc = await this.get(id);
    if (!acc) throw new ContractError('not_found', `Unknown account ${id}`);
    return this.open(acc);
  }

  /** The plain tokens of an account just read from this store. */
  async open(acc: StoredAccount): Promise<PlainTokens> {
    return {
      idToken: await this.vault.open(acc.sealed.idToken),
      accessToken: await this.vault.open(acc.sealed.accessToken),
      refreshToken: await this.vault.open(acc.sealed.refreshToken),
    };
  }

  /**
   * Stores freshly obtained tokens as an enabled, usable account keyed by ChatGPT account + user (replacing an older
   * entry of the same key, whose addedAt it keeps).
   */
  async saveAccount(
    identity: ChatGptIdentity & { accountId: string },
    tokens: PlainTokens,
    o: { source: StoredAccount['source']; codexAuthPath: string | null; accessExpiresAt: number | null; lastRefresh: string | null; now: Date },
  ): Promise<{ account: StoredAccount; created: boolean }> {
    const account: StoredAccount = {
      id: accountKey(identity.accountId, identity.userId),
      accountId: identity.accountId,
      userId: identity.userId,
      email: identity.email,
      plan: identity.plan,
      source: o.source,
      codexAuthPath: o.codexAuthPath,
      sealed: await this.seal(tokens),
      accessExpiresAt: o.accessExpiresAt,
      lastRefresh: o.lastRefresh,
      disabled: false,
      needsLogin: null,
      cooldownUntil: null,
      addedAt: o.now.toISOString(),
    };
    const { created } = await this.upsert(account);
    return { account, created };
  }

  /** Adds or replaces (same key) an account; the first account becomes active. Returns whether it was new. */
  async upsert(account: StoredAccount): Promise<{ created: boolean }> {
    return this.mutate((f) => {
      const i = f.accounts.findIndex((a) => a.id === account.id);
      if (i >= 0) f.accounts[i] = { ...account, addedAt: f.accounts[i]!.addedAt };
      else f.accounts.push(account);
      if (!f.activeId || !f.accounts.some((a) => a.id === f.activeId)) f.activeId = account.id;
      return { created: i < 0 };
    });
  }

  async update(id: string, patch: Partial<Omit<StoredAccount, 'id'>>): Promise<void> {
    await this.mutate((f) => {
      const acc = f.accounts.find((a) => a.id === id);
      if (!acc) throw new ContractError('not_found', `Unknown account ${id}`);
      Object.assign(acc, patch);
    });
  }

  async saveTokens(id: string, tokens: PlainTokens, accessExpiresAt: number | null, now = new Date()): Promise<void> {
    const sealed = await this.seal(tokens);
    await this.update(id, { sealed, accessExpiresAt, lastRefresh: now.toISOString(), needsLogin: null });
  }

  async setActive(id: string): Promise<void> {
    await this.mutate((f) => {
      if (!f.accounts.some((a) => a.id === id)) throw new ContractError('not_found', `Unknown account ${id}`);
      f.activeId = id;
    });
  }

  async remove(id: string): Promise<void> {
    await this.mutate((f) => {
      const before = f.accounts.length;
      f.accounts = f.accounts.filter((a) => a.id !== id);
      if (f.accounts.length === before) throw new ContractError('not_found', `Unknown account ${id}`);
      if (f.activeId === id) f.activeId = f.accounts[0]?.id ?? null;
    });
  }
}
