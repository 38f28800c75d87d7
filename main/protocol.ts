/**
 * app://dashboard/… serves the built renderer (dist/renderer) instead of file:// (security checklist #18).
 * The scheme must be registered as privileged before `app` is ready; the handler is installed after.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const APP_SCHEME = 'app';
export const DASHBOARD_HOST = 'dashboard';
export const DASHBOARD_URL = `${APP_SCHEME}://${DASHBOARD_HOST}/index.html`;

/** Whether a URL is the packaged dashboard (app://dashboard/…) or, in development, the dev server. */
export function isDashboardUrl(raw: string, devServerUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Node's URL gives non-special schemes an OPAQUE origin ("null"): compare protocol + host for app://, never .origin.
  if (url.protocol === `${APP_SCHEME}:` && url.host === DASHBOARD_HOST) return true;
  if (!devServerUrl) return false;
  try {
    return url.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/** Call at the top level of the entry module, before `ready`. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Maps an app://dashboard URL to a file inside `root`, or null when it is not ours or would leave `root`
 * (encoded `..`, absolute paths, backslashes, NUL bytes, malformed escapes). Pure; the heart of the handler.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== DASHBOARD_HOST) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';

  const base = path.resolve(root);
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..')) return null;
  const file = path.resolve(base, ...segments);
  const rel = path.relative(base, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

/** Installs the app:// handler (after `ready`). Unknown or unsafe paths get a plain 404. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return net.fetch(pathToFileURL(file).toString());
  });
}
