/**
 * Unsigned-but-well-formed JWTs for the fake Codex backend (spec §2.10): header.payload.signature, base64url,
 * no padding. The signature is random filler; nothing verifies it (Codex and the proxy decode without verifying).
 */
import { randomBytes } from 'node:crypto';

export const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const OPENAI_ISSUER = 'https://auth.openai.com';
export const AUTH_CLAIM = 'https://api.openai.com/auth';
export const PROFILE_CLAIM = 'https://api.openai.com/profile';

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

export function makeJwt(payload: Record<string, unknown>): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: 'fake-codex' };
  return `${b64url(header)}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`;
}

/** Decodes a JWT payload without verifying; null when malformed. */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface TokenIdentity {
  accountId: string;
  userId: string;
  email: string;
  plan: string;
}

function authClaim(a: TokenIdentity): Record<string, unknown> {
  return {
    chatgpt_account_id: a.accountId,
    chatgpt_plan_type: a.plan,
    chatgpt_user_id: a.userId,
    user_id: a.userId,
  };
}

/** id_token with the real claim layout: email, auth claim (+ organizations), exp, iat, sub, iss, aud. */
export function makeIdToken(a: TokenIdentity, nowSec: number, ttlSec = 3600): string {
  return makeJwt({
    iss: OPENAI_ISSUER,
    aud: [CODEX_CLIENT_ID],
    sub: `auth0|${a.userId}`,
    email: a.email,
    email_verified: true,
    iat: nowSec,
    auth_time: nowSec,
    exp: nowSec + ttlSec,
    jti: randomBytes(8).toString('hex'),
    [AUTH_CLAIM]: {
      ...authClaim(a),
      organization_id: `org-${a.accountId}`,
      project_id: '',
      completed_platform_onboarding: false,
      is_org_owner: true,
      organizations: [],
    },
  });
}

/** access_token: same auth claim, a profile claim, exp. */
export function makeAccessToken(a: TokenIdentity, nowSec: number, ttlSec: number): string {
  return makeJwt({
    iss: OPENAI_ISSUER,
    aud: ['https://api.openai.com/v1'],
    client_id: CODEX_CLIENT_ID,
    sub: `auth0|${a.userId}`,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + ttlSec,
    jti: randomBytes(8).toString('hex'),
    scp: ['openid', 'profile', 'email', 'offline_access'],
    [AUTH_CLAIM]: authClaim(a),
    [PROFILE_CLAIM]: { email: a.email, email_verified: true },
  });
}
