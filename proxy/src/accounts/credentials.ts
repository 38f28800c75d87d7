/**
 * Hands out usable credentials for an account: refreshes shortly before expiry or when forced after a 401,
 * single-flight per account within the process (fifty concurrent requests → one refresh) and behind a lock file
 * across processes, the rotated refresh token persisted before the new access token is used. A dead grant
 * (`refresh_token_reused`, revoked, expired) marks the account "needs login" with a clear reason; the pool then
 * skips it.
 *
 * Accounts imported from the Codex app stay in sync with its auth.json: newer tokens written there are adopted
 * (checked whenever the file changes, and again right before any refresh), so we never replay a refresh token the
 * Codex app already rotated; tokens we refresh are written back atomically.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readCodexLogin, writeBackCodexLogin, type CodexLogin } from './codex-auth-file.js';
import { withFileLock } from '../file-lock.js';
import { identityFromTokens } from './jwt-claims.js';
import type { AccountStore, PlainTokens, StoredAccount } from './store.js';
import { RefreshError, refreshGrant } from './token-client.js';

export interface Credentials {
  accountId: string;
  accessToken: string;
}

/** Refresh when less than this is left on the access token (less for tokens that live shorter than 10 min). */
const REFRESH_MARGIN_SEC = 5 * 60;

/** A clear, secret-free reason shown for an account that needs a new sign-in. */
export function needsLoginReason(code: string | undefined): string {
  switch (code) {
    case 'refresh_token_reused':
      return 'refresh_token_reused: this login was refreshed by another program sharing it; sign in again';
    case 'refresh_token_expired':
      return 'refresh_token_expired: the login expired; sign in again';
    case 'refresh_token_invalidated':
      return 'refresh_token_invalidated: the login was revoked (signed out elsewhere or password changed); sign in again';
    default:
      return `${code ?? 'refresh rejected'}: the login server rejected the refresh; sign in again`;
  }
}

export class CredentialProvider {
  private inflight = new Map<string, Promise<Credentials>>();
  /** Last mtime of each Codex auth.json we looked at, so a change made by the Codex app is noticed cheaply. */
  private codexFileSeen = new Map<string, number>();

  constructor(
    private readonly store: AccountStore,
    private readonly issuer: () => string,
    private readonly now: () => number = Date.now,
    /** Directory of the cross-process refresh locks; default `<dir of the account file>/locks`. */
    private readonly lockDir: string = path.join(path.dirname(store.file), 'locks'),
  ) {}

  /** Credentials for the account, refreshed first when near expiry. */
  async get(id: string): Promise<Credentials> {
    let acc = await this.mustGet(id);
    if (acc.source === 'codex-import' && acc.codexAuthPath && (await this.codexFileChanged(acc.codexAuthPath))) {
      await this.adoptFromCodexFile(acc);
      acc = await this.mustGet(id);
    }
    if (this.isExpiring(acc)) return this.refresh(id, acc.sealed.accessToken);
    const tokens = await this.store.open(acc);
    return { accountId: acc.accountId, accessToken: tokens.accessToken };
  }

  /**
   * Forces a refresh after the backend rejected `rejectedAccessToken`. If another request already refreshed
   * (the stored token differs from the rejected one), the new token is returned without a second refresh.
   */
  async refreshAfterRejection(id: string, rejectedAccessToken: string): Promise<Credentials> {
    const tokens = await this.store.tokens(id);
    const acc = await this.mustGet(id);
    if (tokens.accessToken !== rejectedAccessToken) return { accountId: acc.accountId, accessToken: tokens.accessToken };
    return this.refresh(id, acc.sealed.accessToken);
  }

  /** An explicit refresh (CLI `accounts refresh`, dashboard), whatever the expiry. */
  async forceRefresh(id: string): Promise<Credentials> {
    const acc = await this.mustGet(id);
    return this.refresh(id, acc.sealed.accessToken);
  }

  private async mustGet(id: string): Promise<StoredAccount> {
    const acc = await this.store.get(id);
    if (!acc) throw new RefreshError(`Unknown account ${id}`, true);
    return acc;
  }

  private refresh(id: string, sealedAccessSeen: string): Promise<Credentials> {
    const running = this.inflight.get(id);
    if (running) return running;
    const lock = path.join(this.lockDir, `${id.replace(/[^\w-]/g, '_')}.lock`);
    const p = withFileLock(lock, () => this.doRefresh(id, sealedAccessSeen)).finally(() => this.inflight.delete(id));
    this.inflight.set(id, p);
    return p;
  }

  private async doRefresh(id: string, sealedAccessSeen: string): Promise<Credentials> {
    const acc = await this.mustGet(id);
    // Someone (an earlier flight, or another process while we waited for the lock) already stored a newer token.
    if (acc.sealed.accessToken !== sealedAccessSeen && !this.isExpiring(acc)) {
      return { accountId: acc.accountId, accessToken: (await this.store.tokens(id)).accessToken };
    }
    const adopted = await this.adoptFromCodexFile(acc);
    if (adopted) return adopted;

    const current = await this.store.tokens(id);
    let fresh;
    try {
      fresh = await refreshGrant(this.issuer(), current.refreshToken);
    } catch (e) {
      if (e instanceof RefreshError && e.permanent) {
        // The Codex app may have rotated the chain between our look at its file and our refresh.
        const rescued = await this.adoptFromCodexFile(await this.mustGet(id));
        if (rescued) return rescued;
        await this.store.update(id, { needsLogin: needsLoginReason(e.code) });
      }
      throw e;
    }
    const next: PlainTokens = {
      idToken: fresh.idToken ?? current.idToken,
      accessToken: fresh.accessToken ?? current.accessToken,
      refreshToken: fresh.refreshToken ?? current.refreshToken,
    };
    const identity = identityFromTokens(next.idToken, next.accessToken);
    const expiresAt = identity.expiresAt ?? (fresh.expiresIn ? Math.floor(this.now() / 1000) + fresh.expiresIn : null);
    // Persist the rotated refresh token before anyone uses the new access token.
    await this.store.saveTokens(id, next, expiresAt, new Date(this.now()));
    if (acc.source === 'codex-import' && acc.codexAuthPath) {
      await this.writeBack(acc, next).catch(() => undefined);
    }
    return { accountId: acc.accountId, accessToken: next.accessToken };
  }

  private isExpiring(acc: StoredAccount): boolean {
    return acc.accessExpiresAt !== null && acc.accessExpiresAt - this.now() / 1000 < this.margin(acc.accessExpiresAt, acc.lastRefresh);
  }

  /** 5 min, or half the token's lifetime when it lives shorter than 10 min (else every request would refresh). */
  private margin(expiresAt: number, lastRefresh: string | null): number {
    const issued = lastRefresh ? Date.parse(lastRefresh) / 1000 : NaN;
    if (!Number.isFinite(issued) || issued >= expiresAt) return REFRESH_MARGIN_SEC;
    return Math.min(REFRESH_MARGIN_SEC, (expiresAt - issued) / 2);
  }

  private async codexFileChanged(file: string): Promise<boolean> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return false;
    }
    const seen = this.codexFileSeen.get(file);
    this.codexFileSeen.set(file, mtimeMs);
    return seen !== mtimeMs; // the first look in this process counts as a change

  }

  /**
   * If the Codex app refreshed this login meanwhile, take its tokens instead of replaying our (now superseded)
   * refresh token. Returns credentials when its access token is usable.
   */
  private async adoptFromCodexFile(acc: StoredAccount): Promise<Credentials | null> {
    if (acc.source !== 'codex-import' || !acc.codexAuthPath) return null;
    let login: CodexLogin;
    try {
      login = await readCodexLogin(acc.codexAuthPath);
    } catch {
      return null;
    }
    if (login.identity.accountId !== acc.accountId) return null;
    const ours = await this.store.tokens(acc.id);
    const differs = login.refreshToken !== ours.refreshToken || login.accessToken !== ours.accessToken;
    // Ours is strictly newer only if our write-back failed; never go back to an older chain.
    const oursNewer = acc.accessExpiresAt !== null && login.identity.expiresAt !== null && login.identity.expiresAt < acc.accessExpiresAt;
    if (!differs || oursNewer) return null;
    const lastRefresh = login.lastRefresh && Number.isFinite(Date.parse(login.lastRefresh)) ? new Date(login.lastRefresh) : new Date(this.now());
    await this.store.saveTokens(acc.id, login, login.identity.expiresAt, lastRefresh);
    // A newer chain with a stale access token is still adopted: our refresh then uses its refresh token.
    if (this.isExpiring(await this.mustGet(acc.id))) return null;
    return { accountId: acc.accountId, accessToken: login.accessToken };
  }

  private async writeBack(acc: StoredAccount, tokens: PlainTokens): Promise<void> {
    const file = acc.codexAuthPath!;
    const login = await readCodexLogin(file);
    if (login.identity.accountId !== acc.accountId) return;
    await writeBackCodexLogin(file, login.raw, { ...tokens, accountId: acc.accountId }, new Date(this.now()));
    const info = await stat(file).catch(() => null);
    if (info) this.codexFileSeen.set(file, info.mtimeMs);
  }
}
