/**
 * What Claude Code's settings should say to use this proxy: base URL, credential helper, tier model ids, the
 * small/fast model and the auto-compact window of the real upstream context.
 *
 * Tier ids are the advertised `claude-codex-<slug>` ids of the mapped Codex models (the ids /v1/models lists), so
 * Claude Code's /model and status show which Codex model runs, and the router sends them straight to that slug.
 * The compact window is the smallest context window of the three mapped models (Claude Code would otherwise
 * assume up to 1M tokens for env-mapped ids and never compact before the upstream rejects the request).
 */
import type { CatalogModel } from '../codex/catalog.js';
import type { ModelMapping } from '../routing/model-mapping.js';
import { advertisedCodexModelId, routeModel } from '../routing/router.js';

export interface ClaudeTarget {
  baseUrl: string;
  /** The proxy's client key, or null when the proxy accepts any key (loopback). Never logged. */
  clientKey: string | null;
  tiers: { opus: string; sonnet: string; haiku: string };
  smallFast: string;
  compactWindow: number;
  /** `statusLine.command` when the status line should be installed. */
  statusLineCommand: string | null;
}

/** Value printed by the helper when the proxy requires no key (Claude Code needs some credential). */
export const OPEN_PROXY_PLACEHOLDER_KEY = 'codex-claude-proxy-local';

/** The `apiKeyHelper` command: `echo <key>` (no PATH lookup of our binary, works for npx and the app alike). */
export function apiKeyHelperCommand(clientKey: string | null): string {
  const key = clientKey ?? OPEN_PROXY_PLACEHOLDER_KEY;
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(key)) {
    // Shell-quote anything unusual (single quotes, with embedded ones escaped).
    return `echo '${key.replace(/'/g, `'\\''`)}'`;
  }
  return `echo ${key}`;
}

/** The key an `apiKeyHelper` command of ours prints, or null for a command we did not write. */
export function keyFromHelper(command: unknown): string | null {
  if (typeof command !== 'string') return null;
  const plain = /^echo ([A-Za-z0-9._~+/=-]+)$/.exec(command.trim());
  if (plain) return plain[1] ?? null;
  const quoted = /^echo '((?:[^']|'\\'')*)'$/.exec(command.trim());
  return quoted ? (quoted[1] ?? '').replace(/'\\''/g, "'") : null;
}

/** `http://127.0.0.1:<port>` for a wildcard/loopback bind; the bind host otherwise. */
export function proxyBaseUrl(bindHost: string, port: number): string {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '';
  const host = wildcard ? '127.0.0.1' : bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  return `http://${host}:${port}`;
}

export function computeTarget(opts: {
  baseUrl: string;
  clientKey: string | null;
  mapping: ModelMapping;
  catalog: CatalogModel[];
  statusLineCommand?: string | null;
}): ClaudeTarget {
  const route = (family: 'opus' | 'sonnet' | 'haiku') => routeModel(family, opts.mapping, opts.catalog);
  const opus = route('opus');
  const sonnet = route('sonnet');
  const haiku = route('haiku');
  return {
    baseUrl: opts.baseUrl,
    clientKey: opts.clientKey,
    tiers: {
      opus: advertisedCodexModelId(opus.codexModel),
      sonnet: advertisedCodexModelId(sonnet.codexModel),
      haiku: advertisedCodexModelId(haiku.codexModel),
    },
    smallFast: advertisedCodexModelId(haiku.codexModel),
    compactWindow: Math.min(opus.contextWindow, sonnet.contextWindow, haiku.contextWindow),
    statusLineCommand: opts.statusLineCommand ?? null,
  };
}

/** The `env` entries the writer owns. */
export function targetEnv(t: ClaudeTarget): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: t.baseUrl,
    ANTHROPIC_DEFAULT_OPUS_MODEL: t.tiers.opus,
    ANTHROPIC_DEFAULT_SONNET_MODEL: t.tiers.sonnet,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: t.tiers.haiku,
    ANTHROPIC_SMALL_FAST_MODEL: t.smallFast,
    CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(t.compactWindow),
  };
}

/** Credentials in settings `env` that would override the helper (ANTHROPIC_AUTH_TOKEN always; ANTHROPIC_API_KEY in -p). */
export const CONFLICTING_ENV_KEYS = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'] as const;

export const MANAGED_ENV_KEYS = [
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_DEFAULT_OPUS_MODEL',
  'ANTHROPIC_DEFAULT_SONNET_MODEL',
  'ANTHROPIC_DEFAULT_HAIKU_MODEL',
  'ANTHROPIC_SMALL_FAST_MODEL',
  'CLAUDE_CODE_AUTO_COMPACT_WINDOW',
] as const;
