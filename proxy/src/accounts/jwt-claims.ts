/** Reads the identity claims of ChatGPT OAuth tokens (decode only: the issuer, not us, verifies them). */
import { decodeJwt } from 'jose';

export interface ChatGptIdentity {
  email: string | null;
  accountId: string | null;
  userId: string | null;
  plan: string | null;
  /** Unix seconds. */
  expiresAt: number | null;
}

const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

const s = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function readIdentity(jwt: string | undefined | null): ChatGptIdentity {
  const empty: ChatGptIdentity = { email: null, accountId: null, userId: null, plan: null, expiresAt: null };
  if (!jwt) return empty;
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    return empty;
  }
  const auth = (claims[AUTH_CLAIM] ?? {}) as Record<string, unknown>;
  const profile = (claims[PROFILE_CLAIM] ?? {}) as Record<string, unknown>;
  return {
    email: s(claims.email) ?? s(profile.email),
    accountId: s(auth.chatgpt_account_id),
    userId: s(auth.chatgpt_user_id) ?? s(auth.user_id) ?? s(claims.sub),
    plan: s(auth.chatgpt_plan_type),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : null,
  };
}

/** Merges id_token and access_token identities; the id_token wins where both have a value. */
export function identityFromTokens(idToken: string | null | undefined, accessToken: string | null | undefined): ChatGptIdentity {
  const a = readIdentity(idToken);
  const b = readIdentity(accessToken);
  return {
    email: a.email ?? b.email,
    accountId: a.accountId ?? b.accountId,
    userId: a.userId ?? b.userId,
    plan: a.plan ?? b.plan,
    expiresAt: b.expiresAt ?? a.expiresAt,
  };
}
