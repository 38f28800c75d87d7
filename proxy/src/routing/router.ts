/**
 * Client model id → Codex model + reasoning-effort levels, resolved against the account's live catalog.
 *
 * Order of rules (first match wins):
 * 1. `mapping.aliases`: the exact client id, else an alias whose normalised id (lower case, `[1m]` and date
 *    suffixes removed) equals the client's.
 * 2. A Codex model addressed directly: `claude-codex-<slug>` (the ids /v1/models advertises), a slug present in
 *    the catalog (`gpt-5.6-sol`), or anything shaped like a Codex slug (`gpt-…`, `codex-…`, `o<digit>…`).
 * 3. The Claude family (opus / sonnet / haiku / unknown) → `mapping[family]`.
 *
 * Resolution: the chosen slug is looked up (case-insensitively) in the catalog. When it is missing (retired, not on
 * the plan) another model is **substituted** and reported in `substituted`. The substitution rule ranks every
 * catalog model by, in order:
 *   a. visible before hidden, never a retired slug unless nothing else exists;
 *   b. the same size class as the wanted model: "small" = a slug containing luna / mini / nano / spark / lite,
 *      or any route of the haiku family; everything else is "large";
 *   c. the same variant name as the wanted slug (its last word: sol / terra / luna / astra …);
 *   d. the catalog's own preference: `priority` ascending, then catalog order.
 * With an empty catalog (no list available) the slug is used as is, except a known-retired slug, which is
 * substituted from the models bundled in Codex 0.169 (BUNDLED_CATALOG).
 *
 * Effort: the route's effort (or the model's catalog default) clamped to the model's catalog levels
 * ({@link clampEffort}); `effortLevels` is the catalog's list (never `ultra`).
 */
import type { ReasoningEffort } from '../codex/types.js';
import { BUNDLED_CATALOG, DEFAULT_CONTEXT_WINDOW, type CatalogModel } from '../codex/catalog.js';
import { modelFamily, normalizeModelId, type ModelFamily } from './model-family.js';
import { isRetiredModel, type FamilyRoute, type ModelMapping } from './model-mapping.js';

export interface RouteDecision {
  family: ModelFamily;
  codexModel: string;
  effortLevels: ReasoningEffort[];
  defaultEffort: ReasoningEffort;
  contextWindow: number;
  substituted?: { wanted: string; reason: string };
  /** The catalog entry of `codexModel`, when one is known. */
  catalogEntry?: CatalogModel;
}

/** Prefix of the per-Codex-model ids advertised on /v1/models (Claude Code keeps only ids matching /claude/i). */
export const CODEX_MODEL_ID_PREFIX = 'claude-codex-';

export function advertisedCodexModelId(slug: string): string {
  return `${CODEX_MODEL_ID_PREFIX}${slug}`;
}

/** Strips a trailing `[1m]`-style tag and lower-cases; keeps dates (slugs may end in digits). */
function stripTags(id: string): string {
  return id.trim().toLowerCase().replace(/(\s*\[[^\]]*\])+$/, '').trim();
}

/** `claude-codex-gpt-5.6-sol[1m]` → `gpt-5.6-sol`; anything else → undefined. */
export function codexSlugFromClientId(clientModel: string): string | undefined {
  const s = stripTags(clientModel);
  if (!s.startsWith(CODEX_MODEL_ID_PREFIX)) return undefined;
  const slug = s.slice(CODEX_MODEL_ID_PREFIX.length);
  return slug.length > 0 ? slug : undefined;
}

const CODEX_SLUG_SHAPE = /^(gpt-|codex-|o\d)/;

const EFFORT_ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/**
 * The supported level nearest to `wanted` (by position in none < minimal < low < medium < high < xhigh < max);
 * on a tie the lower one. Empty `levels` → `wanted` unchanged.
 */
export function clampEffort(wanted: ReasoningEffort, levels: readonly ReasoningEffort[]): ReasoningEffort {
  if (levels.length === 0 || levels.includes(wanted)) return wanted;
  const w = EFFORT_ORDER.indexOf(wanted);
  let best: ReasoningEffort = levels[0] as ReasoningEffort;
  let bestDist = Number.POSITIVE_INFINITY;
  let bestIdx = Number.POSITIVE_INFINITY;
  for (const l of levels) {
    const i = EFFORT_ORDER.indexOf(l);
    const d = Math.abs(i - w);
    if (d < bestDist || (d === bestDist && i < bestIdx)) {
      best = l;
      bestDist = d;
      bestIdx = i;
    }
  }
  return best;
}

const SMALL_RE = /(?:^|[^a-z])(luna|mini|nano|spark|lite)(?:$|[^a-z])/;

function isSmall(slug: string, family: ModelFamily): boolean {
  return family === 'haiku' || SMALL_RE.test(slug.toLowerCase());
}

/** The last alphabetic word of a slug: `gpt-6.1-sol` → `sol`, `gpt-5.5` → ''. */
function variantOf(slug: string): string {
  const m = /([a-z]+)$/.exec(slug.toLowerCase());
  const v = m?.[1] ?? '';
  return v === 'gpt' ? '' : v;
}

function findInCatalog(slug: string, catalog: readonly CatalogModel[]): CatalogModel | undefined {
  const s = slug.toLowerCase();
  return catalog.find((m) => m.slug.toLowerCase() === s);
}

/** Best replacement for a slug missing from `catalog` (rules a–d above). */
export function pickSubstitute(
  wanted: string,
  family: ModelFamily,
  catalog: readonly CatalogModel[],
): CatalogModel | undefined {
  if (catalog.length === 0) return undefined;
  const small = isSmall(wanted, family);
  const variant = variantOf(wanted);
  const ranked = catalog.map((m, i) => ({
    m,
    key: [
      isRetiredModel(m.slug) ? 1 : 0,
      m.visible ? 0 : 1,
      isSmall(m.slug, 'unknown') === small ? 0 : 1,
      variant !== '' && variantOf(m.slug) === variant ? 0 : 1,
      m.priority ?? Number.MAX_SAFE_INTEGER,
      i,
    ],
  }));
  ranked.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) {
      const d = (a.key[k] as number) - (b.key[k] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  return ranked[0]?.m;
}

function findAlias(clientModel: string, mapping: ModelMapping): FamilyRoute | undefined {
  const aliases = mapping.aliases;
  if (!aliases) return undefined;
  const exact = aliases[clientModel] ?? aliases[clientModel.trim()];
  if (exact) return exact;
  const norm = normalizeModelId(clientModel);
  for (const [k, v] of Object.entries(aliases)) if (normalizeModelId(k) === norm) return v;
  return undefined;
}

export function routeModel(clientModel: string, mapping: ModelMapping, catalog: CatalogModel[]): RouteDecision {
  const family = modelFamily(clientModel);
  let route: FamilyRoute | undefined = findAlias(clientModel, mapping);
  if (!route) {
    const advertised = codexSlugFromClientId(clientModel);
    const plain = stripTags(clientModel);
    if (advertised) route = { model: findInCatalog(advertised, catalog)?.slug ?? advertised };
    else if (findInCatalog(plain, catalog)) route = { model: (findInCatalog(plain, catalog) as CatalogModel).slug };
    else if (CODEX_SLUG_SHAPE.test(plain)) route = { model: plain };
  }
  route ??= mapping[family];

  const live = catalog.length > 0;
  let entry = live ? findInCatalog(route.model, catalog) : BUNDLED_CATALOG.find((m) => m.slug === route.model);
  let substituted: RouteDecision['substituted'];
  if (live && !entry) {
    entry = pickSubstitute(route.model, family, catalog);
    if (entry) {
      substituted = {
        wanted: route.model,
        reason: `${route.model} is ${isRetiredModel(route.model) ? 'retired and ' : ''}not in this account's Codex model catalog; using ${entry.slug}`,
      };
    }
  } else if (!live && isRetiredModel(route.model)) {
    entry = pickSubstitute(route.model, family, BUNDLED_CATALOG);
    if (entry) {
      substituted = {
        wanted: route.model,
        reason: `${route.model} is retired on ChatGPT accounts; using ${entry.slug}`,
      };
    }
  }

  const effortLevels = entry ? [...entry.efforts] : (['low', 'medium', 'high'] as ReasoningEffort[]);
  const wantedEffort = route.effort ?? entry?.defaultEffort ?? 'medium';
  const decision: RouteDecision = {
    family,
    codexModel: entry?.slug ?? route.model,
    effortLevels,
    defaultEffort: clampEffort(wantedEffort, effortLevels),
    contextWindow: entry?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
  };
  if (substituted) decision.substituted = substituted;
  if (entry) decision.catalogEntry = entry;
  return decision;
}
