/** The issuer's token endpoint: refresh grants (docs/codex-backend.md §2.8) and code exchange (§2.5). */
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

/**
 * POSTs to the issuer (JSON or form body) and reads the answer as JSON (`json` undefined when it is not JSON).
 * A failure to reach it throws `unreachable(error)`. undici is loaded on first use (the CLI imports this eagerly).
 */
export async function postToIssuer(
  url: string,
  body: { json: unknown } | { form: URLSearchParams },
  signal: AbortSignal,
  unreachable: (e: Error) => Error,
): Promise<{ status: number; ok: boolean; json: unknown }> {
  const { fetch } = await import('undici');
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'json' in body ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
        originator: 'codex_cli_rs',
      },
      body: 'json' in body ? JSON.stringify(body.json) : body.form.toString(),
      signal,
    });
  } catch (e) {
    throw unreachable(e as Error);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, ok: res.ok, json };
}

export const unreachableMessage = (e: Error): string => `Could not reach the login server: ${e.message}`;

/** The token fields of a token-endpoint answer (empty strings count as absent). */
function tokenFields(body: unknown): RefreshedTokens {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    idToken: str(b.id_token),
    accessToken: str(b.access_token),
    refreshToken: str(b.refresh_token),
    expiresIn: typeof b.expires_in === 'number' ? b.expires_in : undefined,
  };
}

export async function refreshGrant(issuer: string, refreshToken: string, signal?: AbortSignal): Promise<RefreshedTokens> {
  const res = await postToIssuer(
    `${issuer}/oauth/token`,
    { json: { client_id: CODEX_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken } },
    signal ?? AbortSignal.timeout(30_000),
    (e) => new RefreshError(unreachableMessage(e), false),
  );
  if (!res.ok) {
    const code = errorCode(res.json);
    const permanent = res.status === 401 || (code !== undefined && PERMANENT_CODES.has(code));
    throw new RefreshError(`Token refresh failed (${res.status}${code ? ` ${code}` : ''})`, permanent, code);
  }
  return tokenFields(res.json);
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
  const res = await postToIssuer(`${issuer}/oauth/token`, { form }, signal ?? AbortSignal.timeout(30_000), (e) => new LoginError(unreachableMessage(e)));
  if (!res.ok) {
    const code = errorCode(res.json);
    const desc = errorDescription(res.json);
    throw new LoginError(`The login server refused the sign-in (${res.status}${code ? ` ${code}` : ''})${desc ? `: ${desc}` : ''}`, code);
  }
  const { idToken, accessToken, refreshToken, expiresIn } = tokenFields(res.json);
  if (!idToken || !accessToken || !refreshToken) throw new LoginError('The login server answered without the expected tokens');
  return { idToken, accessToken, refreshToken, expiresIn };
}
