/**
 * The body of GET /v1/models (pure; the route only serialises it).
 *
 * Claude Code's gateway discovery (`CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1`) keeps only ids matching
 * /claude|anthropic/i, so every id is claude-prefixed:
 * - the three family ids Claude Code itself uses: `claude-opus-5-5`, `claude-sonnet-5-5`, `claude-haiku-5-5`
 *   (display name names the Codex model they route to);
 * - the ids of `mapping.aliases` (listed as configured; the router matches them exactly);
 * - `claude-codex-<slug>` for every visible model of the account's catalog (the router maps it back to `<slug>`).
 *
 * Each entry carries the Anthropic fields (`type`, `id`, `display_name`, `created_at`, `max_input_tokens`) and the
 * OpenAI fields (`object`, `id`, `created`, `owned_by`), so both SDKs parse the same list.
 */
import type { CatalogModel } from '../codex/catalog.js';
import type { ModelMapping } from '../routing/model-mapping.js';
import { advertisedCodexModelId, routeModel } from '../routing/router.js';

export interface ModelsListEntry {
  id: string;
  type: 'model';
  display_name: string;
  created_at: string;
  object: 'model';
  created: number;
  owned_by: string;
  max_input_tokens?: number;
}

export interface ModelsList {
  data: ModelsListEntry[];
  has_more: false;
  first_id: string | null;
  last_id: string | null;
  object: 'list';
}

/** The family ids Claude Code sends for `opus` / `sonnet` / `haiku` (observed on 2.1.332). */
export const FAMILY_MODEL_IDS = {
  opus: 'claude-opus-5-5',
  sonnet: 'claude-sonnet-5-5',
  haiku: 'claude-haiku-5-5',
} as const;

/** A fixed timestamp keeps the list deterministic (the field is informational for both SDKs). */
export const MODELS_CREATED_AT = '2026-01-01T00:00:00Z';
const CREATED = Math.floor(Date.parse(MODELS_CREATED_AT) / 1000);

const FAMILY_LABEL = { opus: 'Opus', sonnet: 'Sonnet', haiku: 'Haiku' } as const;

function entry(id: string, displayName: string, ownedBy: string, maxInputTokens: number | undefined): ModelsListEntry {
  const e: ModelsListEntry = {
    id,
    type: 'model',
    display_name: displayName,
    created_at: MODELS_CREATED_AT,
    object: 'model',
    created: CREATED,
    owned_by: ownedBy,
  };
  if (maxInputTokens !== undefined) e.max_input_tokens = maxInputTokens;
  return e;
}

export function buildModelsList(mapping: ModelMapping, catalog: CatalogModel[] | null): ModelsList {
  const models = catalog ?? [];
  const data: ModelsListEntry[] = [];
  const seen = new Set<string>();
  const push = (e: ModelsListEntry): void => {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    data.push(e);
  };

  const routed = (id: string): { name: string; max?: number } => {
    const d = routeModel(id, mapping, models);
    const name = d.catalogEntry?.displayName ?? d.codexModel;
    return d.catalogEntry ? { name, max: d.contextWindow } : { name };
  };

  for (const fam of ['opus', 'sonnet', 'haiku'] as const) {
    const id = FAMILY_MODEL_IDS[fam];
    const r = routed(id);
    push(entry(id, `Claude ${FAMILY_LABEL[fam]} → ${r.name} (Codex)`, 'codex-claude-proxy', r.max));
  }
  for (const id of Object.keys(mapping.aliases ?? {})) {
    const r = routed(id);
    push(entry(id, `${id} → ${r.name} (Codex)`, 'codex-claude-proxy', r.max));
  }
  for (const m of models) {
    if (!m.visible) continue;
    push(entry(advertisedCodexModelId(m.slug), `${m.displayName} (Codex)`, 'openai', m.contextWindow));
  }

  return {
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    object: 'list',
  };
}
