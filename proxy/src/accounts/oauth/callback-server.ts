/**
 * The one-shot OAuth callback listener on 127.0.0.1:<port> (docs/codex-backend.md §2.3).
 * `GET /auth/callback?code&state`: a wrong state answers 400 "State mismatch" and keeps waiting; `error=` ends the
 * login with the issuer's reason; `/cancel` aborts; anything else is 404. The code is handed to `onCode` (the
 * exchange) and the browser sees the outcome. Closes itself on success, failure, cancel or timeout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_PATH, loopbackRedirectUri } from './authorize.js';
import { LoginError } from '../token-client.js';

export interface CallbackListener {
  port: number;
  redirectUri: string;
  /** Resolves with what `onCode` returned, or rejects with a LoginError. */
  result: Promise<string>;
  close(): Promise<void>;
}

export interface CallbackOptions {
  port: number;
  state: string;
  timeoutMs: number;
  /** Exchanges the code; returns the text shown on the success page (e.g. "Signed in as a@b.c"). */
  onCode: (code: string) => Promise<string>;
  /** Where the sign-in started: the success page says where to go back to. Default 'cli'. */
  origin?: LoginOrigin;
}

export type LoginOrigin = 'dashboard' | 'cli' | 'app';

/** "You can close this window and return to the dashboard" / "… the app" / "… the terminal". */
export function returnHint(origin: LoginOrigin = 'cli'): string {
  const where = origin === 'dashboard' ? 'the dashboard' : origin === 'app' ? 'the Codex Claude Proxy app' : 'the terminal';
  return `You can close this window and return to ${where}.`;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><body style="font-family:system-ui;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(html);
}

export function portInUseMessage(port: number): string {
  return `port ${port} is in use — is \`codex login\` running? Finish or cancel it, or sign in with \`accounts add --no-browser\` or \`--device\``;
}

/** Explains an `error=` callback; `missing_codex_entitlement` means Codex is not enabled for the workspace. */
export function describeIssuerError(error: string, description: string | null): string {
  if (description && /missing_codex_entitlement/.test(description)) {
    return 'Codex is not enabled for this ChatGPT workspace (missing_codex_entitlement); ask the workspace admin or pick another workspace';
  }
  return `The sign-in was not completed (${error}${description ? `: ${description}` : ''})`;
}

export async function startCallbackListener(o: CallbackOptions): Promise<CallbackListener> {
  let settle!: { resolve: (v: string) => void; reject: (e: Error) => void };
  const result = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // callers attach their own handler; never an unhandled rejection
  let done = false;
  let exchanging = false;
  let timer: NodeJS.Timeout | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/cancel') {
      page(res, 200, 'Sign-in cancelled', 'You can close this tab.');
      return finish(new LoginError('The sign-in was cancelled'));
    }
    if (url.pathname !== CALLBACK_PATH || req.method !== 'GET') return page(res, 404, 'Not found', 'Nothing here.');
    if (done || exchanging) return page(res, 409, 'Sign-in already handled', 'This sign-in has already been handled; you can close this tab.');
    const p = url.searchParams;
    if (p.get('state') !== o.state) return page(res, 400, 'State mismatch', 'State mismatch');
    const error = p.get('error');
    if (error) {
      const message = describeIssuerError(error, p.get('error_description'));
      page(res, 200, 'Sign-in failed', message);
      return finish(new LoginError(message, error));
    }
    const code = p.get('code');
    if (!code) return page(res, 400, 'Missing code', 'The callback carries no authorization code.');
    exchanging = true;
    o.onCode(code).then(
      (text) => {
        page(res, 200, 'Signed in', `${text}. ${returnHint(o.origin)}`);
        finish(null, text);
      },
      (e: Error) => {
        page(res, 200, 'Sign-in failed', e.message);
        finish(e instanceof LoginError ? e : new LoginError(e.message));
      },
    );
  });

  function finish(error: Error | null, value = ''): void {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    if (error) settle.reject(error);
    else settle.resolve(value);
    void close();
  }

  function close(): Promise<void> {
    if (!server.listening) return Promise.resolve();
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(() => server.closeAllConnections(), 200).unref();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new LoginError(portInUseMessage(o.port), 'port_in_use') : new LoginError(`Could not listen on 127.0.0.1:${o.port}: ${e.message}`));
    });
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  timer = setTimeout(() => finish(new LoginError(`The sign-in timed out after ${Math.round(o.timeoutMs / 60_000) || 1} min`, 'timeout')), o.timeoutMs);
  timer.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    redirectUri: loopbackRedirectUri(port),
    result,
    close: async () => {
      finish(new LoginError('The sign-in was cancelled'));
      await close();
    },
  };
}
