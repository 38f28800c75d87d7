/**
 * The sign-ins started from the dashboard / HTTP API. One pending browser flow at a time (there is one callback
 * port); a new start cancels the previous one. Finished flows are remembered briefly so the UI can poll them.
 * Never exposes the PKCE verifier or any token: only the authorize URL (which carries the public challenge).
 */
import type { LoginStart, LoginState } from '../../contract.js';
import type { AccountStore } from '../store.js';
import { LoginError } from '../token-client.js';
import { LoginFlow, parsePastedCallback, type SavedLogin } from './login.js';

export interface LoginManagerDeps {
  store: AccountStore;
  issuer: () => string;
  port: () => number;
  now?: () => number;
  onSaved?: (saved: SavedLogin) => void;
}

const KEEP_FINISHED = 20;

export class LoginManager {
  private pending: LoginFlow | null = null;
  private readonly finished = new Map<string, LoginState>();

  constructor(private readonly deps: LoginManagerDeps) {}

  async start(mode: 'browser' | 'paste' = 'browser'): Promise<LoginStart> {
    if (this.pending) await this.pending.cancel();
    const flow = await LoginFlow.start({
      store: this.deps.store,
      issuer: this.deps.issuer(),
      port: this.deps.port(),
      listen: mode === 'browser' ? 'required' : 'optional',
      now: this.deps.now,
    });
    this.pending = flow;
    flow.result.then(
      (saved) => {
        this.remember({ loginId: flow.id, status: 'done', accountId: saved.account.id, email: saved.account.email });
        this.deps.onSaved?.(saved);
      },
      (e: Error) => this.remember({ loginId: flow.id, status: 'failed', message: e.message }),
    ).finally(() => {
      if (this.pending === flow) this.pending = null;
    });
    return { loginId: flow.id, url: flow.url, redirectUri: flow.redirectUri, listening: flow.listening, expiresAt: flow.expiresAt };
  }

  /** Completes the pending sign-in from a pasted callback URL / `code#state` / query / bare code. */
  async completeManual(input: string): Promise<SavedLogin> {
    const flow = this.pending;
    if (!flow) throw new LoginError('No sign-in is in progress; start one first', 'no_login');
    const { state } = parsePastedCallback(input);
    if (state !== null && state !== flow.state) throw new LoginError('State mismatch: this callback belongs to another sign-in attempt', 'state_mismatch');
    return flow.completeWithPaste(input);
  }

  status(loginId: string): LoginState {
    if (this.pending?.id === loginId) return { loginId, status: 'pending' };
    return this.finished.get(loginId) ?? { loginId, status: 'unknown' };
  }

  async cancel(): Promise<void> {
    await this.pending?.cancel();
    this.pending = null;
  }

  private remember(s: LoginState): void {
    this.finished.set(s.loginId, s);
    while (this.finished.size > KEEP_FINISHED) this.finished.delete(this.finished.keys().next().value!);
  }
}
