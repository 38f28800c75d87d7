import { describe, expect, it } from 'vitest';
import {
  RETIRED_MODELS,
  defaultModelMapping,
  isRetiredModel,
  modelMappingSchema,
  retiredModelsIn,
} from '../../../proxy/src/routing/model-mapping.js';
import { BUNDLED_CATALOG } from '../../../proxy/src/codex/catalog.js';

describe('defaultModelMapping', () => {
  it('names no retired model', () => {
    expect(retiredModelsIn(defaultModelMapping)).toEqual([]);
    for (const r of [defaultModelMapping.opus, defaultModelMapping.sonnet, defaultModelMapping.haiku, defaultModelMapping.unknown]) {
      expect(RETIRED_MODELS.has(r.model)).toBe(false);
      expect(isRetiredModel(r.model)).toBe(false);
    }
  });

  it('uses only models of the Codex 0.169 catalog, with efforts those models support', () => {
    for (const r of [defaultModelMapping.opus, defaultModelMapping.sonnet, defaultModelMapping.haiku, defaultModelMapping.unknown]) {
      const m = BUNDLED_CATALOG.find((x) => x.slug === r.model);
      expect(m, r.model).toBeDefined();
      if (r.effort) expect(m?.efforts).toContain(r.effort);
    }
  });

  it('follows the suggested family mapping', () => {
    expect(defaultModelMapping.opus.model).toBe('gpt-6.1-sol');
    expect(defaultModelMapping.sonnet).toEqual({ model: 'gpt-5.6-sol', effort: 'medium' });
    expect(defaultModelMapping.haiku).toEqual({ model: 'gpt-5.6-luna', effort: 'low' });
    expect(defaultModelMapping.unknown).toEqual(defaultModelMapping.sonnet);
  });
});

describe('RETIRED_MODELS / isRetiredModel', () => {
  it('knows the retired slugs', () => {
    for (const s of ['gpt-5.2', 'gpt-5.3-codex', 'gpt-5.1', 'gpt-5', 'codex-mini-latest', 'gpt-5.2-codex', 'gpt-5-codex']) {
      expect(isRetiredModel(s), s).toBe(true);
    }
    expect(isRetiredModel('gpt-5.1-codex-max')).toBe(true);
    expect(isRetiredModel('GPT-5.2')).toBe(true);
    expect(isRetiredModel('gpt-5.6-sol')).toBe(false);
    expect(isRetiredModel('gpt-5.5')).toBe(false);
  });
});

describe('modelMappingSchema', () => {
  it('fills missing families with the defaults', () => {
    const m = modelMappingSchema.parse({});
    expect(m).toEqual({
      opus: defaultModelMapping.opus,
      sonnet: defaultModelMapping.sonnet,
      haiku: defaultModelMapping.haiku,
      unknown: defaultModelMapping.unknown,
    });
    expect(m.opus).not.toBe(defaultModelMapping.opus);
  });

  it('accepts a partial table with aliases, clamps ultra to max, trims slugs', () => {
    const m = modelMappingSchema.parse({
      opus: { model: ' gpt-6-astra ', effort: 'ultra' },
      aliases: { 'my-local-model': { model: 'gpt-5.6-terra' } },
      somethingElse: true,
    });
    expect(m.opus).toEqual({ model: 'gpt-6-astra', effort: 'max' });
    expect(m.sonnet).toEqual(defaultModelMapping.sonnet);
    expect(m.aliases).toEqual({ 'my-local-model': { model: 'gpt-5.6-terra' } });
  });

  it('rejects bad values', () => {
    expect(modelMappingSchema.safeParse({ opus: { model: '' } }).success).toBe(false);
    expect(modelMappingSchema.safeParse({ opus: { model: 'gpt-6.1-sol', effort: 'extreme' } }).success).toBe(false);
    expect(modelMappingSchema.safeParse({ haiku: 'gpt-5.6-luna' }).success).toBe(false);
    expect(modelMappingSchema.safeParse(null).success).toBe(false);
  });

  it('round-trips the defaults', () => {
    expect(modelMappingSchema.parse(JSON.parse(JSON.stringify(defaultModelMapping)))).toEqual(defaultModelMapping);
  });
});
