/** The account file and the quota file: atomic 0600 writes; a corrupt file is reported and kept aside. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore, AccountStoreError, type StoredAccount } from '../../../proxy/src/accounts/store.js';
import { QuotaBook } from '../../../proxy/src/accounts/quota.js';
import { createPlaintextVault } from '../../../proxy/src/accounts/token-vault.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ccp-storage-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function account(store: AccountStore, id: string): Promise<StoredAccount> {
  return {
    id,
    accountId: `chatgpt-${id}`,
    userId: null,
    email: `${id}@example.com`,
    plan: 'plus',
    source: 'login',
    codexAuthPath: null,
    sealed: await store.seal({ idToken: 'id-secret', accessToken: 'access-secret', refreshToken: 'refresh-secret' }),
    accessExpiresAt: null,
    lastRefresh: null,
    disabled: false,
    needsLogin: null,
    cooldownUntil: null,
    addedAt: new Date().toISOString(),
  };
}

describe('AccountStore', () => {
  it('writes 0600 atomically (no temp files left) and tokens only sealed by the vault', async () => {
    const store = new AccountStore(path.join(dir, 'accounts.json'), createPlaintextVault());
    await store.upsert(await account(store, 'a'));
    await store.upsert(await account(store, 'b'));
    expect(statSync(path.join(dir, 'accounts.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['accounts.json']);
    const text = readFileSync(path.join(dir, 'accounts.json'), 'utf8');
    expect(text).toContain('plain:refresh-secret');
    expect(await store.tokens('a')).toEqual({ idToken: 'id-secret', accessToken: 'access-secret', refreshToken: 'refresh-secret' });
  });

  it('a corrupt file is reported, kept aside, and never silently replaced', async () => {
    const file = path.join(dir, 'accounts.json');
    writeFileSync(file, '{"version":1,"accounts":[{"id":', { mode: 0o600 });
    const store = new AccountStore(file, createPlaintextVault());
    await expect(store.list()).rejects.toThrow(AccountStoreError);
    await expect(store.list()).resolves.toEqual([]);
    const aside = readdirSync(dir).find((f) => f.startsWith('accounts.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(dir, aside!), 'utf8')).toBe('{"version":1,"accounts":[{"id":');
    expect(store.lastCorruption?.aside).toBe(path.join(dir, aside!));
  });

  it('a file with the wrong structure is kept aside too', async () => {
    const file = path.join(dir, 'accounts.json');
    writeFileSync(file, JSON.stringify({ version: 7, accounts: 'no' }));
    const store = new AccountStore(file, createPlaintextVault());
    await expect(store.list()).rejects.toThrow(/kept as .*accounts\.json\.corrupt-/);
  });

  it('sees changes made by another process (another store instance on the same file)', async () => {
    const file = path.join(dir, 'accounts.json');
    const server = new AccountStore(file, createPlaintextVault());
    const cli = new AccountStore(file, createPlaintextVault());
    await server.upsert(await account(server, 'a'));
    expect(await cli.list()).toHaveLength(1);
    await cli.upsert(await account(cli, 'b'));
    await cli.setActive('b');
    await new Promise((r) => setTimeout(r, 20));
    expect((await server.list()).map((a) => a.id)).toEqual(['a', 'b']);
    expect(await server.activeId()).toBe('b');
  });
});

describe('QuotaBook', () => {
  const snap = (used: number, at: number) => ({
    plan: 'plus',
    primary: { usedPercent: used, windowMinutes: 300, resetsAt: null },
    secondary: null,
    credits: null,
    observedAt: at,
    source: 'headers' as const,
  });

  it('persists snapshots atomically (0600) and merges with another process, newest winning', async () => {
    const file = path.join(dir, 'quota.json');
    const a = new QuotaBook(file);
    const b = new QuotaBook(file);
    await a.load();
    await b.load();
    a.record('x', snap(10, 1000));
    await a.flush();
    b.record('y', snap(20, 2000));
    b.record('x', snap(5, 500)); // older than what a wrote: b's own memory takes it, the file keeps the newer one
    await b.flush();
    const c = new QuotaBook(file);
    await c.load();
    expect(c.get('x')?.primary?.usedPercent).toBe(10);
    expect(c.get('y')?.primary?.usedPercent).toBe(20);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    a.record('x', snap(30, 500)); // older observation: ignored
    expect(a.get('x')?.primary?.usedPercent).toBe(10);
  });

  it('a corrupt quota file is kept aside and reported', async () => {
    const file = path.join(dir, 'quota.json');
    writeFileSync(file, 'not json');
    const book = new QuotaBook(file);
    await book.load();
    expect(book.all()).toEqual({});
    expect(book.lastCorruption?.aside).toMatch(/quota\.json\.corrupt-/);
    expect(readdirSync(dir).some((f) => f.startsWith('quota.json.corrupt-'))).toBe(true);
  });
});
