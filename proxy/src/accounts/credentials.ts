/**
 * Hands out usable credentials for an account: refreshes shortly before expiry or when forced after a 401,
 * single-flight per account (fifty concurrent requests → one refresh), rotated refresh token persisted before
 * the new access token is used. Accounts imported from the Codex app stay in sync with its auth.json: newer
 * tokens written there are adopted instead of refreshing, and tokens we refresh are written back atomically.
 */
import { readCodexLogin, writeBackCodexLogin } from './codex-auth-file.js';
import { identityFromTokens } from './jwt-claims.js';
import type { AccountStore, PlainTokens, StoredAccount } from './store.js';
import { RefreshError, refreshGrant } from './token-client.js';

export interface Credentials {
  accountId: string;
  accessToken: string;
}

/** Refresh when less than this is left on the access token. */
const REFRESH_MARGIN_SEC = 5 * 60;

export class CredentialProvider {
  private inflight = new Map<string, Promise<Credentials>>();

  constructor(
    private readonly store: AccountStore,
    private readonly issuer: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Credentials for the account, refreshed first when near expiry. */
  async get(id: string): Promise<Credentials> {
    const acc = await this.mustGet(id);
    const expiring = acc.accessExpiresAt !== null && acc.accessExpiresAt - this.now() / 1000 < REFRESH_MARGIN_SEC;
    if (expiring) return this.refresh(id, acc.sealed.accessToken);
    const tokens = await this.store.tokens(id);
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

  private async mustGet(id: string): Promise<StoredAccount> {
    const acc = await this.store.get(id);
    if (!acc) throw new RefreshError(`Unknown account ${id}`, true);
    return acc;
  }

  private refresh(id: string, sealedAccessSeen: string): Promise<Credentials> {
    const running = this.inflight.get(id);
    if (running) return running;
    const p = this.doRefresh(id, sealedAccessSeen).finally(() => this.inflight.delete(id));
    this.inflight.set(id, p);
    return p;
  }

  private async doRefresh(id: string, sealedAccessSeen: string): Promise<Credentials> {
    const acc = await this.mustGet(id);
    // Someone (another request in a previous flight, or another process) already stored a newer token.
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
        await this.store.update(id, { needsLogin: e.code ?? 'refresh rejected' });
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
    return acc.accessExpiresAt !== null && acc.accessExpiresAt - this.now() / 1000 < REFRESH_MARGIN_SEC;
  }

  /** If the Codex app refreshed this login meanwhile, take its tokens instead of replaying our old refresh token. */
  private async adoptFromCodexFile(acc: StoredAccount): Promise<Credentials | null> {
    if (acc.source !== 'codex-import' || !acc.codexAuthPath) return null;
    let login;
    try {
      login = await readCodexLogin(acc.codexAuthPath);
    } catch {
      return null;
    }
    if (login.identity.accountId !== acc.accountId) return null;
    const ours = await this.store.tokens(acc.id);
    const theirsIsNewer = login.refreshToken !== ours.refreshToken || login.accessToken !== ours.accessToken;
    const theirsUsable = login.identity.expiresAt === null || login.identity.expiresAt - this.now() / 1000 > REFRESH_MARGIN_SEC;
    if (!theirsIsNewer || !theirsUsable) {
      if (theirsIsNewer) {
        // Their chain is newer but its access token is stale: adopt the chain so our refresh uses their refresh token.
        await this.store.saveTokens(acc.id, login, login.identity.expiresAt, new Date(this.now()));
      }
      return null;
    }
    await this.store.saveTokens(acc.id, login, login.identity.expiresAt, new Date(this.now()));
    return { accountId: acc.accountId, accessToken: login.accessToken };
  }

  private async writeBack(acc: StoredAccount, tokens: PlainTokens): Promise<void> {
    const login = await readCodexLogin(acc.codexAuthPath!);
    if (login.identity.accountId !== acc.accountId) return;
    await writeBackCodexLogin(acc.codexAuthPath!, login.raw, { ...tokens, accountId: acc.accountId }, new Date(this.now()));
  }
}
