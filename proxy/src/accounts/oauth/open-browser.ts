/**
 * Opens a URL in the user's browser, best effort. Uses the `open` package when it happens to be installed (it is
 * not a dependency), else `open <url>` on macOS; elsewhere the caller has printed the URL and that is enough.
 * `CODEX_CLAUDE_PROXY_NO_BROWSER=1` turns it off (tests, SSH sessions). Injectable wherever it is used.
 */
import { spawn } from 'node:child_process';

export type BrowserOpener = (url: string) => Promise<boolean>;

export const noBrowser: BrowserOpener = async () => false;

export function defaultBrowserOpener(env: NodeJS.ProcessEnv = process.env): BrowserOpener {
  if (env.CODEX_CLAUDE_PROXY_NO_BROWSER === '1' || env.CODEX_CLAUDE_PROXY_NO_BROWSER === 'true') return noBrowser;
  return async (url) => {
    const moduleName = 'open';
    try {
      const mod = (await import(/* @vite-ignore */ moduleName)) as { default: (u: string) => Promise<unknown> };
      await mod.default(url);
      return true;
    } catch {
      // not installed: fall through
    }
    if (process.platform !== 'darwin') return false;
    try {
      const child = spawn('open', [url], { stdio: 'ignore', detached: true });
      child.on('error', () => undefined);
      child.unref();
      return true;
    } catch {
      return false;
    }
  };
}
