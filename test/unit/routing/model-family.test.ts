import { describe, expect, it } from 'vitest';
import { modelFamily, normalizeModelId, type ModelFamily } from '../../../proxy/src/routing/model-family.js';

describe('modelFamily', () => {
  const table: [string, ModelFamily][] = [
    ['claude-opus-5-5', 'opus'],
    ['claude-sonnet-5-5', 'sonnet'],
    ['claude-haiku-5-5', 'haiku'],
    ['claude-haiku-5-5[1m]', 'haiku'],
    ['claude-opus-5-5[1M]', 'opus'],
    ['claude-sonnet-4-5-20250929', 'sonnet'],
    ['claude-opus-4-1-20250805', 'opus'],
    ['claude-3-5-haiku-latest', 'haiku'],
    ['claude-3-opus-20240229', 'opus'],
    ['claude-3-5-sonnet-20241022', 'sonnet'],
    ['opus', 'opus'],
    ['sonnet', 'sonnet'],
    ['haiku', 'haiku'],
    ['opusplan', 'opus'],
    ['OPUS', 'opus'],
    ['Claude-Sonnet-4-6', 'sonnet'],
    ['anthropic/claude-opus-4', 'opus'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'sonnet'],
    ['claude-opus-4@20250514', 'opus'],
    ['  claude-haiku-4-5  ', 'haiku'],
    ['my-local-model', 'unknown'],
    ['claude-fable-5-2', 'unknown'],
    ['gpt-5.6-sol', 'unknown'],
    ['claude-codex-gpt-6.1-sol', 'unknown'],
    ['', 'unknown'],
  ];
  it.each(table)('%s → %s', (id, fam) => {
    expect(modelFamily(id)).toBe(fam);
  });
});

describe('normalizeModelId', () => {
  it('strips [1m], dates and bedrock version suffixes', () => {
    expect(normalizeModelId('claude-sonnet-4-5-20250929[1m]')).toBe('claude-sonnet-4-5');
    expect(normalizeModelId('Claude-Opus-4@20250514')).toBe('claude-opus-4');
    expect(normalizeModelId('anthropic.claude-3-haiku-20240307-v1:0')).toBe('anthropic.claude-3-haiku');
    expect(normalizeModelId('gpt-5.6-sol')).toBe('gpt-5.6-sol');
  });
});
