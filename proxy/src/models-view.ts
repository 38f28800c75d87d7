/**
 * The dashboard's Models view (DashboardApi.getModels): the configured mapping resolved against the active
 * account's live catalog (exactly as the router would resolve it), the catalog itself and the ids /v1/models
 * advertises. Pure; ProxyCore supplies the mapping and the catalog.
 */
import type { CatalogModel } from './codex/catalog.js';
import type { CatalogModelView, ModelRouteView, ModelsView } from './contract.js';
import { buildModelsList, FAMILY_MODEL_IDS } from './http/models-list.js';
import type { FamilyRoute, ModelMapping } from './routing/model-mapping.js';
import { routeModel } from './routing/router.js';

/** A client id of no family that is not shaped like a Codex slug: routes through `mapping.unknown`. */
const UNKNOWN_PROBE = 'unmapped-client-model';

function row(name: string, kind: ModelRouteView['kind'], clientModel: string, probe: string, route: FamilyRoute, mapping: ModelMapping, catalog: CatalogModel[]): ModelRouteView {
  const d = routeModel(probe, mapping, catalog);
  return {
    name,
    kind,
    clientModel,
    configuredModel: route.model,
    configuredEffort: route.effort ?? null,
    codexModel: d.codexModel,
    defaultEffort: d.defaultEffort,
    contextWindow: d.contextWindow,
    substituted: d.substituted ?? null,
  };
}

function catalogView(m: CatalogModel): CatalogModelView {
  return { slug: m.slug, displayName: m.displayName, contextWindow: m.contextWindow, efforts: [...m.efforts], defaultEffort: m.defaultEffort, visible: m.visible };
}

export function buildModelsView(mapping: ModelMapping, catalog: CatalogModel[] | null): ModelsView {
  const models = catalog ?? [];
  const rows: ModelRouteView[] = [];
  for (const fam of ['opus', 'sonnet', 'haiku'] as const) {
    rows.push(row(fam, 'family', FAMILY_MODEL_IDS[fam], FAMILY_MODEL_IDS[fam], mapping[fam], mapping, models));
  }
  rows.push(row('unknown', 'family', '*', UNKNOWN_PROBE, mapping.unknown, mapping, models));
  for (const [id, route] of Object.entries(mapping.aliases ?? {})) rows.push(row(id, 'alias', id, id, route, mapping, models));
  return {
    mapping: rows,
    catalog: catalog ? catalog.map(catalogView) : null,
    advertised: buildModelsList(mapping, catalog).data.map((e) => e.id),
  };
}
