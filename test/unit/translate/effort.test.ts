import { describe, expect, it } from 'vitest';
import type { ReasoningEffort } from '../../../proxy/src/codex/types.js';
import {
  clampEffort,
  effortFromBudget,
  effortFromOutputConfig,
  resolveReasoningEffort,
} from '../../../proxy/src/translate/effort.js';

const SOL: ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const GPT55: ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh'];
const OLD: ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];
const WITH_NONE: ReasoningEffort[] = ['none', 'low', 'medium', 'high', 'xhigh'];

describe('clampEffort', () => {
  it('keeps a supported level', () => {
    for (const level of SOL) expect(clampEffort(level, SOL)).toBe(level);
  });
  it('goes down to the maximum when the wanted level is above it', () => {
    expect(clampEffort('max', GPT55)).toBe('xhigh');
    expect(clampEffort('xhigh', OLD)).toBe('high');
    expect(clampEffort('max', OLD)).toBe('high');
  });
  it('goes up to the minimum when the wanted level is below it', () => {
    expect(clampEffort('none', SOL)).toBe('low');
    expect(clampEffort('minimal', SOL)).toBe('low');
    expect(clampEffort('none', OLD)).toBe('minimal');
  });
  it('picks the nearest level inside a gap, ties going up', () => {
    expect(clampEffort('minimal', WITH_NONE)).toBe('low');
    expect(clampEffort('medium', ['low', 'xhigh'])).toBe('low');
    expect(clampEffort('high', ['low', 'xhigh'])).toBe('xhigh');
  });
  it('accepts unsorted level lists and returns the wanted level when none are known', () => {
    expect(clampEffort('max', ['high', 'low', 'medium'])).toBe('high');
    expect(clampEffort('high', [])).toBe('high');
  });
  it('never returns ultra even if a catalog lists it', () => {
    const withUltra = [...SOL, 'ultra'] as unknown as ReasoningEffort[]; // catalogs may carry 'ultra'
    expect(clampEffort('max', withUltra)).toBe('max');
    expect(resolveReasoningEffort({ output_config: { effort: 'ultra' } }, withUltra, 'low')).toBe('max');
  });
});

describe('effortFromOutputConfig', () => {
  it('passes the Claude levels through and maps ultra to max', () => {
    for (const level of ['low', 'medium', 'high', 'xhigh', 'max'] as const) expect(effortFromOutputConfig(level)).toBe(level);
    expect(effortFromOutputConfig('ultra')).toBe('max');
    expect(effortFromOutputConfig('HIGH')).toBe('high');
  });
  it('ignores unknown or absent values', () => {
    expect(effortFromOutputConfig(undefined)).toBeUndefined();
    expect(effortFromOutputConfig('turbo')).toBeUndefined();
  });
});

describe('effortFromBudget', () => {
  it('maps the budget buckets', () => {
    expect(effortFromBudget(1, SOL)).toBe('low');
    expect(effortFromBudget(4096, SOL)).toBe('low');
    expect(effortFromBudget(4097, SOL)).toBe('medium');
    expect(effortFromBudget(16384, SOL)).toBe('medium');
    expect(effortFromBudget(16385, SOL)).toBe('high');
    expect(effortFromBudget(31999, SOL)).toBe('high');
    expect(effortFromBudget(32768, SOL)).toBe('high');
    expect(effortFromBudget(32769, SOL)).toBe('xhigh');
  });
  it('maps a zero budget to the lowest no-reasoning level the model has', () => {
    expect(effortFromBudget(0, WITH_NONE)).toBe('none');
    expect(effortFromBudget(0, OLD)).toBe('minimal');
    expect(effortFromBudget(0, SOL)).toBe('low');
  });
});

describe('resolveReasoningEffort', () => {
  it('prefers output_config.effort over the thinking budget', () => {
    expect(
      resolveReasoningEffort({ output_config: { effort: 'xhigh' }, thinking: { type: 'enabled', budget_tokens: 1000 } }, SOL, 'low'),
    ).toBe('xhigh');
  });
  it('uses the budget when there is no explicit effort', () => {
    expect(resolveReasoningEffort({ thinking: { type: 'enabled', budget_tokens: 31999 } }, SOL, 'low')).toBe('high');
    expect(resolveReasoningEffort({ thinking: { type: 'enabled', budget_tokens: 4096 } }, SOL, 'high')).toBe('low');
    expect(resolveReasoningEffort({ thinking: { type: 'enabled', budget_tokens: 100_000 } }, OLD, 'low')).toBe('high');
  });
  it('falls back for adaptive, disabled, absent thinking and unknown effort values', () => {
    expect(resolveReasoningEffort({ thinking: { type: 'adaptive' } }, SOL, 'medium')).toBe('medium');
    expect(resolveReasoningEffort({ thinking: { type: 'disabled' } }, SOL, 'high')).toBe('high');
    expect(resolveReasoningEffort({}, SOL, 'low')).toBe('low');
    expect(resolveReasoningEffort({ output_config: { effort: 'bogus' } }, SOL, 'medium')).toBe('medium');
    expect(resolveReasoningEffort({ thinking: { type: 'enabled' } }, SOL, 'medium')).toBe('medium');
  });
  it('clamps every source to the model levels', () => {
    expect(resolveReasoningEffort({ output_config: { effort: 'max' } }, GPT55, 'low')).toBe('xhigh');
    expect(resolveReasoningEffort({}, GPT55, 'max')).toBe('xhigh');
    expect(resolveReasoningEffort({ thinking: { type: 'enabled', budget_tokens: 0 } }, SOL, 'high')).toBe('low');
  });
});
