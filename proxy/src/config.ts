/**
 * Where things live and which upstreams we talk to. Precedence: CLI flag > environment > settings file > default.
 * Upstream base URLs are configuration (real defaults, env overrides) — that is how tests point at fakes.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export const DEFAULT_PORT = 8081;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_CALLBACK_PORT = 1455;

export interface UpstreamUrls {
  codexBaseUrl: string;
  chatgptBaseUrl: string;
  authIssuer: string;
  openrouterBaseUrl: string;
}

export const DEFAULT_UPSTREAMS: UpstreamUrls = {
  codexBaseUrl: 'https://chatgpt.com/backend-api/codex',
  chatgptBaseUrl: 'https://chatgpt.com/backend-api',
  authIssuer: 'https://auth.openai.com',
  openrouterBaseUrl: 'https://openrouter.ai/api/v1',
};

const ENV_NAMES: Record<keyof UpstreamUrls, string> = {
  codexBaseUrl: 'CODEX_BASE_URL',
  chatgptBaseUrl: 'CHATGPT_BASE_URL',
  authIssuer: 'OPENAI_AUTH_ISSUER',
  openrouterBaseUrl: 'OPENROUTER_BASE_URL',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates an http(s) base URL and drops trailing slashes, so `…/codex/` and `…/codex` are the same. */
export function normaliseBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${what} is not a valid URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${what} must be an http(s) URL: ${value}`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function resolveUpstreams(
  env: NodeJS.ProcessEnv,
  fromSettings: Partial<UpstreamUrls> = {},
): UpstreamUrls {
  const out = { ...DEFAULT_UPSTREAMS };
  for (const key of Object.keys(ENV_NAMES) as (keyof UpstreamUrls)[]) {
    const envValue = env[ENV_NAMES[key]];
    const raw = envValue || fromSettings[key] || DEFAULT_UPSTREAMS[key];
    out[key] = normaliseBaseUrl(raw, envValue ? ENV_NAMES[key] : key);
  }
  return out;
}

/** `--data-dir` beats `CODEX_CLAUDE_PROXY_HOME` beats `~/.codex-claude-proxy`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag || env.CODEX_CLAUDE_PROXY_HOME || path.join(homedir(), '.codex-claude-proxy');
  return path.resolve(chosen);
}

/** `$CODEX_HOME/auth.json`, else `~/.codex/auth.json`. */
export function defaultCodexAuthPath(env: NodeJS.ProcessEnv): string {
  const codexHome = env.CODEX_HOME || path.join(homedir(), '.codex');
  return path.join(codexHome, 'auth.json');
}

export function resolveCallbackPort(env: NodeJS.ProcessEnv): number {
  const raw = env.CODEX_CLAUDE_PROXY_CALLBACK_PORT;
  if (!raw) return DEFAULT_CALLBACK_PORT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`CODEX_CLAUDE_PROXY_CALLBACK_PORT must be a port number: ${raw}`);
  }
  return n;
}
