/**
 * Device-code sign-in (Codex `login --device-auth`, docs/codex-backend.md §2.6): ask for a user code, show the
 * verification page, poll until the user approved (403/404 = pending), then exchange the server-made PKCE pair
 * with redirect_uri `{issuer}/deviceauth/callback`.
 */
import { z } from 'zod';
import { CODEX_CLIENT_ID } from '../oauth-constants.js';
import { exchangeCode, LoginError, postToIssuer, unreachableMessage, type LoginTokens } from '../token-client.js';

const userCodeReply = z.looseObject({
  device_auth_id: z.string().min(1),
  user_code: z.string().min(1).optional(),
  usercode: z.string().min(1).optional(),
  interval: z.union([z.string(), z.number()]).optional(),
});
const tokenReply = z.looseObject({
  authorization_code: z.string().min(1),
  code_verifier: z.string().min(1),
  code_challenge: z.string().optional(),
});

export interface DeviceCode {
  deviceAuthId: string;
  userCode: string;
  verificationUrl: string;
  intervalMs: number;
  /** Unix ms. */
  expiresAt: number;
}

export interface DeviceOptions {
  issuer: string;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

const EXPIRY_MS = 15 * 60_000;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; json: unknown }> {
  const timeout = AbortSignal.timeout(30_000);
  return postToIssuer(url, { json: body }, signal ? AbortSignal.any([signal, timeout]) : timeout, (e) =>
    signal?.aborted ? new LoginError('The sign-in was cancelled') : new LoginError(unreachableMessage(e)),
  );
}

export async function requestDeviceCode(o: DeviceOptions): Promise<DeviceCode> {
  const now = o.now ?? Date.now;
  const r = await postJson(`${o.issuer}/api/accounts/deviceauth/usercode`, { client_id: CODEX_CLIENT_ID }, o.signal);
  if (r.status === 404) throw new LoginError('Device-code sign-in is not available (enable "Device code login" in your ChatGPT security settings, or use --no-browser)', 'device_code_unavailable');
  if (r.status !== 200) throw new LoginError(`The login server refused the device-code request (${r.status})`);
  const parsed = userCodeReply.safeParse(r.json);
  const userCode = parsed.success ? (parsed.data.user_code ?? parsed.data.usercode) : undefined;
  if (!parsed.success || !userCode) throw new LoginError('The login server sent an unexpected device-code answer');
  const seconds = Number(parsed.data.interval ?? 5);
  return {
    deviceAuthId: parsed.data.device_auth_id,
    userCode,
    verificationUrl: `${o.issuer}/codex/device`,
    intervalMs: Math.max(0, Number.isFinite(seconds) ? seconds : 5) * 1000,
    expiresAt: now() + EXPIRY_MS,
  };
}

/** Polls until the user approved the code, then exchanges it for tokens. */
export async function pollDeviceCode(o: DeviceOptions, dc: DeviceCode): Promise<LoginTokens> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const interval = Math.max(dc.intervalMs, 100);
  for (;;) {
    if (o.signal?.aborted) throw new LoginError('The sign-in was cancelled');
    if (now() > dc.expiresAt) throw new LoginError('The device code expired (15 min); run the sign-in again', 'timeout');
    const r = await postJson(`${o.issuer}/api/accounts/deviceauth/token`, { device_auth_id: dc.deviceAuthId, user_code: dc.userCode }, o.signal);
    if (r.status === 200) {
      const parsed = tokenReply.safeParse(r.json);
      if (!parsed.success) throw new LoginError('The login server sent an unexpected device-code token answer');
      return exchangeCode(o.issuer, {
        code: parsed.data.authorization_code,
        codeVerifier: parsed.data.code_verifier,
        redirectUri: `${o.issuer}/deviceauth/callback`,
      });
    }
    if (r.status !== 403 && r.status !== 404) throw new LoginError(`The login server refused the device-code sign-in (${r.status})`);
    await sleep(interval, o.signal);
  }
}
