/**
 * Builds the real ProxyCore for the app: the shared data dir (the same `~/.codex-claude-proxy` as the headless CLI,
 * `CODEX_CLAUDE_PROXY_HOME` overrides it), electron-store settings in it, the Keychain vault, the built dashboard.
 * Wiring only; the decisions are the pure functions below.
 */
import { mkdirSync } from 'node:fs';
import { resolveDataDir } from '../proxy/src/config.js';
import { ProxyCore, type CoreOptions } from '../proxy/src/core.js';
import type { SettingsStore } from '../proxy/src/settings.js';
import type { CoreDeps, CoreFactory } from './core.js';
import { openAppSettings } from './settings-store.js';

/** Forces the proxy port (0 = any free port), e.g. for tests or a second instance; the settings file is untouched. */
export const PORT_ENV = 'CODEX_CLAUDE_PROXY_PORT';

/** The port override from the environment, or undefined. Pure; a malformed value is an error, not ignored. */
export function portOverride(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[PORT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65_535) throw new Error(`${PORT_ENV} must be a port number between 0 and 65535: ${raw}`);
  return n;
}

/** The ProxyCore options for the app. Pure. */
export function appCoreOptions(input: {
  deps: CoreDeps;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  settingsStore: SettingsStore;
}): CoreOptions {
  const port = portOverride(input.env);
  return {
    dataDir: input.dataDir,
    env: input.env,
    settingsStore: input.settingsStore,
    vault: input.deps.vault,
    dashboardDir: input.deps.dashboardDir,
    ...(input.deps.logger ? { logger: input.deps.logger } : {}),
    overrides: port === undefined ? {} : { port },
  };
}

export function createAppCoreFactory(
  env: NodeJS.ProcessEnv = process.env,
  openSettings: (dataDir: string) => SettingsStore = openAppSettings,
): CoreFactory {
  return (deps) => {
    const dataDir = resolveDataDir(undefined, env);
    // Before the store: conf would create the directory with the default (umask) mode, and it holds the tokens.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new ProxyCore(appCoreOptions({ deps, env, dataDir, settingsStore: openSettings(dataDir) }));
  };
}

/** The message for a failed start. Pure. The CLI and the app share port 8081 by default, so say so. */
export function explainStartError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? `Port ${e.port}` : 'The proxy port';
    return `${port} is already in use. Is the headless proxy (codex-claude-proxy start) running? Stop it, or set another "port" in the data dir's settings.json.`;
  }
  return err instanceof Error ? err.message : String(err);
}
