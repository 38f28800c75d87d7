/**
 * The Claude-family → Codex-model mapping table (defaults and the zod schema of its settings-file form).
 *
 * Defaults follow docs §10 "Suggested mapping" and use only models listed in the Codex 0.169 catalog. They never
 * name a retired model: those answer 400 "model is not supported when using Codex with a ChatGPT account".
 * The router (router.ts) still resolves every mapped slug against the account's live catalog and substitutes
 * when a slug is missing, so a stale settings file degrades gracefully.
 */
import { z } from 'zod';
import type { ReasoningEffort } from '../codex/types.js';

/** A Codex model slug plus the default reasoning effort for requests routed to it. */
export interface FamilyRoute {
  model: string;
  effort?: ReasoningEffort;
}

export interface ModelMapping {
  opus: FamilyRoute;
  sonnet: FamilyRoute;
  haiku: FamilyRoute;
  unknown: FamilyRoute;
  /** Exact client model id → route. Checked before the family rules. */
  aliases?: Record<string, FamilyRoute>;
}

export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** Not frozen (settings code may hand it out as a default); treat it as read-only. */
export const defaultModelMapping: ModelMapping = {
  opus: { model: 'gpt-6.1-sol', effort: 'high' },
  sonnet: { model: 'gpt-5.6-sol', effort: 'medium' },
  haiku: { model: 'gpt-5.6-luna', effort: 'low' },
  unknown: { model: 'gpt-5.6-sol', effort: 'medium' },
};

/**
 * Models the ChatGPT-account Codex backend no longer serves (docs §10.3). `gpt-5.5` is announced as leaving but is
 * still in the 0.169 catalog, so it is not listed here; the live catalog decides.
 */
export const RETIRED_MODELS: ReadonlySet<string> = new Set([
  'gpt-5',
  'gpt-5-codex',
  'gpt-5-codex-mini',
  'codex-mini-latest',
  'gpt-5.1',
  'gpt-5.1-codex',
  'gpt-5.1-codex-max',
  'gpt-5.1-codex-mini',
  'gpt-5.1-chat-latest',
  'gpt-5.2',
  'gpt-5.2-codex',
  'gpt-5.3-codex',
  'gpt-5.3-codex-spark',
]);

/** True for a retired slug, including any `gpt-5.1*` variant. */
export function isRetiredModel(slug: string): boolean {
  const s = slug.trim().toLowerCase();
  return RETIRED_MODELS.has(s) || s.startsWith('gpt-5.1-');
}

/** Every retired slug the mapping names (for a settings warning / doctor check). */
export function retiredModelsIn(mapping: ModelMapping): string[] {
  const routes = [mapping.opus, mapping.sonnet, mapping.haiku, mapping.unknown, ...Object.values(mapping.aliases ?? {})];
  return [...new Set(routes.map((r) => r.model).filter(isRetiredModel))];
}

/** Accepts any effort the Codex vocabulary knows; `ultra` (multi-agent delegation) is clamped to `max` (docs §10.1). */
const effortSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim().toLowerCase() === 'ultra' ? 'max' : v.trim().toLowerCase()) : v),
  z.enum(REASONING_EFFORTS as [ReasoningEffort, ...ReasoningEffort[]]),
);

export const familyRouteSchema: z.ZodType<FamilyRoute> = z
  .object({
    model: z.string().trim().min(1),
    effort: effortSchema.optional(),
  })
  .transform((r): FamilyRoute => (r.effort === undefined ? { model: r.model } : { model: r.model, effort: r.effort }));

/**
 * The mapping as stored in the settings file. Every family is optional and falls back to its default, so a
 * partial table (`{"opus":{"model":"gpt-6-astra"}}`) is valid.
 */
export const modelMappingSchema: z.ZodType<ModelMapping> = z
  .object({
    opus: familyRouteSchema.optional(),
    sonnet: familyRouteSchema.optional(),
    haiku: familyRouteSchema.optional(),
    unknown: familyRouteSchema.optional(),
    aliases: z.record(z.string().trim().min(1), familyRouteSchema).optional(),
  })
  .transform((m): ModelMapping => {
    const out: ModelMapping = {
      opus: m.opus ?? { ...defaultModelMapping.opus },
      sonnet: m.sonnet ?? { ...defaultModelMapping.sonnet },
      haiku: m.haiku ?? { ...defaultModelMapping.haiku },
      unknown: m.unknown ?? { ...defaultModelMapping.unknown },
    };
    if (m.aliases && Object.keys(m.aliases).length > 0) out.aliases = m.aliases;
    return out;
  });
