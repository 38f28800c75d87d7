/** PKCE, the authorize URL (docs/codex-backend.md §2.1–2.2) and what a user may paste back (§2.4). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPkce, createState, s256 } from '../../../proxy/src/accounts/oauth/pkce.js';
import { buildAuthorizeUrl, loopbackRedirectUri } from '../../../proxy/src/accounts/oauth/authorize.js';
import { parsePastedCallback } from '../../../proxy/src/accounts/oauth/login.js';

describe('PKCE and state', () => {
  it('verifier is 86 base64url chars of 64 random bytes; challenge is S256 of it', () => {
    const { verifier, challenge } = createPkce();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(createPkce().verifier).not.toBe(verifier);
  });

  it('state is 43 base64url chars and unique', () => {
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createState()).not.toBe(createState());
  });
});

describe('authorize URL', () => {
  it('has Codex parameters in the captured order, form-encoded, plus prompt=login', () => {
    const url = buildAuthorizeUrl({
      issuer: 'https://auth.openai.com',
      redirectUri: loopbackRedirectUri(1455),
      codeChallenge: 'wakN_jiiYWYyvJ5JY9yxgfreaVP7GmFKZGsU3YpTzcY',
      state: '6kabIKGAhU2312hfRsDuRsfqhbLGOBLM4hUbDaTulE0',
    });
    expect(url).toBe(
      'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
        '&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=wakN_jiiYWYyvJ5JY9yxgfreaVP7GmFKZGsU3YpTzcY' +
        '&code_challenge_method=S256&state=6kabIKGAhU2312hfRsDuRsfqhbLGOBLM4hUbDaTulE0&scope=openid+profile+email+offline_access' +
        '&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=codex_cli_rs&prompt=login',
    );
  });

  it('goes through the configured issuer and can pin a workspace', () => {
    const url = new URL(buildAuthorizeUrl({ issuer: 'http://127.0.0.1:9', redirectUri: 'x', codeChallenge: 'c', state: 's', workspaceId: 'ws-1', forceLogin: false }));
    expect(url.origin).toBe('http://127.0.0.1:9');
    expect(url.searchParams.get('allowed_workspace_id')).toBe('ws-1');
    expect(url.searchParams.has('prompt')).toBe(false);
  });
});

describe('parsePastedCallback', () => {
  it('reads the full callback URL', () => {
    expect(parsePastedCallback('  http://127.0.0.1:1455/auth/callback?code=ac_1&scope=x&state=st \n')).toMatchObject({ code: 'ac_1', state: 'st', error: null });
  });
  it('reads code#state', () => {
    expect(parsePastedCallback('ac_2#st2')).toMatchObject({ code: 'ac_2', state: 'st2' });
  });
  it('reads a query string, with or without ?', () => {
    expect(parsePastedCallback('code=ac_3&state=st3')).toMatchObject({ code: 'ac_3', state: 'st3' });
    expect(parsePastedCallback('?code=ac_4&state=st4')).toMatchObject({ code: 'ac_4', state: 'st4' });
  });
  it('reads a bare code (no state check possible)', () => {
    expect(parsePastedCallback('ac_5')).toMatchObject({ code: 'ac_5', state: null });
  });
  it('reads an issuer error', () => {
    expect(parsePastedCallback('http://localhost:1455/auth/callback?error=access_denied&error_description=nope&state=s')).toMatchObject({
      code: null,
      error: 'access_denied',
      errorDescription: 'nope',
      state: 's',
    });
  });
});
