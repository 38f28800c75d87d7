import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../proxy/src/codex/catalog.js';
import { buildModelsList, FAMILY_MODEL_IDS } from '../../../proxy/src/http/models-list.js';
import { defaultModelMapping, type ModelMapping } from '../../../proxy/src/routing/model-mapping.js';
import { routeModel } from '../../../proxy/src/routing/router.js';

function model(slug: string, over: Partial<CatalogModel> = {}): CatalogModel {
  return {
    slug,
    displayName: `Display ${slug}`,
    efforts: ['low', 'medium', 'high'],
    defaultEffort: 'medium',
    contextWindow: 272_000,
    visible: true,
    inputModalities: ['text'],
    supportsParallelToolCalls: true,
    ...over,
  };
}

const catalog: CatalogModel[] = [
  model('gpt-6.1-sol', { contextWindow: 272_000 }),
  model('gpt-6.1-terra', { contextWindow: 500_000 }),
  model('gpt-5.6-sol'),
  model('gpt-5.6-luna'),
  model('codex-auto-review', { visible: false }),
];

describe('buildModelsList', () => {
  it('lists claude-prefixed family ids and one id per visible catalog model', () => {
    const list = buildModelsList(defaultModelMapping, catalog);
    const ids = list.data.map((e) => e.id);
    expect(ids.slice(0, 3)).toEqual([FAMILY_MODEL_IDS.opus, FAMILY_MODEL_IDS.sonnet, FAMILY_MODEL_IDS.haiku]);
    expect(ids).toEqual([
      'claude-opus-5-5',
      'claude-sonnet-5-5',
      'claude-haiku-5-5',
      'claude-codex-gpt-6.1-sol',
      'claude-codex-gpt-6.1-terra',
      'claude-codex-gpt-5.6-sol',
      'claude-codex-gpt-5.6-luna',
    ]);
    // Claude Code keeps only ids matching /claude|anthropic/i.
    for (const id of ids) expect(id).toMatch(/claude|anthropic/i);
    expect(new Set(ids).size).toBe(ids.length);
    expect(list).toMatchObject({ has_more: false, object: 'list', first_id: 'claude-opus-5-5', last_id: 'claude-codex-gpt-5.6-luna' });
  });

  it('carries both the Anthropic and the OpenAI field sets', () => {
    for (const e of buildModelsList(defaultModelMapping, catalog).data) {
      expect(e.type).toBe('model');
      expect(e.object).toBe('model');
      expect(typeof e.display_name).toBe('string');
      expect(e.display_name.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(e.created_at))).toBe(false);
      expect(Number.isInteger(e.created)).toBe(true);
      expect(e.created).toBe(Math.floor(Date.parse(e.created_at) / 1000));
      expect(typeof e.owned_by).toBe('string');
    }
  });

  it('names the routed Codex model and its context window', () => {
    const data = buildModelsList(defaultModelMapping, catalog).data;
    const opus = data.find((e) => e.id === 'claude-opus-5-5');
    expect(opus?.display_name).toContain('Display gpt-6.1-sol');
    expect(opus?.max_input_tokens).toBe(272_000);
    expect(data.find((e) => e.id === 'claude-codex-gpt-6.1-terra')?.max_input_tokens).toBe(500_000);
  });

  it('round-trips: every advertised id routes to a catalog model without substitution', () => {
    for (const e of buildModelsList(defaultModelMapping, catalog).data) {
      const d = routeModel(e.id, defaultModelMapping, catalog);
      expect(d.substituted, e.id).toBeUndefined();
      expect(catalog.some((m) => m.slug === d.codexModel)).toBe(true);
    }
    expect(routeModel('claude-codex-gpt-6.1-terra', defaultModelMapping, catalog).codexModel).toBe('gpt-6.1-terra');
  });

  it('includes mapping aliases and de-duplicates', () => {
    const mapping: ModelMapping = {
      ...defaultModelMapping,
      aliases: { 'claude-custom-fast': { model: 'gpt-5.6-luna' }, 'claude-opus-5-5': { model: 'gpt-6.1-terra' } },
    };
    const data = buildModelsList(mapping, catalog).data;
    const ids = data.map((e) => e.id);
    expect(ids).toContain('claude-custom-fast');
    expect(ids.filter((id) => id === 'claude-opus-5-5')).toHaveLength(1);
    expect(data.find((e) => e.id === 'claude-opus-5-5')?.display_name).toContain('gpt-6.1-terra');
  });

  it('works without a catalog (family ids only)', () => {
    const list = buildModelsList(defaultModelMapping, null);
    expect(list.data.map((e) => e.id)).toEqual(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
    expect(list.first_id).toBe('claude-opus-5-5');
    expect(list.last_id).toBe('claude-haiku-5-5');
  });
});
