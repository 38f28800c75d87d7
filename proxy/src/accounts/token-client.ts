/** The issuer's token endpoint: refresh grants (docs/codex-backend.md §2.8) and code exchange (§2.5). */
import { fetch } from 'undici';
import { CODEX_CLIENT_ID } from './oauth-constants.js';

export interface RefreshedTokens {
  idToken?: string;
  accessToken?: string;
  refreshToken?: string;
  expiresIn?: number;
}

export class RefreshError extends Error {
  override name = 'RefreshError';
  constructor(
    message: string,
    /** true: the grant is dead (expired/reused/invalidated/401) and the user must log in again. */
    readonly permanent: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

const PERMANENT_CODES = new Set(['refresh_token_expired', 'refresh_token_reused', 'refresh_token_invalidated', 'invalid_grant']);

function errorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object') {
    const code = (b.error as Record<string, unknown>).code;
    if (typeof code === 'string') return code;
  }
  return typeof b.code === 'string' ? b.code : undefined;
}

export async function refreshGrant(issuer: string, refreshToken: string, signal?: AbortSignal): Promise<RefreshedTokens> {
  let res;
  try {
    res = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', originator: 'codex_cli_rs' },
      body: JSON.stringify({ client_id: CODEX_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }),
      signal: signal ?? AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new RefreshError(`Could not reach the login server: ${(e as Error).message}`, false);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const code = errorCode(body);
    const permanent = res.status === 401 || (code !== undefined && PERMANENT_CODES.has(code));
    throw new RefreshError(`Token refresh failed (${res.status}${code ? ` ${code}` : ''})`, permanent, code);
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    idToken: str(b.id_token),
    accessToken: str(b.access_token),
    refreshToken: str(b.refresh_token),
    expiresIn: typeof b.expires_in === 'number' ? b.expires_in : undefined,
  };
}

export interface LoginTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn?: number;
}

/** The sign-in could not complete; the message is safe to show (never a token or a code). */
export class LoginError extends Error {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function errorDescription(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error_description === 'string') return b.error_description;
  if (b.error && typeof b.error === 'object') {
    const m = (b.error as Record<string, unknown>).message;
    if (typeof m === 'string') return m;
  }
  return undefined;
}

/**
 * `authorization_code` grant, form-encoded, with exactly the redirect_uri used at authorize time.
 * Codex requires all three tokens in the answer; so do we.
 */
export async function exchangeCode(
  issuer: string,
  p: { code: string; redirectUri: string; codeVerifier: string },
  signal?: AbortSignal,
): Promise<LoginTokens> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: CODEX_CLIENT_ID,
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.codeVerifier,
  });
  let res;
  try {
    res = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', originator: 'codex_cli_rs' },
      body: form.toString(),
      signal: signal ?? AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new LoginError(`Could not reach the login server: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const code = errorCode(body);
    const desc = errorDescription(body);
    throw new LoginError(`The login server refused the sign-in (${res.status}${code ? ` ${code}` : ''})${desc ? `: ${desc}` : ''}`, code);
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const idToken = str(b.id_token);
  const accessToken = str(b.access_token);
  const refreshToken = str(b.refresh_token);
  if (!idToken || !accessToken || !refreshToken) throw new LoginError('The login server answered without the expected tokens');
  return { idToken, accessToken, refreshToken, expiresIn: typeof b.expires_in === 'number' ? b.expires_in : undefined };
}
