/**
 * One ChatGPT sign-in (browser PKCE, with optional paste-back of the callback URL) and saving its result.
 * The identity, plan and `chatgpt_account_id` come from the id_token claims; the account is keyed by ChatGPT
 * account + user (a Team and a personal workspace of one email are two accounts).
 */
import { randomBytes } from 'node:crypto';
import { identityFromTokens } from '../jwt-claims.js';
import type { AccountStore, StoredAccount } from '../store.js';
import { exchangeCode, LoginError, type LoginTokens } from '../token-client.js';
import { buildAuthorizeUrl, loopbackRedirectUri } from './authorize.js';
import { describeIssuerError, startCallbackListener, type CallbackListener } from './callback-server.js';
import { createPkce, createState } from './pkce.js';

export interface SavedLogin {
  account: StoredAccount;
  created: boolean;
}

/** Stores freshly issued tokens as a `login` account (replacing an older entry of the same key). */
export async function saveLogin(store: AccountStore, tokens: LoginTokens, now = new Date()): Promise<SavedLogin> {
  const identity = identityFromTokens(tokens.idToken, tokens.accessToken);
  if (!identity.accountId) throw new LoginError('The sign-in returned no ChatGPT account id (is this a ChatGPT account with Codex access?)');
  const expiresAt = identity.expiresAt ?? (tokens.expiresIn ? Math.floor(now.getTime() / 1000) + tokens.expiresIn : null);
  const { accountId } = identity;
  return store.saveAccount({ ...identity, accountId }, tokens, { source: 'login', codexAuthPath: null, accessExpiresAt: expiresAt, lastRefresh: now.toISOString(), now });
}

/** What a user may paste back: the full callback URL, `code#state`, a query string, or the bare code. */
export interface PastedCallback {
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

export function parsePastedCallback(input: string): PastedCallback {
  const text = input.trim();
  const fromParams = (p: URLSearchParams): PastedCallback => ({
    code: p.get('code'),
    state: p.get('state'),
    error: p.get('error'),
    errorDescription: p.get('error_description'),
  });
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { code: null, state: null, error: null, errorDescription: null };
    }
    const q = fromParams(url.searchParams);
    if (q.code || q.error) return q;
    return fromParams(new URLSearchParams(url.hash.replace(/^#/, '')));
  }
  if (text.includes('=')) return fromParams(new URLSearchParams(text.replace(/^[?#]/, '')));
  if (text.includes('#')) {
    const [code, state] = text.split('#', 2);
    return { code: code || null, state: state || null, error: null, errorDescription: null };
  }
  return { code: text || null, state: null, error: null, errorDescription: null };
}

export interface LoginFlowOptions {
  store: AccountStore;
  issuer: string;
  /** Callback port (1455 unless CODEX_CLAUDE_PROXY_CALLBACK_PORT says otherwise; 0 = any free port). */
  port: number;
  /**
   * 'required': the loopback listener must start (browser sign-in; fails clearly when the port is taken).
   * 'optional': start it if possible (paste mode: a local browser still completes on its own).
   */
  listen: 'required' | 'optional';
  timeoutMs?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** A started sign-in: open `url`, then either the callback listener or `completeWithPaste` finishes it. */
export class LoginFlow {
  readonly id = `login_${randomBytes(9).toString('base64url')}`;
  readonly state = createState();
  readonly expiresAt: number;
  private readonly pkce = createPkce();
  private listener: CallbackListener | null = null;
  private redirect = '';
  private exchange: Promise<SavedLogin> | null = null;
  private settle!: { resolve: (v: SavedLogin) => void; reject: (e: Error) => void };
  /** Settles once, with the saved account or the reason the sign-in failed. */
  readonly result: Promise<SavedLogin>;
  url = '';

  private constructor(private readonly o: LoginFlowOptions) {
    this.expiresAt = (o.now ?? Date.now)() + (o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.result = new Promise<SavedLogin>((resolve, reject) => (this.settle = { resolve, reject }));
    this.result.catch(() => undefined);
  }

  static async start(o: LoginFlowOptions): Promise<LoginFlow> {
    const flow = new LoginFlow(o);
    try {
      flow.listener = await startCallbackListener({
        port: o.port,
        state: flow.state,
        timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        onCode: async (code) => {
          const saved = await flow.exchangeOnce(code);
          return `Signed in as ${saved.account.email ?? saved.account.accountId}`;
        },
      });
      flow.listener.result.catch((e: Error) => flow.settle.reject(e));
    } catch (e) {
      if (o.listen === 'required') throw e;
    }
    flow.redirect = flow.listener?.redirectUri ?? loopbackRedirectUri(o.port);
    flow.url = buildAuthorizeUrl({ issuer: o.issuer, redirectUri: flow.redirect, codeChallenge: flow.pkce.challenge, state: flow.state });
    return flow;
  }

  get redirectUri(): string {
    return this.redirect;
  }
  get listening(): boolean {
    return this.listener !== null;
  }

  /** Finishes the sign-in from what the user pasted. A wrong state is refused and the flow keeps waiting. */
  async completeWithPaste(input: string): Promise<SavedLogin> {
    const p = parsePastedCallback(input);
    if (p.state !== null && p.state !== this.state) throw new LoginError('State mismatch: this callback belongs to another sign-in attempt', 'state_mismatch');
    if (p.error) {
      const err = new LoginError(describeIssuerError(p.error, p.errorDescription), p.error);
      this.fail(err);
      throw err;
    }
    if (!p.code) throw new LoginError('No authorization code found in what was pasted', 'no_code');
    return this.exchangeOnce(p.code);
  }

  private exchangeOnce(code: string): Promise<SavedLogin> {
    if (!this.exchange) {
      this.exchange = exchangeCode(this.o.issuer, { code, redirectUri: this.redirect, codeVerifier: this.pkce.verifier })
        .then((tokens) => saveLogin(this.o.store, tokens, new Date((this.o.now ?? Date.now)())))
        .then(
          (saved) => {
            this.settle.resolve(saved);
            void this.listener?.close();
            return saved;
          },
          (e: Error) => {
            this.fail(e);
            throw e;
          },
        );
    }
    return this.exchange;
  }

  private fail(e: Error): void {
    this.settle.reject(e);
    void this.listener?.close();
  }

  async cancel(): Promise<void> {
    this.fail(new LoginError('The sign-in was cancelled'));
    await this.listener?.close();
  }
}
