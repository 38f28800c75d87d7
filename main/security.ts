/**
 * Electron security guards (design §7.5): deny every permission, keep each webContents on the dashboard,
 * forbid new windows and <webview>. Installed for every webContents through `web-contents-created`.
 */
import type { App, Session, WebContents } from 'electron';
import { isDashboardUrl } from './protocol.js';

export interface SecurityOptions {
  /** Dev server origin allowed in development (ELECTRON_RENDERER_URL); undefined in production. */
  devServerUrl?: string;
  /** Opens a URL in the user's browser (shell.openExternal). Only ever called with https: URLs. */
  openExternal(url: string): void | Promise<void>;
}

/** Only https: links leave the app, and only to the default browser (checklist #15). */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The dashboard needs no permission at all: camera, notifications, clipboard… are all refused (checklist #5). */
export function denyAllPermissions(ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

type PreventableEvent = { preventDefault(): void };

/** webContents of the embedded sign-in window (main/login-window.ts): they may browse https: pages (the issuer, SSO). */
const signInContents = new WeakSet<object>();

/** Marks a sign-in window's webContents: https: navigation allowed, everything else still guarded. */
export function allowWebSignIn(contents: object): void {
  signInContents.add(contents);
}
export type GuardableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation (checklist #13), new windows (#14) and <webview> (#11/12) guards for one webContents. */
export function hardenWebContents(contents: GuardableContents, options: SecurityOptions): void {
  const guardNavigation = (event: PreventableEvent, url: string): void => {
    if (signInContents.has(contents) && isSafeExternalUrl(url)) return;
    if (!isDashboardUrl(url, options.devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-redirect', (event) => guardNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void Promise.resolve(options.openExternal(url)).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** Call before `ready`: every webContents created from then on is hardened. */
export function installWebContentsGuards(app: Pick<App, 'on'>, options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
