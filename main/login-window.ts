/**
 * The embedded ChatGPT sign-in: the authorize URL opens in a dedicated, sandboxed BrowserWindow (no node, no
 * preload) on its own persistent session partition; the issuer's redirect to the loopback callback URL is
 * intercepted here (will-redirect / will-navigate / webRequest) before it reaches any listener, its state checked
 * against the authorize URL's, and the callback handed to the core's manual-completion path (`completeLogin`), which
 * exchanges the code. Then the window closes and the new account is selected.
 *
 * Fallbacks: when the page cannot load (or the provider refuses the embedded browser with an HTTP error), the user
 * is offered their default browser with the SAME sign-in (the loopback listener then completes it).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { AccountSummary, DashboardApi, LoginStart } from '../proxy/src/contract.js';
import { allowWebSignIn, denyAllPermissions, isSafeExternalUrl } from './security.js';

/** Persistent, so a provider session (SSO) survives; separate from the dashboard's default session. */
export const LOGIN_PARTITION = 'persist:chatgpt-sign-in';

export function loginWindowOptions(partition: unknown): BrowserWindowConstructorOptions {
  return {
    width: 480,
    height: 720,
    title: 'Sign in to ChatGPT',
    show: true,
    autoHideMenuBar: true,
    webPreferences: {
      // The session object of LOGIN_PARTITION (BrowserWindow takes `session` or `partition`; this is the one we guard).
      session: partition as never,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      javascript: true,
      spellcheck: false,
    },
  };
}

export type LoginOutcome =
  | { kind: 'done'; account: AccountSummary }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' }
  | { kind: 'browser' };

/** The parts of Electron's BrowserWindow and Session the login window uses (faked in tests). */
export interface LoginWebContents {
  on(event: string, listener: (...args: never[]) => void): unknown;
  loadURL?(url: string): Promise<void>;
}
export interface LoginBrowserWindow {
  webContents: LoginWebContents;
  loadURL(url: string): Promise<void>;
  on(event: 'closed', listener: () => void): unknown;
  close(): void;
  isDestroyed(): boolean;
}
export interface LoginSession {
  setPermissionRequestHandler: Parameters<typeof denyAllPermissions>[0]['setPermissionRequestHandler'];
  setPermissionCheckHandler: Parameters<typeof denyAllPermissions>[0]['setPermissionCheckHandler'];
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void): void;
  };
}

export interface LoginWindowDeps {
  core: Pick<DashboardApi, 'startLogin' | 'completeLogin' | 'switchAccount'>;
  createWindow(options: BrowserWindowConstructorOptions): LoginBrowserWindow;
  session(): LoginSession;
  openExternal(url: string): Promise<void>;
  /** Asks whether to continue in the default browser; resolves true to do so. */
  confirmBrowserFallback(reason: string): Promise<boolean>;
}

/** What the callback URL says. Pure. */
export function readCallback(url: string, redirectUri: string, expectedState: string | null): { ok: true } | { ok: false; message: string } | null {
  if (!isCallbackUrl(url, redirectUri)) return null;
  const q = new URL(url).searchParams;
  const error = q.get('error');
  if (error) return { ok: false, message: `ChatGPT refused the sign-in: ${q.get('error_description') ?? error}` };
  if (!q.get('code')) return { ok: false, message: 'The sign-in returned no authorization code' };
  if (expectedState !== null && q.get('state') !== expectedState) return { ok: false, message: 'State mismatch: this callback belongs to another sign-in attempt' };
  return { ok: true };
}

/** The loopback callback, also as `localhost` (the issuer may rewrite 127.0.0.1). Pure. */
export function isCallbackUrl(url: string, redirectUri: string): boolean {
  try {
    const u = new URL(url);
    const r = new URL(redirectUri);
    const loopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
    return u.protocol === 'http:' && loopback(u.hostname) && loopback(r.hostname) && u.port === r.port && u.pathname === r.pathname;
  } catch {
    return false;
  }
}

function stateOf(authorizeUrl: string): string | null {
  try {
    return new URL(authorizeUrl).searchParams.get('state');
  } catch {
    return null;
  }
}

/** Runs one embedded sign-in to its end. Resolves (never rejects) with what happened. */
export async function runLoginWindow(deps: LoginWindowDeps): Promise<LoginOutcome> {
  // 'paste': the core's loopback listener is optional (the callback is intercepted here), the browser fallback uses it.
  const login: LoginStart = await deps.core.startLogin('paste');
  if (!isSafeExternalUrl(login.url)) return { kind: 'failed', message: 'Refusing a non-https sign-in URL' };
  const expectedState = stateOf(login.url);
  const ses = deps.session();
  denyAllPermissions(ses);
  const win = deps.createWindow(loginWindowOptions(ses));
  allowWebSignIn(win.webContents);

  return new Promise<LoginOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: LoginOutcome): void => {
      if (settled) return;
      settled = true;
      if (!win.isDestroyed()) win.close();
      resolve(outcome);
    };

    const onCallback = (url: string): boolean => {
      const verdict = readCallback(url, login.redirectUri, expectedState);
      if (!verdict) return false;
      if (settled) return true;
      if (!verdict.ok) {
        finish({ kind: 'failed', message: verdict.message });
        return true;
      }
      void deps.core
        .completeLogin(url)
        .then(async (account) => {
          await deps.core.switchAccount(account.id);
          finish({ kind: 'done', account: { ...account, active: true } });
        })
        .catch((err: unknown) => finish({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }));
      return true;
    };

    const intercept = (event: { preventDefault(): void; url?: string }, url?: string): void => {
      if (onCallback(event.url ?? url ?? '')) event.preventDefault();
    };
    win.webContents.on('will-redirect', intercept as never);
    win.webContents.on('will-navigate', intercept as never);
    // A redirect the navigation events miss (e.g. a 30x inside a sub-request) never leaves the machine either.
    const origin = new URL(login.redirectUri);
    ses.webRequest.onBeforeRequest({ urls: [`http://${origin.host}/*`, `http://localhost:${origin.port}/*`] }, (details, callback) => {
      const handled = onCallback(details.url);
      callback({ cancel: handled });
    });

    const offerBrowser = (reason: string): void => {
      if (settled) return;
      if (!login.listening) {
        finish({ kind: 'failed', message: `${reason}. The callback port is busy, so the browser cannot finish it either; use paste mode in the dashboard.` });
        return;
      }
      void deps.confirmBrowserFallback(reason).then(async (yes) => {
        if (!yes) return finish({ kind: 'cancelled' });
        await deps.openExternal(login.url);
        finish({ kind: 'browser' });
      });
    };
    win.webContents.on('did-fail-load', ((_e: unknown, code: number, description: string, _url: string, isMainFrame: boolean) => {
      // -3 is ERR_ABORTED: our own preventDefault of the callback.
      if (isMainFrame && code !== -3) offerBrowser(`The sign-in page did not load (${description})`);
    }) as never);
    win.webContents.on('did-navigate', ((_e: unknown, url: string, httpResponseCode: number) => {
      if (httpResponseCode >= 400 && isSafeExternalUrl(url)) offerBrowser(`The sign-in page refused the embedded window (HTTP ${httpResponseCode})`);
    }) as never);
    win.on('closed', () => finish({ kind: 'cancelled' }));

    win.loadURL(login.url).catch(() => undefined); // failures arrive as did-fail-load
  });
}
