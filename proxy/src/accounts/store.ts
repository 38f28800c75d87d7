/**
 * The account file (`<data dir>/accounts.json`, 0600): identities, sealed tokens, state flags.
 * Every write is atomic and re-reads the file first, so a CLI `accounts import` in another process is seen by a
 * running server (which re-reads when the file's mtime changes). A corrupt file is moved aside and reported,
 * never silently replaced.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { keepAside, readJsonFile, writeJsonAtomic } from './atomic-file.js';
import type { TokenVault } from './token-vault.js';

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
  private cacheMtime = -1;
  private writing: Promise<unknown> = Promise.resolve();
  /** Set when a corrupt file was moved aside during this process's life (surfaced by the CLI / dashboard). */
  lastCorruption: { aside: string; error: string } | null = null;

  constructor(
    readonly file: string,
    private readonly vault: TokenVault,
  ) {}

  private async load(): Promise<AccountsFile> {
    const read = await readJsonFile(this.file);
    if (read.kind === 'missing') {
      this.cache = EMPTY;
      this.cacheMtime = -1;
      return this.cache;
    }
    if (read.kind === 'ok' && read.mtimeMs === this.cacheMtime) return this.cache;
    const parsed = read.kind === 'ok' ? accountsFile.safeParse(read.value) : null;
    if (!parsed || !parsed.success) {
      const error = read.kind === 'corrupt' ? read.error : 'unexpected structure';
      const aside = await keepAside(this.file);
      this.lastCorruption = { aside, error };
      this.cache = EMPTY;
      this.cacheMtime = -1;
      throw new AccountStoreError(`The accounts file ${this.file} was unreadable (${error}); it was kept as ${aside}. Re-add your accounts.`);
    }
    this.cache = parsed.data;
    this.cacheMtime = read.kind === 'ok' ? read.mtimeMs : -1;
    return this.cache;
  }

  async list(): Promise<StoredAccount[]> {
    return (await this.load()).accounts;
  }

  async activeId(): Promise<string | null> {
    const f = await this.load();
    return f.activeId && f.accounts.some((a) => a.id === f.activeId) ? f.activeId : (f.accounts[0]?.id ?? null);
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
      this.cacheMtime = -1; // force a fresh read before mutating
      const current = structuredClone(await this.load());
      const result = await fn(current);
      await writeJsonAtomic(this.file, current);
      this.cache = current;
      this.cacheMtime = -1;
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
    if (!acc) throw new AccountStoreError(`Unknown account ${id}`);
    return {
      idToken: await this.vault.open(acc.sealed.idToken),
      accessToken: await this.vault.open(acc.sealed.accessToken),
      refreshToken: await this.vault.open(acc.sealed.refreshToken),
    };
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
      if (!acc) throw new AccountStoreError(`Unknown account ${id}`);
      Object.assign(acc, patch);
    });
  }

  async saveTokens(id: string, tokens: PlainTokens, accessExpiresAt: number | null, now = new Date()): Promise<void> {
    const sealed = await this.seal(tokens);
    await this.update(id, { sealed, accessExpiresAt, lastRefresh: now.toISOString(), needsLogin: null });
  }

  async setActive(id: string): Promise<void> {
    await this.mutate((f) => {
      if (!f.accounts.some((a) => a.id === id)) throw new AccountStoreError(`Unknown account ${id}`);
      f.activeId = id;
    });
  }

  async remove(id: string): Promise<void> {
    await this.mutate((f) => {
      const before = f.accounts.length;
      f.accounts = f.accounts.filter((a) => a.id !== id);
      if (f.accounts.length === before) throw new AccountStoreError(`Unknown account ${id}`);
      if (f.activeId === id) f.activeId = f.accounts[0]?.id ?? null;
    });
  }
}
