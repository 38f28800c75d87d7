/** `start`: the proxy and the dashboard in this process, until SIGINT / SIGTERM. */
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';
import { resolveDataDir } from '../config.js';
import { ProxyCore } from '../core.js';
import { openHeadlessSettings } from '../settings.js';
import { CliFailure } from './failure.js';

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  apiKey?: string;
}

function useEnvProxy(env: NodeJS.ProcessEnv): void {
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) setGlobalDispatcher(new EnvHttpProxyAgent());
}

/** `dashboardDir`: the built dashboard, next to the entry module (dist/renderer). */
export async function start(opts: StartOptions, dashboardDir: string): Promise<void> {
  const env = process.env;
  const dataDir = resolveDataDir(opts.dataDir, env);
  useEnvProxy(env);
  const core = new ProxyCore({
    dataDir,
    env,
    settingsStore: openHeadlessSettings(dataDir),
    overrides: { port: opts.port, host: opts.host, apiKey: opts.apiKey },
    dashboardDir,
  });
  let bound;
  try {
    bound = await core.start();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliFailure(`port ${opts.port ?? core.settings.port} is already in use (is another proxy running? try --port 0)`);
    throw e;
  }
  const shownHost = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  process.stdout.write(`listening on http://${shownHost}:${bound.port}\n`);
  process.stdout.write(`data dir ${dataDir}\n`);
  const accounts = await core.listAccounts().catch(() => []);
  if (accounts.length === 0) process.stdout.write('no ChatGPT account yet: run `codex-claude-proxy accounts import`\n');
  const shutdown = (signal: string) => {
    core.logger.info({ signal }, 'shutting down');
    void core.stop().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
