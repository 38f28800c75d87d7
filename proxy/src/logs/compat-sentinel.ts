/**
 * Compatibility sentinel: counts the request fields, content block types and `anthropic-beta` values the proxy
 * does not know, so a Claude Code release that starts sending something new is noticed (dashboard, /api/compat,
 * a log line the first time each name is seen) before it breaks anything. Names only — never values.
 */
import type { CompatReport } from '../contract.js';
import type { Logger } from './logger.js';

/** Every beta value Claude Code 2.1.332 was seen sending (specs/anthropic-claude-code.md §2), plus SDK-era ones. */
export const KNOWN_BETAS: ReadonlySet<string> = new Set([
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'per-turn-control-2026-07-01',
  'mid-conversation-tool-changes-2026-07-01',
  'thinking-token-count-2026-05-13',
  'advanced-tool-use-2025-11-20',
  'effort-2025-11-24',
  'thinking-display-updates-2026-08-18',
  'dangerous-tool-use-2026-09-03',
  'afk-mode-2026-01-31',
  'redact-thinking-2026-02-12',
  'structured-outputs-2025-12-15',
  'context-1m-2025-08-07',
  'fallback-credit-2026-06-01',
  'token-counting-2024-11-01',
  'prompt-caching-2024-07-31',
  'fine-grained-tool-streaming-2025-05-14',
  'output-128k-2025-02-19',
  'web-search-2025-03-05',
  'files-api-2025-04-14',
  'pdfs-2024-09-25',
]);

export type CompatSnapshot = CompatReport;

const MAX_NAMES = 200;
const NAME_RE = /^[\w.:@/+-]{1,100}$/;

/** A name is shown as is when it looks like an identifier; anything else (possibly data) becomes `<invalid>`. */
function safeName(name: string): string {
  return NAME_RE.test(name) ? name : '<invalid>';
}

/** Splits `anthropic-beta` header values (comma lists, possibly repeated headers). */
export function parseBetaHeader(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export class CompatSentinel {
  private readonly fields = new Map<string, number>();
  private readonly blockTypes = new Map<string, number>();
  private readonly betas = new Map<string, number>();
  private firstSeenAt: number | null = null;
  private lastSeenAt: number | null = null;

  constructor(
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  record(report: { unknownFields: readonly string[]; unknownBlockTypes: readonly string[] }, betas: readonly string[] = []): void {
    let any = false;
    const bump = (map: Map<string, number>, raw: string, kind: string) => {
      const name = safeName(raw);
      const prev = map.get(name);
      if (prev === undefined && map.size >= MAX_NAMES) return;
      map.set(name, (prev ?? 0) + 1);
      any = true;
      if (prev === undefined) this.logger?.warn({ compat: kind, name }, 'compatibility: first sighting of an unknown request part');
    };
    for (const f of new Set(report.unknownFields)) bump(this.fields, f, 'field');
    for (const b of new Set(report.unknownBlockTypes)) bump(this.blockTypes, b, 'block type');
    for (const b of new Set(betas)) if (!KNOWN_BETAS.has(b)) bump(this.betas, b, 'beta');
    if (any) {
      const t = this.now();
      this.firstSeenAt ??= t;
      this.lastSeenAt = t;
    }
  }

  snapshot(): CompatSnapshot {
    return {
      fields: Object.fromEntries(this.fields),
      blockTypes: Object.fromEntries(this.blockTypes),
      betas: Object.fromEntries(this.betas),
      firstSeenAt: this.firstSeenAt,
      lastSeenAt: this.lastSeenAt,
    };
  }

  reset(): void {
    this.fields.clear();
    this.blockTypes.clear();
    this.betas.clear();
    this.firstSeenAt = null;
    this.lastSeenAt = null;
  }
}
