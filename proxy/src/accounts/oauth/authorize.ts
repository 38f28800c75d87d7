/** The authorize URL of the browser sign-in, with Codex's exact parameters and order (docs/codex-backend.md §2.2). */
import { CODEX_CLIENT_ID } from '../oauth-constants.js';
import { CODEX_ORIGINATOR } from '../../codex/headers.js';

/** Enough for the Codex backend; what third-party tools and older Codex send. */
export const LOGIN_SCOPE = 'openid profile email offline_access';
export const CALLBACK_PATH = '/auth/callback';

/** The loopback redirect URI the issuer knows (Codex 0.158+ form). Must be byte-identical at the code exchange. */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

export interface AuthorizeParams {
  issuer: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  scope?: string;
  /** Force the account picker, so a second account can be added while the browser is signed in to the first. */
  forceLogin?: boolean;
  /** Restrict the sign-in to a workspace (`allowed_workspace_id`). */
  workspaceId?: string;
}

export function buildAuthorizeUrl(p: AuthorizeParams): string {
  const q = new URLSearchParams();
  q.set('response_type', 'code');
  q.set('client_id', CODEX_CLIENT_ID);
  q.set('redirect_uri', p.redirectUri);
  q.set('code_challenge', p.codeChallenge);
  q.set('code_challenge_method', 'S256');
  q.set('state', p.state);
  q.set('scope', p.scope ?? LOGIN_SCOPE);
  q.set('id_token_add_organizations', 'true');
  q.set('codex_cli_simplified_flow', 'true');
  q.set('originator', CODEX_ORIGINATOR);
  if (p.workspaceId) q.set('allowed_workspace_id', p.workspaceId);
  if (p.forceLogin ?? true) q.set('prompt', 'login');
  return `${p.issuer}/oauth/authorize?${q.toString()}`;
}
