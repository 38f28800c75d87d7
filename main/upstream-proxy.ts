/**
 * Upstream traffic through the user's proxy, in the app too (the CLI honours HTTPS_PROXY; a packaged app launched
 * from Finder has no such variable, so the system setting is asked). HTTPS_PROXY / HTTP_PROXY (with NO_PROXY) win;
 * otherwise Electron's `resolveProxy` for the Codex upstream decides. The result becomes undici's global
 * dispatcher (what global fetch uses) before the core starts. Loopback never goes through a proxy.
 */
import { EnvHttpProxyAgent, setGlobalDispatcher, type Dispatcher } from 'undici';

export type ProxyChoice = { kind: 'env' } | { kind: 'url'; url: string } | { kind: 'direct' };

/** The first usable proxy of a PAC-style answer ("PROXY host:port; DIRECT", "HTTPS host:port"). Pure. */
export function parsePacResult(pac: string): string | null {
  for (const entry of pac.split(';').map((s) => s.trim())) {
    const m = /^(PROXY|HTTPS)\s+(\S+)$/i.exec(entry);
    if (m) return `${m[1]!.toUpperCase() === 'HTTPS' ? 'https' : 'http'}://${m[2]}`;
    if (/^DIRECT$/i.test(entry)) return null;
  }
  return null;
}

export function hasEnvProxy(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** Decides the proxy: the environment first, then the system's answer for `upstream`. */
export async function chooseUpstreamProxy(env: NodeJS.ProcessEnv, resolveProxy: (url: string) => Promise<string>, upstream: string): Promise<ProxyChoice> {
  if (hasEnvProxy(env)) return { kind: 'env' };
  try {
    const url = parsePacResult(await resolveProxy(upstream));
    return url ? { kind: 'url', url } : { kind: 'direct' };
  } catch {
    return { kind: 'direct' };
  }
}

export function dispatcherFor(choice: ProxyChoice): Dispatcher | null {
  if (choice.kind === 'env') return new EnvHttpProxyAgent();
  // The system proxy applies to the upstream hosts; loopback (the fakes, the Haiku lane on localhost) stays direct.
  if (choice.kind === 'url') return new EnvHttpProxyAgent({ httpProxy: choice.url, httpsProxy: choice.url, noProxy: 'localhost,127.0.0.1,::1' });
  return null;
}

/** Installs the choice as the global dispatcher; returns what was chosen (for the log). */
export async function useUpstreamProxy(
  env: NodeJS.ProcessEnv,
  resolveProxy: (url: string) => Promise<string>,
  upstream = 'https://chatgpt.com/backend-api/codex',
  install: (d: Dispatcher) => void = setGlobalDispatcher,
): Promise<ProxyChoice> {
  const choice = await chooseUpstreamProxy(env, resolveProxy, upstream);
  const d = dispatcherFor(choice);
  if (d) install(d);
  return choice;
}

