import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../proxy/src/codex/catalog.js';
import { defaultModelMapping, type ModelMapping } from '../../../proxy/src/routing/model-mapping.js';
import {
  advertisedCodexModelId,
  clampEffort,
  codexSlugFromClientId,
  routeModel,
} from '../../../proxy/src/routing/router.js';

function model(slug: string, over: Partial<CatalogModel> = {}): CatalogModel {
  return {
    slug,
    displayName: slug.toUpperCase(),
    efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
    defaultEffort: 'medium',
    contextWindow: 272_000,
    visible: true,
    inputModalities: ['text', 'image'],
    supportsParallelToolCalls: true,
    ...over,
  };
}

const fullCatalog: CatalogModel[] = [
  model('gpt-6.1-sol', { priority: 1, defaultEffort: 'low' }),
  model('gpt-6-astra', { priority: 2, contextWindow: 272_000, maxContextWindow: 872_000 }),
  model('gpt-5.6-sol', { priority: 3 }),
  model('gpt-5.6-luna', { priority: 4 }),
  model('gpt-5.5', { priority: 5, efforts: ['low', 'medium', 'high', 'xhigh'] }),
  model('codex-auto-review', { priority: 9, visible: false }),
];

describe('routeModel: family mapping', () => {
  it('routes each family to its mapped model with the mapped effort', () => {
    const opus = routeModel('claude-opus-5-5', defaultModelMapping, fullCatalog);
    expect(opus).toMatchObject({ family: 'opus', codexModel: 'gpt-6.1-sol', defaultEffort: 'high', contextWindow: 272_000 });
    expect(opus.substituted).toBeUndefined();
    expect(routeModel('claude-sonnet-4-5-20250929', defaultModelMapping, fullCatalog)).toMatchObject({
      family: 'sonnet',
      codexModel: 'gpt-5.6-sol',
      defaultEffort: 'medium',
    });
    expect(routeModel('claude-haiku-5-5[1m]', defaultModelMapping, fullCatalog)).toMatchObject({
      family: 'haiku',
      codexModel: 'gpt-5.6-luna',
      defaultEffort: 'low',
    });
    expect(routeModel('my-local-model', defaultModelMapping, fullCatalog)).toMatchObject({
      family: 'unknown',
      codexModel: 'gpt-5.6-sol',
    });
  });

  it('takes effort levels from the catalog and clamps the mapped effort to them', () => {
    const mapping: ModelMapping = { ...defaultModelMapping, opus: { model: 'gpt-5.5', effort: 'max' } };
    const d = routeModel('claude-opus-5-5', mapping, fullCatalog);
    expect(d.codexModel).toBe('gpt-5.5');
    expect(d.effortLevels).toEqual(['low', 'medium', 'high', 'xhigh']);
    expect(d.defaultEffort).toBe('xhigh');
  });

  it("uses the catalog's default effort when the route has none", () => {
    const mapping: ModelMapping = { ...defaultModelMapping, opus: { model: 'gpt-6.1-sol' } };
    expect(routeModel('opus', mapping, fullCatalog).defaultEffort).toBe('low');
  });

  it('applies aliases before the family rule (exact id, then normalised id)', () => {
    const mapping: ModelMapping = {
      ...defaultModelMapping,
      aliases: { 'claude-opus-5-5': { model: 'gpt-6-astra', effort: 'max' }, 'my-local-model': { model: 'gpt-5.5' } },
    };
    expect(routeModel('claude-opus-5-5', mapping, fullCatalog)).toMatchObject({
      family: 'opus',
      codexModel: 'gpt-6-astra',
      defaultEffort: 'max',
    });
    expect(routeModel('claude-opus-5-5[1m]', mapping, fullCatalog).codexModel).toBe('gpt-6-astra');
    expect(routeModel('my-local-model', mapping, fullCatalog).codexModel).toBe('gpt-5.5');
    expect(routeModel('claude-opus-4-1-20250805', mapping, fullCatalog).codexModel).toBe('gpt-6.1-sol');
  });
});

describe('routeModel: direct Codex ids', () => {
  it('honours a catalog slug passed directly', () => {
    const d = routeModel('gpt-5.6-sol', defaultModelMapping, fullCatalog);
    expect(d).toMatchObject({ codexModel: 'gpt-5.6-sol', family: 'unknown' });
    expect(d.substituted).toBeUndefined();
    expect(routeModel('GPT-5.5', defaultModelMapping, fullCatalog).codexModel).toBe('gpt-5.5');
  });

  it('understands the claude-codex-<slug> ids it advertises', () => {
    expect(advertisedCodexModelId('gpt-6-astra')).toBe('claude-codex-gpt-6-astra');
    expect(codexSlugFromClientId('claude-codex-gpt-6-astra[1m]')).toBe('gpt-6-astra');
    expect(codexSlugFromClientId('claude-opus-5-5')).toBeUndefined();
    const d = routeModel(advertisedCodexModelId('gpt-6-astra'), defaultModelMapping, fullCatalog);
    expect(d.codexModel).toBe('gpt-6-astra');
    expect(d.substituted).toBeUndefined();
    expect(d.defaultEffort).toBe('medium');
  });

  it('allows a hidden catalog model when addressed explicitly', () => {
    expect(routeModel('codex-auto-review', defaultModelMapping, fullCatalog).codexModel).toBe('codex-auto-review');
  });

  it('substitutes a retired slug passed directly', () => {
    const d = routeModel('gpt-5.3-codex', defaultModelMapping, fullCatalog);
    expect(d.codexModel).not.toBe('gpt-5.3-codex');
    expect(d.substituted?.wanted).toBe('gpt-5.3-codex');
    expect(d.substituted?.reason).toMatch(/retired/);
  });
});

describe('routeModel: substitution', () => {
  it('substitutes when the mapped model is missing from the catalog (same variant first)', () => {
    const catalog = fullCatalog.filter((m) => m.slug !== 'gpt-6.1-sol');
    const d = routeModel('claude-opus-5-5', defaultModelMapping, catalog);
    expect(d.codexModel).toBe('gpt-5.6-sol'); // same "sol" variant, large class
    expect(d.substituted).toEqual({ wanted: 'gpt-6.1-sol', reason: expect.stringContaining('gpt-6.1-sol') });
    expect(d.defaultEffort).toBe('high');
  });

  it('prefers a small model for haiku and the highest-priority large one for others', () => {
    const free: CatalogModel[] = [
      model('gpt-5.5', { priority: 0, efforts: ['low', 'medium', 'high', 'xhigh'] }),
      model('gpt-5.4-mini', { priority: 1, efforts: ['low', 'medium', 'high'] }),
    ];
    const haiku = routeModel('claude-haiku-5-5', defaultModelMapping, free);
    expect(haiku.codexModel).toBe('gpt-5.4-mini');
    expect(haiku.substituted?.wanted).toBe('gpt-5.6-luna');
    expect(haiku.defaultEffort).toBe('low');
    const opus = routeModel('claude-opus-5-5', defaultModelMapping, free);
    expect(opus.codexModel).toBe('gpt-5.5');
    expect(opus.defaultEffort).toBe('high');
    expect(opus.effortLevels).toEqual(['low', 'medium', 'high', 'xhigh']);
  });

  it('uses catalog priority, never a hidden or retired model while a visible one exists', () => {
    const catalog: CatalogModel[] = [
      model('gpt-5.2', { priority: 0 }),
      model('gpt-daybreak-blue-latest', { priority: 1, visible: false }),
      model('gpt-6-terra', { priority: 7 }),
      model('gpt-6-sol', { priority: 3 }),
    ];
    const mapping: ModelMapping = { ...defaultModelMapping, sonnet: { model: 'gpt-9-nova' } };
    const d = routeModel('claude-sonnet-5-5', mapping, catalog);
    expect(d.codexModel).toBe('gpt-6-sol');
    expect(d.substituted?.wanted).toBe('gpt-9-nova');
  });

  it('falls back to the mapped slug when no catalog is available', () => {
    const d = routeModel('claude-opus-5-5', defaultModelMapping, []);
    expect(d.codexModel).toBe('gpt-6.1-sol');
    expect(d.substituted).toBeUndefined();
    expect(d.effortLevels).toContain('high');
    const custom = routeModel('claude-opus-5-5', { ...defaultModelMapping, opus: { model: 'gpt-7' } }, []);
    expect(custom.codexModel).toBe('gpt-7');
    expect(custom.effortLevels).toEqual(['low', 'medium', 'high']);
  });

  it('still replaces a known-retired mapped slug without a catalog', () => {
    const mapping: ModelMapping = { ...defaultModelMapping, sonnet: { model: 'gpt-5.2', effort: 'high' } };
    const d = routeModel('claude-sonnet-5-5', mapping, []);
    expect(d.codexModel).not.toBe('gpt-5.2');
    expect(d.substituted?.wanted).toBe('gpt-5.2');
  });
});

describe('clampEffort', () => {
  it('keeps a supported effort and picks the nearest otherwise (ties go lower)', () => {
    expect(clampEffort('high', ['low', 'medium', 'high'])).toBe('high');
    expect(clampEffort('max', ['low', 'medium', 'high', 'xhigh'])).toBe('xhigh');
    expect(clampEffort('minimal', ['low', 'medium', 'high'])).toBe('low');
    expect(clampEffort('none', ['medium', 'high'])).toBe('medium');
    expect(clampEffort('medium', ['low', 'high'])).toBe('low');
    expect(clampEffort('xhigh', [])).toBe('xhigh');
  });
});
