/** Pure: applies one mapping edit, validated against the active account's live catalog (when known). */
import type { CatalogModelView } from '../contract.js';
import type { z } from 'zod';
import type { modelMappingPatchSchema } from '../contract-v2.js';
import type { FamilyRoute, ModelMapping } from '../routing/model-mapping.js';
import type { ReasoningEffort } from '../codex/types.js';

type Patch = z.output<typeof modelMappingPatchSchema>;

/** The new mapping, or the reason the edit is refused. */
export function applyMappingPatch(current: ModelMapping, p: Patch, catalog: readonly CatalogModelView[] | null): ModelMapping | string {
  if (p.kind === 'remove-alias') {
    if (!current.aliases?.[p.alias]) return `There is no alias ${p.alias}.`;
    const { [p.alias]: _gone, ...rest } = current.aliases;
    return { ...current, aliases: rest };
  }
  if (catalog) {
    const m = catalog.find((c) => c.slug === p.model);
    if (!m) return `${p.model} is not in the active account’s catalog (available: ${catalog.filter((c) => c.visible).map((c) => c.slug).join(', ') || 'none'}).`;
    if (p.effort && !m.efforts.includes(p.effort)) return `${p.model} does not support effort ${p.effort} (supported: ${m.efforts.join(', ')}).`;
  }
  const route: FamilyRoute = p.effort ? { model: p.model, effort: p.effort as ReasoningEffort } : { model: p.model };
  if (p.kind === 'family') return { ...current, [p.family]: route };
  if (/^(opus|sonnet|haiku|unknown)$/.test(p.alias)) return `${p.alias} is a family name; edit the family row instead.`;
  return { ...current, aliases: { ...(current.aliases ?? {}), [p.alias]: route } };
}
