/** The issuer's token endpoint: refresh grants (docs/codex-backend.md §2.8). */
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
